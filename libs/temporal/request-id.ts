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

export const REQUEST_ID_HEADER = 'request-id';
/** Ids a client may send in X-Request-Id; anything else is replaced by a fresh one. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** Adds the current request's id to every update (and update-with-start) the API sends. */
export const requestIdClientInterceptor: WorkflowClientInterceptor = {
  async startUpdate(input, next) {
    const id = currentRequestId();
    return next(id ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } } : input);
  },
  async start(input, next) {
    const id = currentRequestId();
    return next(id ? { ...input, headers: { ...input.headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(id) } } : input);
  },
};

/** On the worker: the id from the activity's header on each of its log lines. */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      async execute(input, next) {
        const header = input.headers[REQUEST_ID_HEADER];
        try {
          requestId = header ? defaultPayloadConverter.fromPayload<string>(header) : undefined;
        } catch {
          requestId = undefined; // an unreadable header never fails the activity
        }
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
