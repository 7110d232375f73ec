/** The worker side of the request id: an activity's log lines carry the id from its header. */
import { defaultPayloadConverter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

type ActivityContext = Parameters<ActivityInterceptorsFactory>[0];
import { petitionDataConverter, encodePayloads } from '../../libs/temporal/data-converter';
import { parsePayloadKeys } from '../../libs/temporal/payload-codec';
import { REQUEST_ID_HEADER, requestIdActivityInterceptor } from '../../libs/temporal/request-id';

const converter = petitionDataConverter(parsePayloadKeys(`k1=${Buffer.alloc(32, 9).toString('base64')}`));

describe('request id on activity log lines', () => {
  it("adds the header's request id to every log attribute set of the activity, and nothing without one", async () => {
    const withId = requestIdActivityInterceptor(converter)({} as ActivityContext);
    const [sealed] = await encodePayloads(converter, [defaultPayloadConverter.toPayload('req-42')]);
    expect(sealed.metadata?.encoding?.toString()).toBe('binary/encrypted');
    await withId.inbound!.execute!({ args: [], headers: { [REQUEST_ID_HEADER]: sealed } }, async () => 'done');
    expect(withId.outbound!.getLogAttributes!({ activityType: 'projectPetition' }, (a) => a)).toEqual({
      activityType: 'projectPetition',
      requestId: 'req-42',
    });

    const without = requestIdActivityInterceptor(converter)({} as ActivityContext);
    await without.inbound!.execute!({ args: [], headers: {} }, async () => 'done');
    expect(without.outbound!.getLogAttributes!({ activityType: 'projectPetition' }, (a) => a)).toEqual({
      activityType: 'projectPetition',
    });
  });
});
