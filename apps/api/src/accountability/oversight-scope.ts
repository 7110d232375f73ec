import { notAccusedUnit } from '@/libs/persistence/accused-unit';
import type { AuthenticatedUser } from '../auth/authenticated-user';

/** Roles that oversee the units at and below their own (DOMAIN §1, §8). */
export const OVERSEEING_ROLES = ['supervisor', 'auditor', 'admin'] as const;

/** Positional parameters and AND-ed conditions of one query, so optional filters stay parameterised. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  and(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  where(): string {
    return this.conditions.length > 0 ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/**
 * 属地管理、分级负责: only rows of units at or below the caller's region. The region path is a
 * prefix test on whole segments ('p.c' covers 'p.c.x', never 'p.cx'). Rows of a case whose accused
 * unit is the caller's are left out as if they did not exist (DOMAIN §6): a ledger, escalation or
 * task row would otherwise tell the accused that the accusation exists.
 */
export function withinOversight(
  filter: SqlFilter,
  user: AuthenticatedUser,
  regionPathColumn: string,
  petitionIdColumn: string,
): SqlFilter {
  const path = filter.bind(user.regionPath);
  filter.and(`(${regionPathColumn} = ${path}::text OR starts_with(${regionPathColumn}, ${path}::text || '.'))`);
  filter.and(notAccusedUnit(petitionIdColumn, `${filter.bind(user.unitId)}::text`));
  return filter;
}
