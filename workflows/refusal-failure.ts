/**
 * How a refused action leaves a workflow: an ApplicationFailure whose type names the refusal's code
 * and whose details carry the structured refusal ({ code, field, messageKey, params }), so the API
 * maps it without reading the message. Shared by the petition and the campaign workflows.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { RefusalDetails } from '../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from './petition/petition.contract';

/** What both workflows' refusal errors carry. */
export interface Refusal extends RefusalDetails {
  readonly message: string;
}

/** Rethrows a refusal as the failure the API reads; anything else is rethrown as it is. */
export function throwAsRefusalFailure(error: unknown, isRefusal: (error: unknown) => error is Refusal): never {
  if (isRefusal(error)) {
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
