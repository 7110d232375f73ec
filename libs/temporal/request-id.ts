/**
 * The id of the HTTP request that caused a staff action travels with it into Temporal: the API's
 * client adds it as a header of the update, the workflow copies the header of the last update
 * onto the activities it schedules (workflows/request-id.interceptors.ts), and the worker puts it
 * on the activities' log lines. An operator can follow one request from the API's log to the
 * workflow's history (the update's header) to the activity's log. Only an opaque id travels.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { decodePayloads, encodePayloads, type PetitionDataConverter } from './data-converter';

export const REQUEST_ID_HEADER = 'request-id';
/** Ids a client may send in X-Request-Id; anything else is replaced by a fresh one. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

export const requestContext = new AsyncLocalStorage<{
  requestId: string;
  /** The API's per-request timing (apps/api/src/observability/server-timing.ts), when it is on. */
  timing?: { temporalMs: number };
}>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/**
 * Adds the current request's id to every update and start the API sends, sealed by the payload
 * codec like every other payload in the history (headers do not pass through the codec by themselves).
 */
export function requestIdClientInterceptor(converter: PetitionDataConverter): WorkflowClientInterceptor {
  const header = async (workflowId: string): Promise<Record<string, import('@temporalio/common').Payload>> => {
    const id = currentRequestId();
    if (!id) return {};
    const [sealed] = await encodePayloads(converter, [defaultPayloadConverter.toPayload(id)], {
      type: 'workflow',
      namespace: '',
      workflowId,
    });
    return { [REQUEST_ID_HEADER]: sealed };
  };
  return {
    async startUpdate(input, next) {
      return next({ ...input, headers: { ...input.headers, ...(await header(input.workflowExecution.workflowId)) } });
    },
    async start(input, next) {
      return next({ ...input, headers: { ...input.headers, ...(await header(input.options.workflowId)) } });
    },
  };
}

/** The request id a header carries, or undefined (an unreadable one included). */
export async function requestIdFromHeader(
  converter: PetitionDataConverter,
  payload: import('@temporalio/common').Payload | undefined,
): Promise<string | undefined> {
  if (!payload) return undefined;
  try {
    const [plain] = await decodePayloads(converter, [payload]);
    return defaultPayloadConverter.fromPayload<string>(plain);
  } catch {
    return undefined;
  }
}

/** On the worker: the id from the activity's header on each of its log lines. */
export const requestIdActivityInterceptor =
  (converter: PetitionDataConverter): ActivityInterceptorsFactory =>
  () => {
    let requestId: string | undefined;
    return {
      inbound: {
        async execute(input, next) {
          // An unreadable header never fails the activity.
          requestId = await requestIdFromHeader(converter, input.headers[REQUEST_ID_HEADER]);
          return next(input);
        },
      },
      outbound: {
        getLogAttributes(attributes, next) {
          return next(requestId ? { ...attributes, requestId } : attributes);
        },
      },
    };
  };
