/**
 * 签发 over HTTP (DOMAIN §2a): the handler drafts the 处理意见书; the draft is previewed as a PDF
 * marked 草稿 with no 文号; it waits in the head's approval queue; the head returns it with comments
 * (in the timeline), the handler redrafts, the head approves, and only then is the 文号 taken and
 * the document issued. A handler cannot approve, nor can the head of another unit.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { pdfWords } from '../support/pdf-text';

const GROUNDS = {
  facts: '经现场核查，该小区地下车库排水泵自2026年10月起故障，物业服务企业未及时维修。',
  reasons: '排水设施属共用设施设备，物业服务企业应当及时维修养护。',
  legalBasis: '《物业管理条例》第三十五条',
};

describe('签发: a draft reply previewed, returned, redrafted and approved over HTTP', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const act = (user: string, id: string, action: string, args: Record<string, unknown>) =>
    http
      .post(`/petitions/${id}/actions/${action}`)
      .set('Authorization', staffBearer(user))
      .send({ requestId: randomUUID(), args });

  async function ok(response: Promise<request.Response> | request.Response): Promise<request.Response> {
    const r = await response;
    if (r.status !== 200) throw new Error(`expected 200, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r;
  }

  async function pdf(path: string, user: string): Promise<string> {
    const response = await http
      .get(path)
      .set('Authorization', staffBearer(user))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', /application\/pdf/);
    return pdfWords(response.body as Buffer);
  }

  async function approvalQueue(user: string): Promise<{ petitionId: string; draft: { draftNo: number } }[]> {
    return (await http.get('/me/approvals').set('Authorization', staffBearer(user)).expect(200)).body.items;
  }

  it('draft → 草稿 preview → returned with comments → redrafted → approved: 文号 issued, no 草稿', async () => {
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date().toISOString(),
        petitionerName: '孙某',
        summary: '地下车库排水泵故障，雨天积水',
      })
      .expect(201);
    const id: string = registered.body.petitionId;
    await ok(act('x-registrar', id, 'route', { unitId: 'x-zjj' }));
    await ok(act('x-handler', id, 'accept', {}));

    const drafted = (await ok(act('x-handler', id, 'issueReply', { outcome: 'supported', ...GROUNDS }))).body;
    expect(drafted).toMatchObject({
      step: 'handling',
      approvals: true,
      awaitingDelivery: null,
      draft: {
        draftNo: 1,
        kind: 'reply',
        unitId: 'x-zjj',
        outcome: 'supported',
        decision: null,
        facts: GROUNDS.facts,
        draftedBy: 'x-handler',
        previewPath: `/petitions/${id}/draft.pdf`,
      },
    });
    expect(drafted.documents.map((d: { kind: string }) => d.kind)).toEqual(['acceptanceNotice']);

    // The preview: the notice as it will be issued, marked 草稿, without a 文号.
    const preview = await pdf(drafted.draft.previewPath, 'x-handler');
    expect(preview).toContain('草稿');
    expect(preview).toContain('信访事项处理意见书');
    expect(preview).toContain('孙某');
    expect(preview).toContain(GROUNDS.facts);
    expect(preview).toContain('文号于签发后生成');
    expect(preview).not.toMatch(/〔\d{4}〕\d+号/);

    // It waits in the head's queue, and only in the queue of the head of the drafting unit.
    expect((await approvalQueue('x-head')).find((i) => i.petitionId === id)).toMatchObject({
      draft: { draftNo: 1, previewPath: `/petitions/${id}/draft.pdf` },
      step: 'handling',
      clock: { clockId: 'handling' },
    });
    expect((await approvalQueue('c-head')).some((i) => i.petitionId === id)).toBe(false);
    expect(await approvalQueue('x-handler')).toEqual([]);
    const offered = async (user: string) =>
      (await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer(user)).expect(200)).body.actions.map(
        (a: { action: string }) => a.action,
      );
    expect(await offered('x-head')).toEqual(expect.arrayContaining(['approveDraft', 'returnDraft']));
    expect(await offered('x-handler')).not.toContain('approveDraft');
    expect(await offered('x-handler')).not.toContain('issueReply');

    // A handler cannot approve; nor can the head of another unit.
    const byHandler = await act('x-handler', id, 'approveDraft', { draftNo: 1 });
    expect(byHandler.status).toBe(403);
    expect(byHandler.body).toMatchObject({ code: 'wrongRole', messageKey: 'actor.wrongRole' });
    // The head of the petition office that routed the case sees it, but is not the drafting unit's head.
    const byOtherHead = await act('x-xfj-head', id, 'approveDraft', { draftNo: 1 });
    expect(byOtherHead.status).toBe(403);
    expect(byOtherHead.body).toMatchObject({ code: 'wrongUnit', messageKey: 'actor.wrongUnit' });
    // The head of the unit above (the future reviewing organ) does not even see the case being handled.
    expect((await act('c-head', id, 'approveDraft', { draftNo: 1 })).status).toBe(404);
    const stale = await act('x-head', id, 'approveDraft', { draftNo: 7 });
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ messageKey: 'case.draftSuperseded', params: { current: 1 } });
    expect(stale.body.message).toContain('第 1 稿');

    const comments = '请补充排水泵维修的具体完成时限';
    const returned = (await ok(act('x-head', id, 'returnDraft', { draftNo: 1, comments }))).body;
    expect(returned.draft).toBeNull();
    expect(returned.returnedDraft).toMatchObject({ draftNo: 1, comments, returnedBy: 'x-head' });
    await http.get(`/petitions/${id}/draft.pdf`).set('Authorization', staffBearer('x-head')).expect(404);
    const timeline = (
      await http.get(`/petitions/${id}/timeline`).set('Authorization', staffBearer('x-head')).expect(200)
    ).body as { type: string; actorUserId: string | null; data: Record<string, unknown> }[];
    expect(timeline.find((e) => e.type === 'draftReturned')).toMatchObject({
      actorUserId: 'x-head',
      actorName: '县住建局局长',
      actorUnitName: '示范县住房和城乡建设局',
      data: { draftNo: 1, kind: 'reply', comments },
    });

    const redraftedFacts = `${GROUNDS.facts}物业服务企业承诺于7日内完成维修。`;
    const redrafted = (
      await ok(act('x-handler', id, 'issueReply', { outcome: 'supported', ...GROUNDS, facts: redraftedFacts }))
    ).body;
    expect(redrafted.draft).toMatchObject({ draftNo: 2, facts: redraftedFacts });
    expect(await pdf(`/petitions/${id}/draft.pdf`, 'x-head')).toContain('7日内完成维修');

    const approved = (await ok(act('x-head', id, 'approveDraft', { draftNo: 2 }))).body;
    expect(approved.step).toBe('replyIssued');
    expect(approved.draft).toBeNull();
    const reply = approved.documents.find((d: { kind: string }) => d.kind === 'reply');
    expect(reply.number).toMatch(/〔\d{4}〕\d+号$/);
    expect(approved.awaitingDelivery).toMatchObject({ documentId: reply.documentId, number: reply.number });
    expect((await approvalQueue('x-head')).some((i) => i.petitionId === id)).toBe(false);

    const issued = await pdf(`/petitions/${id}/documents/${reply.documentId}`, 'x-handler');
    expect(issued).toContain(reply.number);
    expect(issued).toContain('7日内完成维修');
    expect(issued).not.toContain('草稿');
  });
});
