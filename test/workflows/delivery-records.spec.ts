/**
 * 送达 as a record through the real worker on the time-skipping server (cases behind the
 * delivery-records patch): the method and the 送达回证's signer are part of the delivery, a
 * delivery dated before the document was issued is refused even on the same day (cases started
 * before checked the day only, and replay so: test/replay), and a review request received by letter
 * is registered by the reviewing organ's petition office with its postmark, its clock running from
 * the day the organ received it.
 */
import type { Actor } from '../../libs/process';
import { ACTORS, CaseDriver, GROUNDS, at } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import { recordHistory } from '../support/history-recorder';

const CITY_REGISTRAR: Actor = { userId: 'c-registrar', role: 'registrar', unitId: 'c-xfj' };
const NEIGHBOUR_REGISTRAR: Actor = { userId: 'y-registrar', role: 'registrar', unitId: 'y-xfj' };

describe('送达 as a record, and review requests by letter', () => {
  const ctx = useTimeSkippingWorker('delivery-records');

  async function repliedCase(): Promise<{ c: CaseDriver; documentId: string }> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00'), channel: 'letter' });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(at('2030-03-20 10:00'));
    const replied = await c.act('issueReply', ACTORS.unitHead, { outcome: 'explained', ...GROUNDS });
    return { c, documentId: replied.awaitingDelivery!.documentId };
  }

  it('a delivery is refused before the reply was issued (the same morning too), without a method, or with a signer the method does not have', async () => {
    const { c, documentId } = await repliedCase();
    await c.advanceTo(at('2030-03-20 11:00'));
    const direct = { method: 'direct', signedBy: 'petitioner', documentId } as const;
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { ...direct, deliveredAt: at('2030-03-20 09:59') },
      'badArgument',
      /before the reply was issued/,
    );
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { deliveredAt: at('2030-03-20 10:30'), documentId },
      'badArgument',
      /method must be one of/,
    );
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { deliveredAt: at('2030-03-20 10:30'), documentId, method: 'publicNotice', signedBy: 'petitioner' },
      'badArgument',
      /has no signature/,
    );
    await c.expectRejected(
      'recordDelivery',
      ACTORS.handler,
      { deliveredAt: at('2030-03-20 10:30'), documentId, method: 'leftAtResidence' },
      'badArgument',
      /signed by witness/,
    );
    const view = await c.act('recordDelivery', ACTORS.handler, {
      deliveredAt: at('2030-03-20 10:30'),
      documentId,
      method: 'electronic',
    });
    expect(view.step).toBe('reviewWindow');
    expect(view.deliveries).toEqual([
      {
        of: 'reply',
        documentId,
        method: 'electronic',
        deliveredAt: at('2030-03-20 10:30'),
        signedBy: null,
        recordedAt: expect.any(Number),
      },
    ]);
    expect(view.deliveries![0].recordedAt).toBeGreaterThanOrEqual(at('2030-03-20 11:00'));
    // The review window runs from the date on the receipt.
    expect(c.clock(view, 'reviewRequestWindow#1')).toMatchObject({ startedAt: at('2030-03-20 10:30') });
  });

  it("the reviewing organ's petition office registers a letter with its postmark; the review clock runs from receipt", async () => {
    const { c, documentId } = await repliedCase();
    await c.advanceTo(at('2030-03-20 11:00'));
    await c.act('recordDelivery', ACTORS.handler, {
      deliveredAt: at('2030-03-20 10:30'),
      documentId,
      method: 'post',
      signedBy: 'familyMember',
    });
    // The window (30 days from 03-20) ends with Friday 04-19; the letter arrives the day before.
    await c.advanceTo(at('2030-04-19 09:00'));
    const letter = { receivedAt: at('2030-04-18 15:00') };
    // Posted before the reply reached the petitioner: not a request against it.
    await c.expectRejected(
      'requestReview',
      CITY_REGISTRAR,
      { ...letter, postmarkedAt: at('2030-03-19 12:00') },
      'badArgument',
      /postmarkedAt is before the reply was delivered/,
    );
    await c.expectRejected(
      'requestReview',
      CITY_REGISTRAR,
      { ...letter, postmarkedAt: at('2030-04-18 16:00') },
      'badArgument',
      /postmarkedAt is after the request was received/,
    );
    // Only offices on the case's path, or the reviewing organ's: not a neighbouring county's.
    await c.expectRejected('requestReview', NEIGHBOUR_REGISTRAR, letter, 'wrongUnit', /reviewUnit/);
    const view = await c.act('requestReview', CITY_REGISTRAR, { ...letter, postmarkedAt: at('2030-04-16 17:00') });
    expect(view).toMatchObject({ step: 'review', reviewUnitId: 'c-zjj' });
    // 30 days from the receipt (04-18), not from the postmark: Saturday 05-18, rolled to Monday 05-20.
    expect(c.clock(view, 'review#1')).toMatchObject({ startedAt: at('2030-04-18 15:00'), lastDay: '2030-05-20' });
    await recordHistory('delivery-records-letter-review', c.handle);
  });
});
