/**
 * How a refused action leaves a workflow: an ApplicationFailure whose type names the refusal's code
 * and whose details carry the structured refusal ({ code, field, messageKey, params }), so the API
 * maps it without reading the message. Shared by the petition and the campaign workflows, as is the
 * registration of an action's update with its validator.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { RefusalDetails } from '../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from './petition/petition.contract';
import { RefusalError } from './refusal-error';

/** Rethrows a refusal (a RefusalError) as the failure the API reads; anything else is rethrown as it is. */
export function throwAsRefusalFailure(error: unknown): never {
  if (error instanceof RefusalError) {
    const details: RefusalDetails = {
      code: error.code,
      field: error.field,
      messageKey: error.messageKey,
      params: error.params,
    };
    throw ApplicationFailure.create({
      type: REJECTION_FAILURE_TYPE_PREFIX + error.code,
      message: error.message,
      nonRetryable: true,
      details: [details],
    });
  }
  throw error;
}

/** Runs a rule; what it refuses leaves as the failure the API reads. */
export function underRefusal<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    return throwAsRefusalFailure(error);
  }
}

/**
 * Registers one action's update: `validate` runs first, in the validator, so a request it refuses
 * is never written to the history; `handler` then applies the accepted one.
 */
export function setActionUpdate<Ret, Request>(
  update: UpdateDefinition<Ret, [Request]>,
  handler: (request: Request) => Promise<Ret>,
  validate: (request: Request) => void,
): void {
  setHandler<Ret, [Request], UpdateDefinition<Ret, [Request]>>(update, handler, {
    validator: (request: Request) => underRefusal(() => validate(request)),
  });
}
