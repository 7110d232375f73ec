/** The worker side of the request id: an activity's log lines carry the id from its header. */
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

type ActivityContext = Parameters<ActivityInterceptorsFactory>[0];
import { REQUEST_ID_HEADER, requestIdActivityInterceptor } from '../../libs/temporal/request-id';

describe('request id on activity log lines', () => {
  it('adds the header\'s request id to every log attribute set of the activity, and nothing without one', async () => {
    const withId = requestIdActivityInterceptor({} as ActivityContext);
    await withId.inbound!.execute!({ args: [], headers: { [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload('req-42') } }, async () => 'done');
    expect(withId.outbound!.getLogAttributes!({ activityType: 'projectPetition' }, (a) => a)).toEqual({ activityType: 'projectPetition', requestId: 'req-42' });

    const without = requestIdActivityInterceptor({} as ActivityContext);
    await without.inbound!.execute!({ args: [], headers: {} }, async () => 'done');
    expect(without.outbound!.getLogAttributes!({ activityType: 'projectPetition' }, (a) => a)).toEqual({ activityType: 'projectPetition' });
  });
});
