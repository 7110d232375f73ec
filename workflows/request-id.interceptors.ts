/**
 * Carries the request id header of the update (or start) that last changed the case onto the
 * activities the workflow schedules next, so the activity's log names the HTTP request behind it
 * (libs/temporal/request-id.ts). Headers are not commands: histories replay unchanged.
 */
import type { Payload } from '@temporalio/common';
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

const HEADER = 'request-id';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let last: Payload | undefined;
  return {
    inbound: [
      {
        async execute(input, next) {
          last = input.headers[HEADER] ?? last;
          return next(input);
        },
        async handleUpdate(input, next) {
          last = input.headers[HEADER] ?? last;
          return next(input);
        },
      },
    ],
    outbound: [
      {
        async scheduleActivity(input, next) {
          return next(last ? { ...input, headers: { ...input.headers, [HEADER]: last } } : input);
        },
        async scheduleLocalActivity(input, next) {
          return next(last ? { ...input, headers: { ...input.headers, [HEADER]: last } } : input);
        },
      },
    ],
  };
};
