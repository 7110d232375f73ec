/**
 * 送达 as a record, over HTTP with the real worker: a delivery names its method (直接, 邮寄, 电子, 留置,
 * 公告), the date on the 送达回证 and who signed it; it is refused, in Chinese on its field, when
 * dated before the document was issued (to the instant) or signed by someone the method does not
 * call for; the case page and the timeline show it. A review request that came by letter is
 * registered by the reviewing organ's petition office with its postmark: the postmark meets the
 * 30-day window, the review clock runs from the day the organ received it (《信访工作条例》第三十五条).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { signOffOverHttp } from '../support/sign-off';

const GROUNDS = {
  facts: '经现场核查，该小区3号楼电梯自2026年9月起停运。',
  reasons: '电梯维修属于住宅专项维修资金使用范围。',
  legalBasis: '《住宅专项维修资金管理办法》第二十二条',
};

describe('送达 as a record, and a review request received by letter', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let id = '';
  let replyDocument = { documentId: '', issuedAt: '' };
  let replyDeliveredAt = 0;

  /** An action; a reply or decision it drafts is approved (签发) by the drafting unit's head at once. */
  async function act(user: string, action: string, args: Record<string, unknown>, status = 200) {
    const response = await signOffOverHttp(
      http,
      id,
      await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args }),
    );
    if (response.status !== status)
      throw new Error(`${action}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
  async function timeline(): Promise<{ type: string; data: Record<string, unknown> }[]> {
    for (let i = 0; i < 200; i++) {
      const events = (
        await http.get(`/petitions/${id}/timeline`).set('Authorization', staffBearer('x-registrar')).expect(200)
      ).body;
      if (events.some((e: { type: string }) => e.type === 'reviewRequested')) return events;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the review request never reached the read model');
  }

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '钱八',
        summary: '小区电梯停运，物业不予维修',
      })
      .expect(201);
    id = registered.body.petitionId;
    await act('x-registrar', 'route', { unitId: 'x-zjj' });
    await act('x-handler', 'accept', {});
    const replied = await act('x-head', 'issueReply', { outcome: 'explained', ...GROUNDS });
    const documentId = replied.awaitingDelivery.documentId;
    const issued = replied.documents.find((d: { documentId: string }) => d.documentId === documentId);
    replyDocument = { documentId, issuedAt: issued.issuedAt };
  });

  it('a delivery dated before the document was issued is refused in Chinese on its field, even the same day', async () => {
    const before = new Date(Date.parse(replyDocument.issuedAt) - 60_000).toISOString();
    const refused = await act(
      'x-handler',
      'recordDelivery',
      { deliveredAt: before, documentId: replyDocument.documentId, method: 'direct', signedBy: 'petitioner' },
      400,
    );
    expect(refused).toMatchObject({
      code: 'badArgument',
      field: 'args.deliveredAt',
      messageKey: 'args.beforeReplyIssued',
      message: '送达时间早于文书出具之日，请按送达回证上的日期填写。',
    });
  });

  it('the method is required, and the signer must be one the method calls for', async () => {
    const deliveredAt = new Date().toISOString();
    const noMethod = await act(
      'x-handler',
      'recordDelivery',
      { deliveredAt, documentId: replyDocument.documentId, signedBy: 'petitioner' },
      400,
    );
    expect(noMethod).toMatchObject({ code: 'validation', field: 'args.method' });
    const electronic = await act(
      'x-handler',
      'recordDelivery',
      { deliveredAt, documentId: replyDocument.documentId, method: 'electronic', signedBy: 'petitioner' },
      400,
    );
    expect(electronic).toMatchObject({
      field: 'args.signedBy',
      messageKey: 'args.deliveryNoSigner',
      message: '电子送达没有签收人，请不要填写签收人。',
    });
    const leftWithoutWitness = await act(
      'x-handler',
      'recordDelivery',
      { deliveredAt, documentId: replyDocument.documentId, method: 'leftAtResidence', signedBy: 'petitioner' },
      400,
    );
    expect(leftWithoutWitness).toMatchObject({
      field: 'args.signedBy',
      messageKey: 'args.deliverySigner',
      message: '留置送达的送达回证须由见证人签收，请选择签收人。',
    });
    const postUnsigned = await act(
      'x-handler',
      'recordDelivery',
      { deliveredAt, documentId: replyDocument.documentId, method: 'post' },
      400,
    );
    expect(postUnsigned.message).toBe(
      '邮寄送达的送达回证须由信访人本人、同住成年家属、代理人（代收人）签收，请选择签收人。',
    );
  });

  it('a delivery by post signed by a family member is recorded with its method and signer, on the case and in the timeline', async () => {
    // A second after the issue, and not in the future: on a fast run the issue was less than a second ago.
    const deliveredAt = new Date(Date.parse(replyDocument.issuedAt) + 1_000);
    while (Date.now() <= deliveredAt.getTime()) await new Promise((r) => setTimeout(r, 100));
    const delivered = await act('x-handler', 'recordDelivery', {
      deliveredAt: deliveredAt.toISOString(),
      documentId: replyDocument.documentId,
      method: 'post',
      signedBy: 'familyMember',
    });
    expect(delivered.step).toBe('reviewWindow');
    expect(delivered.deliveries).toEqual([
      {
        of: 'reply',
        documentId: replyDocument.documentId,
        method: 'post',
        deliveredAt: expect.any(String),
        signedBy: 'familyMember',
        // No scanned 送达回证 was uploaded with this one (materials: receiptFileId).
        receiptFileId: null,
        recordedAt: expect.any(String),
      },
    ]);
    expect(Date.parse(delivered.deliveries[0].deliveredAt)).toBe(deliveredAt.getTime());
    replyDeliveredAt = deliveredAt.getTime();
    const page = (await http.get(`/petitions/${id}`).set('Authorization', staffBearer('x-handler')).expect(200)).body;
    expect(page.live.deliveries).toEqual(delivered.deliveries);
  });

  it("the reviewing organ's petition office registers a review request received by letter with its postmark; the clock runs from receipt", async () => {
    // The office finds the case by the read model, once it shows the reply delivered.
    for (let i = 0; i < 200; i++) {
      const [row] = await service.dataSource.query(`SELECT step FROM petitions WHERE id = $1`, [id]);
      if (row?.step === 'reviewWindow') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const found = await http.get(`/petitions/${id}`).set('Authorization', staffBearer('c-registrar')).expect(200);
    expect(found.body.live.step).toBe('reviewWindow');
    const receivedAt = new Date().toISOString();
    // A postmark after the letter arrived is refused, in Chinese, on its field.
    const late = await act(
      'c-registrar',
      'requestReview',
      { receivedAt, postmarkedAt: new Date(Date.parse(receivedAt) + 1_000).toISOString() },
      400,
    );
    expect(late).toMatchObject({
      field: 'args.postmarkedAt',
      messageKey: 'args.postmarkAfterReceipt',
      message: '邮戳日期不能晚于收到申请的时间，请按信封上的邮戳日期填写。',
    });
    // An office with nothing to do with the case may not register it.
    const stranger = await http
      .post(`/petitions/${id}/actions/requestReview`)
      .set('Authorization', staffBearer('y-registrar'))
      .send({ requestId: randomUUID(), args: { receivedAt } });
    expect(stranger.status).toBe(404);
    // Posted the day the reply arrived, received a little later: the postmark lies between the two.
    const postmarkedAt = new Date(replyDeliveredAt).toISOString();
    const requested = await act('c-registrar', 'requestReview', { receivedAt, postmarkedAt });
    expect(requested).toMatchObject({ step: 'review', reviewUnitId: 'c-zjj' });
    const review = requested.clocks.find(
      (c: { id: string; status: string }) => c.id === 'review' && c.status === 'running',
    );
    expect(Date.parse(review.startedAt)).toBe(Date.parse(receivedAt));
    const events = await timeline();
    const event = events.find((e) => e.type === 'reviewRequested')!;
    expect({
      received: Date.parse(event.data.receivedAt as string),
      postmark: Date.parse(event.data.postmarkedAt as string),
    }).toEqual({
      received: Date.parse(receivedAt),
      postmark: Date.parse(postmarkedAt),
    });
    const delivery = events.find((e) => e.type === 'replyDelivered')!;
    expect(delivery.data).toMatchObject({
      method: 'post',
      signedBy: 'familyMember',
      documentId: replyDocument.documentId,
    });
  });

  it('the review decision left at the residence (留置送达) is signed by witnesses', async () => {
    const decided = await act('c-handler', 'issueReviewDecision', { decision: 'upheld', ...GROUNDS });
    const documentId = decided.awaitingDelivery.documentId;
    const delivered = await act('c-handler', 'recordDelivery', {
      deliveredAt: new Date().toISOString(),
      documentId,
      method: 'leftAtResidence',
      signedBy: 'witness',
    });
    expect(
      delivered.deliveries.map((d: { of: string; method: string; signedBy: string }) => [d.of, d.method, d.signedBy]),
    ).toEqual([
      ['reply', 'post', 'familyMember'],
      ['reviewDecision', 'leftAtResidence', 'witness'],
    ]);
  });
});
