/** Argument checks shared by the actions, and the shape of each action's check and apply step. */
import type { ActionName } from '../../libs/process/policy';
import { isValidDate } from '../../libs/process/calendar';
import type { ActionArgs, Actor, RefusalMessageKey, RefusalParams, UnitRef } from '../../libs/process';
import { ActionRejected, type PetitionState } from './state';
import type { Transition } from './transition';

/** Checks an action's arguments against the case, without I/O (the role, unit and step are checked before). */
export type ArgumentCheck<A extends ActionName> = (
  state: PetitionState,
  args: ActionArgs[A],
  now: number,
  actor: Actor,
) => void;
export type ArgumentChecks<K extends ActionName> = { [A in K]: ArgumentCheck<A> };

/** Applies a validated action; `units` holds the lookups of unitsNeeded(). */
export type Apply<A extends ActionName> = (
  ctx: Transition,
  args: ActionArgs[A],
  units: Record<string, UnitRef | null>,
) => void;
export type Appliers<K extends ActionName> = { [A in K]: Apply<A> };

/** A refused argument: the field at fault (null when the case's state refuses it), the rule's key and what it needs. */
export function bad(
  message: string,
  field: string | null,
  messageKey: RefusalMessageKey,
  params: RefusalParams = {},
): never {
  throw new ActionRejected('badArgument', message, null, field, messageKey, params);
}
export function requireText(value: unknown, name: string, max = 2000): void {
  if (typeof value !== 'string' || value.trim().length === 0)
    bad(`${name} is required`, `args.${name}`, 'args.required', { field: name });
  if ((value as string).length > max)
    bad(`${name} is longer than ${max} characters`, `args.${name}`, 'args.tooLong', { field: name, max });
}
/** One of a closed list of values (an outcome, a decision, a rating); the refusal lists them. */
export function requireOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
): asserts value is T {
  if (!allowed.includes(value as T))
    bad(`${name} must be one of ${allowed.join(', ')}`, `args.${name}`, 'args.notOneOf', {
      field: name,
      allowed: [...allowed],
    });
}
export function requireInstant(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    bad(`${name} must be an instant (epoch milliseconds)`, `args.${name}`, 'args.notInstant', { field: name });
}
/** A whole number of days within the statute's or the policy's range (a report-back, a 包案 resolution period). */
export function requireDays(value: unknown, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    bad(`${name} must be a whole number of days from ${min} to ${max}`, `args.${name}`, 'args.daysOutOfRange', {
      field: name,
      min,
      max,
    });
}
export function requireDate(value: unknown, name: string): asserts value is string {
  if (!isValidDate(value)) bad(`${name} must be a date YYYY-MM-DD`, `args.${name}`, 'args.notDate', { field: name });
}
/**
 * The refusal names the field, never the id the client typed (a message travels into logs and histories).
 * A unit the case's own tree should have (a parent) is about the case, not an argument: field null.
 */
export function knownUnit(units: Record<string, UnitRef | null>, id: string, field: string | null = 'unitId'): UnitRef {
  const unit = units[id];
  if (!unit) {
    // The message is unchanged from before the key existed: it is recorded with a failed update.
    if (field === null) bad('unitId: the unit does not exist', null, 'case.unitAboveMissing');
    bad(`${field}: the unit does not exist`, `args.${field}`, 'args.unknownUnit', { field });
  }
  return unit;
}
