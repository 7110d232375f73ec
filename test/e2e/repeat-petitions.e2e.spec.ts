/**
 * 重复信访 over HTTP with the real worker: at registration any office is offered the earlier cases of
 * the same petitioner and matter (keyed identity hashes, summary similarity) anywhere in the unit
 * tree, another unit's by number, step and final decision only; the link is recorded; a repeat of a
 * matter finally decided on re-review (复核) is registered and ends at once as 不再受理, naming the
 * earlier case, at whatever level it comes back; an accusation is never offered to the accused unit.
 *
 *   E1  王五, +86 139-1234-5678: the lift (电梯) case, taken through review and re-review to the end
 *   E2  王五, same phone: unpaid wages, another matter
 *   E3  赵六, another phone: a lift case too, another petitioner
 *   E4  王五, same phone, the lift again, but registered by the city office
 *   E5  王五 without a contact: the lift again, still open at the county
 *   E6  孙七: an accusation registered by the city office against the county office (x-xfj)
 *   E7  赵六, another phone: a lift case registered by the city office
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signOffOverHttp } from '../support/sign-off';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { pdfWords } from '../support/pdf-text';

const LIFT = '小区电梯长期停运，物业公司拒不维修，业主出行困难';
const LIFT_AGAIN = '电梯停运一年多了，物业还是不维修，老人上下楼困难';
const GROUNDS = { facts: '电梯停运属实', reasons: '已责成物业公司限期维修', legalBasis: '《物业管理条例》第五十五条' };

describe('repeat petitions (重复信访)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  const cases = { E1: '', E2: '', E3: '', E4: '', E5: '', E6: '', E7: '' };
  const name = (id: string) => Object.entries(cases).find(([, v]) => v === id)?.[0] ?? `other:${id}`;
  const now = () => new Date().toISOString();

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  async function register(user: string, body: Record<string, unknown>, key = randomUUID()): Promise<request.Response> {
    return http
      .post('/petitions')
      .set('Authorization', staffBearer(user))
      .set('Idempotency-Key', key)
      .send({ category: 'appeal', channel: 'visit', receivedAt: now(), ...body });
  }
  async function act(
    user: string,
    id: string,
    action: string,
    args: Record<string, unknown>,
  ): Promise<request.Response> {
    return expectStatus(
      await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args }),
      200,
    );
  }
  async function candidates(user: string, body: Record<string, unknown>) {
    return expectStatus(
      await http.post('/petitions/repeat-candidates').set('Authorization', staffBearer(user)).send(body),
      200,
    ).body;
  }
  async function projected(id: string, step: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const [row] = await service.dataSource.query(`SELECT step FROM petitions WHERE id = $1`, [id]);
      if (row?.step === step) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${name(id)} never reached ${step} in the read model`);
  }

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    const wangwu = { petitionerName: '王五', petitionerContact: '+86 139-1234-5678' };
    cases.E1 = expectStatus(await register('x-registrar', { ...wangwu, summary: LIFT }), 201).body.petitionId;
    cases.E2 = expectStatus(
      await register('x-registrar', { ...wangwu, summary: '工程款结算后，包工头拖欠农民工工资三个月' }),
      201,
    ).body.petitionId;
    cases.E3 = expectStatus(
      await register('x-registrar', { petitionerName: '赵六', petitionerContact: '13700001111', summary: LIFT }),
      201,
    ).body.petitionId;
    cases.E4 = expectStatus(await register('c-registrar', { ...wangwu, summary: LIFT }), 201).body.petitionId;
    cases.E5 = expectStatus(
      await register('x-registrar', { petitionerName: '王五', summary: LIFT_AGAIN }),
      201,
    ).body.petitionId;
    cases.E6 = expectStatus(
      await register('c-registrar', {
        petitionerName: '孙七',
        petitionerContact: '13600002222',
        category: 'accusation',
        accusedUnitId: 'x-xfj',
        summary: `${LIFT_AGAIN}，县信访局压案不办`,
      }),
      201,
    ).body.petitionId;
    cases.E7 = expectStatus(
      await register('c-registrar', { petitionerName: '赵六', petitionerContact: '13700001111', summary: LIFT }),
      201,
    ).body.petitionId;
    // E1 all the way: reply, review (复查) at the city, re-review (复核) at the province, each reply delivered.
    await act('x-registrar', cases.E1, 'route', { unitId: 'x-zjj' });
    await act('x-handler', cases.E1, 'accept', {});
    const reply = await signOffOverHttp(
      http,
      cases.E1,
      await act('x-head', cases.E1, 'issueReply', { outcome: 'explained', ...GROUNDS }),
    );
    await act('x-handler', cases.E1, 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: now(),
      documentId: reply.body.awaitingDelivery.documentId,
    });
    await act('x-registrar', cases.E1, 'requestReview', { receivedAt: now() });
    const review = await signOffOverHttp(
      http,
      cases.E1,
      await act('c-handler', cases.E1, 'issueReviewDecision', { decision: 'upheld', ...GROUNDS }),
    );
    await act('c-handler', cases.E1, 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: now(),
      documentId: review.body.awaitingDelivery.documentId,
    });
    await act('x-registrar', cases.E1, 'requestReReview', { receivedAt: now() });
    const reReview = await signOffOverHttp(
      http,
      cases.E1,
      await act('p-handler', cases.E1, 'issueReReviewDecision', { decision: 'upheld', ...GROUNDS }),
    );
    const final = await act('p-handler', cases.E1, 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: now(),
      documentId: reReview.body.awaitingDelivery.documentId,
    });
    expect(final.body).toMatchObject({ final: true, reReviewDecision: 'upheld' });
    await projected(cases.E1, final.body.step);
    for (const id of [cases.E2, cases.E3, cases.E4, cases.E5, cases.E6, cases.E7]) await projected(id, 'routing');
  });

  it("offers the same petitioner's earlier cases of the same matter anywhere in the tree, another unit's by number, step and final decision only", async () => {
    const offered = await candidates('x-registrar', {
      petitionerName: '王 五',
      petitionerContact: '13912345678',
      summary: LIFT_AGAIN,
    });
    expect(offered.minSimilarity).toBeGreaterThan(0);
    const ours = offered.candidates.filter((c: { petitionId: string }) => !name(c.petitionId).startsWith('other:'));
    // Another matter of the same petitioner (E2) and another petitioner (E3): not offered. The city's E4 is.
    expect(ours.map((c: { petitionId: string }) => name(c.petitionId))).toEqual(['E5', 'E4', 'E1']);
    expect(ours[0]).toMatchObject({
      ownUnit: true,
      samePetitioner: 'name',
      finallyDecided: false,
      finalDecision: null,
      levelSkipping: false,
      step: 'routing',
      summary: LIFT_AGAIN,
    });
    expect(ours[0].caseNumber).toMatch(/^示县信〔\d{4}〕第\d+号$/);
    expect(ours[2]).toMatchObject({
      ownUnit: true,
      samePetitioner: 'nameAndContact',
      finallyDecided: true,
      finalDecision: { decision: 'upheld' },
      routingUnitId: 'x-xfj',
      handlingUnitId: 'x-zjj',
    });
    expect(ours[0].similarity).toBe(1);
    expect(ours[2].similarity).toBeGreaterThanOrEqual(offered.minSimilarity);
    // The city's case: its number, step and final decision, and nothing else of it.
    const cityCase = ours[1];
    expect(cityCase).toEqual({
      petitionId: cases.E4,
      caseNumber: expect.stringMatching(/^示市信〔\d{4}〕第\d+号$/),
      ownUnit: false,
      samePetitioner: 'nameAndContact',
      similarity: ours[2].similarity,
      finallyDecided: false,
      finalDecision: null,
      levelSkipping: false,
      step: 'routing',
      category: null,
      receivedAt: null,
      registeredAt: null,
      routingUnitId: null,
      handlingUnitId: null,
      summary: null,
    });
  });

  it('at the city office the county case of the same petitioner is offered: the finally decided one with its 复核意见书, the open one as 越级', async () => {
    const city = await candidates('c-registrar', {
      petitionerName: '王五',
      petitionerContact: '13912345678',
      summary: LIFT_AGAIN,
    });
    const ours = city.candidates.filter((c: { petitionId: string }) => !name(c.petitionId).startsWith('other:'));
    expect(ours.map((c: { petitionId: string }) => name(c.petitionId))).toEqual(['E5', 'E4', 'E1']);
    const [finalDecision] = await service.dataSource.query(
      `SELECT number FROM documents WHERE petition_id = $1 AND kind = 'reReviewDecision'`,
      [cases.E1],
    );
    expect(ours[2]).toMatchObject({
      ownUnit: false,
      finallyDecided: true,
      finalDecision: { decision: 'upheld', documentNumber: finalDecision.number },
      levelSkipping: false,
      summary: null,
      handlingUnitId: null,
    });
    expect(ours[2].step).toBe('closed');
    expect(finalDecision.number).toMatch(/^示省住建信〔\d{4}〕\d+号$/);
    // E5 is still open at the county: the petitioner came up a level before it was finished (越级).
    expect(ours[0]).toMatchObject({ ownUnit: false, levelSkipping: true, step: 'routing', summary: null });
    expect(ours[1]).toMatchObject({ ownUnit: true, levelSkipping: false, summary: LIFT });
  });

  it('an accusation is offered to the offices it does not accuse, never to the accused unit', async () => {
    const probe = { petitionerName: '孙七', petitionerContact: '13600002222', summary: LIFT_AGAIN };
    const names = (body: { candidates: { petitionId: string }[] }) =>
      body.candidates.map((c) => name(c.petitionId)).filter((n) => !n.startsWith('other:'));
    const accused = await candidates('x-registrar', probe);
    expect(names(accused)).toEqual([]);
    const registering = await candidates('c-registrar', probe);
    expect(names(registering)).toEqual(['E6']);
    expect(registering.candidates.find((c: { petitionId: string }) => c.petitionId === cases.E6)).toMatchObject({
      ownUnit: true,
      category: 'accusation',
    });
    const neighbour = await candidates('y-registrar', probe);
    expect(names(neighbour)).toEqual(['E6']);
    expect(neighbour.candidates.find((c: { petitionId: string }) => c.petitionId === cases.E6)).toMatchObject({
      ownUnit: false,
      category: null,
      summary: null,
    });
    // Nor can the accused office link it: the same answer as for a case that does not exist.
    const refused = await register('x-registrar', { ...probe, repeatOf: [cases.E6] });
    expect({ status: refused.status, field: refused.body.field }).toEqual({ status: 400, field: 'repeatOf' });
  });

  it('the identity is kept as keyed hashes on the intake, the same for the same person however typed', async () => {
    const rows: { petition_id: string; petitioner_name_hash: string; petitioner_identity_hash: string | null }[] =
      await service.dataSource.query(
        `SELECT petition_id, petitioner_name_hash, petitioner_identity_hash FROM petition_intakes WHERE petition_id = ANY($1::uuid[])`,
        [Object.values(cases)],
      );
    const byName = Object.fromEntries(rows.map((r) => [name(r.petition_id), r]));
    expect(byName.E1.petitioner_identity_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.E2.petitioner_identity_hash).toBe(byName.E1.petitioner_identity_hash);
    expect(byName.E5.petitioner_identity_hash).toBeNull();
    expect(byName.E5.petitioner_name_hash).toBe(byName.E1.petitioner_name_hash);
    expect(byName.E3.petitioner_name_hash).not.toBe(byName.E1.petitioner_name_hash);
  });

  it('a repeat of a matter finally decided on re-review is registered and ends at once as 不再受理, naming the earlier case', async () => {
    const key = randomUUID();
    const body = {
      petitionerName: '王五',
      petitionerContact: '139 1234 5678',
      summary: LIFT_AGAIN,
      repeatOf: [cases.E1],
      receivedAt: now(),
    };
    const registered = expectStatus(await register('x-registrar', body, key), 201).body;
    expect(registered).toMatchObject({ created: true, outcome: 'notAcceptedAgain', earlierPetitionId: cases.E1 });
    await projected(registered.petitionId, 'endedNotAcceptedAgain');
    const timeline = expectStatus(
      await http.get(`/petitions/${registered.petitionId}/timeline`).set('Authorization', staffBearer('x-registrar')),
      200,
    ).body;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['registered', 'notAcceptedAgain']);
    expect(timeline[1].data).toMatchObject({ earlierPetitionId: cases.E1, atRegistration: true });
    const [row] = await service.dataSource.query(
      `SELECT repeat_of, first_time_resolution, view FROM petitions WHERE id = $1`,
      [registered.petitionId],
    );
    expect(row.repeat_of).toEqual([cases.E1]);
    expect(row.view.milestones.map((m: { type: string; detail?: string }) => [m.type, m.detail ?? null])).toEqual([
      ['registered', null],
      // What the petitioner reads: the statute's reason in Chinese, no machine id.
      ['notAcceptedAgain', '同一事实和理由的信访事项已经复核终结，依照《信访工作条例》第三十六条不再受理'],
    ]);
    expect(row.view.clocks).toEqual([]);
    // In writing: the 不再受理告知书 of the registering office names the decision that ended the matter.
    const [finalDecision] = await service.dataSource.query(
      `SELECT number FROM documents WHERE petition_id = $1 AND kind = 'reReviewDecision'`,
      [cases.E1],
    );
    const [notice] = await service.dataSource.query(
      `SELECT number, content FROM documents WHERE petition_id = $1 AND kind = 'notAcceptedAgainNotice'`,
      [registered.petitionId],
    );
    expect(notice.number).toMatch(/^示访信〔\d{4}〕\d+号$/);
    expect(row.view.milestones[1].document.number).toBe(notice.number);
    const words = pdfWords(notice.content);
    expect(words).toContain('信访事项不再受理告知书');
    expect(words).toContain('王五：');
    expect(words).toContain('示范省住房和城乡建设局已于');
    expect(words).toContain(`作出复核意见（${finalDecision.number}）`);
    expect(words).toContain('依照《信访工作条例》第三十六条的规定');
    // A retry answers what was decided the first time.
    const retried = expectStatus(await register('x-registrar', body, key), 201).body;
    expect(retried).toMatchObject({
      petitionId: registered.petitionId,
      created: false,
      outcome: 'notAcceptedAgain',
      earlierPetitionId: cases.E1,
    });
  });

  it('a repeat of an open case is registered as usual, linked, and not counted as resolved first time', async () => {
    const registered = expectStatus(
      await register('x-registrar', { petitionerName: '王五', summary: LIFT_AGAIN, repeatOf: [cases.E5] }),
      201,
    ).body;
    expect(registered).toMatchObject({ outcome: 'registered', earlierPetitionId: null });
    await projected(registered.petitionId, 'routing');
    const listed = expectStatus(
      await http.get(`/petitions?repeatOf=${cases.E5}`).set('Authorization', staffBearer('x-registrar')),
      200,
    ).body;
    expect(listed.items.map((i: { petitionId: string }) => i.petitionId)).toEqual([registered.petitionId]);
    const view = expectStatus(
      await http.get(`/petitions/${registered.petitionId}`).set('Authorization', staffBearer('x-registrar')),
      200,
    ).body.live;
    expect(view).toMatchObject({ repeatOf: [cases.E5], firstTimeResolution: false, step: 'routing' });
  });

  it('a matter finally decided on re-review at the county is not accepted again at the city nor at the province', async () => {
    const [finalDecision] = await service.dataSource.query(
      `SELECT number FROM documents WHERE petition_id = $1 AND kind = 'reReviewDecision'`,
      [cases.E1],
    );
    for (const [registrar, office, code] of [
      ['c-registrar', '示范市信访局', '示市访信'],
      ['p-registrar', '示范省信访局', '示省访信'],
    ]) {
      const offered = await candidates(registrar, {
        petitionerName: '王五',
        petitionerContact: '13912345678',
        summary: LIFT_AGAIN,
      });
      const e1 = offered.candidates.find((c: { petitionId: string }) => c.petitionId === cases.E1);
      expect(e1).toMatchObject({ finallyDecided: true, ownUnit: false });
      const registered = expectStatus(
        await register(registrar, {
          petitionerName: '王五',
          petitionerContact: '13912345678',
          summary: LIFT_AGAIN,
          repeatOf: [e1.petitionId],
        }),
        201,
      ).body;
      expect(registered).toMatchObject({ created: true, outcome: 'notAcceptedAgain', earlierPetitionId: cases.E1 });
      await projected(registered.petitionId, 'endedNotAcceptedAgain');
      // Not routed, not accepted: no clock runs, and the office's own 不再受理告知书 names the county's final decision.
      const [row] = await service.dataSource.query(`SELECT view, handling_unit_id FROM petitions WHERE id = $1`, [
        registered.petitionId,
      ]);
      expect({ clocks: row.view.clocks, handlingUnitId: row.handling_unit_id }).toEqual({
        clocks: [],
        handlingUnitId: null,
      });
      const [notice] = await service.dataSource.query(
        `SELECT number, content FROM documents WHERE petition_id = $1 AND kind = 'notAcceptedAgainNotice'`,
        [registered.petitionId],
      );
      expect(notice.number.startsWith(`${code}〔`)).toBe(true);
      const words = pdfWords(notice.content);
      expect(words).toContain(office);
      expect(words).toContain(`作出复核意见（${finalDecision.number}）`);
    }
  });

  it("the county may link the city's case of the same petitioner it was offered", async () => {
    const registered = expectStatus(
      await register('x-registrar', {
        petitionerName: '王五',
        petitionerContact: '13912345678',
        summary: LIFT_AGAIN,
        repeatOf: [cases.E4],
      }),
      201,
    ).body;
    expect(registered).toMatchObject({ outcome: 'registered', earlierPetitionId: null });
    await projected(registered.petitionId, 'routing');
    const [row] = await service.dataSource.query(`SELECT repeat_of FROM petitions WHERE id = $1`, [
      registered.petitionId,
    ]);
    expect(row.repeat_of).toEqual([cases.E4]);
  });

  it('a case the registrar may not see cannot be linked, and the refusal registers nothing', async () => {
    const before = (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n;
    // Another petitioner's case at the city (E7), and an id that names no case: the same answer.
    for (const unseen of [cases.E7, randomUUID()]) {
      const refused = await register('x-registrar', {
        petitionerName: '王五',
        summary: LIFT_AGAIN,
        repeatOf: [unseen],
      });
      expect({ status: refused.status, code: refused.body.code, field: refused.body.field }).toEqual({
        status: 400,
        code: 'validation',
        field: 'repeatOf',
      });
      expect(refused.body.detail).toContain(unseen);
    }
    expect((await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n).toBe(before);
  });

  it('only registrars ask for candidates, with a well-formed request', async () => {
    await http
      .post('/petitions/repeat-candidates')
      .set('Authorization', staffBearer('x-handler'))
      .send({ petitionerName: '王五', summary: LIFT })
      .expect(403);
    const unknown = await http
      .post('/petitions/repeat-candidates')
      .set('Authorization', staffBearer('x-registrar'))
      .send({ petitionerName: '王五', summary: LIFT, idCard: '1101…' });
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'validation', field: 'idCard' });
    const missing = await http
      .post('/petitions/repeat-candidates')
      .set('Authorization', staffBearer('x-registrar'))
      .send({ petitionerName: '王五' });
    expect(missing.body).toMatchObject({ statusCode: 400, code: 'validation', field: 'summary' });
  });
});
