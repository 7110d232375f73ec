/**
 * A campaign (专项攻坚) end to end over HTTP, through the production API and worker on the dev server
 * and the real database: the county y petition office previews what its rules select, launches the
 * campaign (update-with-start), sees the cases join with their reasons, leaders are assigned at two
 * levels, a case is planned and resolved, the office adds a case of another unit by hand, the
 * campaign is closed, and its bulletin is read as JSON, CSV and PDF, each viewer seeing their own
 * lines. County y (demo seed) holds no other test's cases.
 *
 * The cases: three appeals received 400 days ago at county y and handled by its housing bureau
 * (y-zjj); and an accusation against the county petition office itself, handled by the county
 * discipline unit, which the office's campaign never selects. A recent appeal handled by the
 * discipline unit (y-jw) joins by hand, so the bulletin has a second unit's line.
 */
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signOffOverHttp } from '../support/sign-off';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { pdfText, pdfWords } from '../support/pdf-text';

const DAY = 86_400_000;
const SHANGHAI_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;
const Y_REGISTRAR = staffBearer('y-registrar');
const Y_SUPERVISOR = staffBearer('y-supervisor');
const Y_HANDLER = staffBearer('y-handler');
const Y_LEADER = staffBearer('y-leader');
const C_REGISTRAR = staffBearer('c-registrar');
const C_SUPERVISOR = staffBearer('c-supervisor');
const X_HANDLER = staffBearer('x-handler');
const Z_SUPERVISOR = staffBearer('z-supervisor');

describe('a campaign over HTTP: launch, select, lead, plan, resolve, close, read the bulletin as CSV and PDF', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const appeals: string[] = [];
  let accusation = '';
  let byHand = '';
  let campaignId = '';
  const launchKey = `campaign-e2e-${randomUUID()}`;
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  const rules = {
    openLongerThanDays: 365,
    repeatPetitions: false,
    reopenedAfterRelapse: false,
    listedForSupervision: false,
    importedBacklog: false,
  };
  const launchBody = () => ({
    name: '乙县信访积案化解专项攻坚',
    planRef: '乙县联席办〔2026〕1号',
    startDate: today,
    targetDate: inDays(90),
    cadenceDays: 7,
    rules,
  });

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }

  async function register(token: string, body: Record<string, unknown>): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', token)
      .set('Idempotency-Key', `campaign-e2e-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '赵某',
        summary: '征地补偿款长期未兑现',
        receivedAt: new Date(Date.now() - 400 * DAY).toISOString(),
        lateRegistrationReason: '积案清理中补登',
        ...body,
      });
    return expectStatus(response, 201).body.petitionId;
  }

  async function act(token: string, petitionId: string, action: string, args: Record<string, unknown>): Promise<void> {
    expectStatus(
      await http
        .post(`/petitions/${petitionId}/actions/${action}`)
        .set('Authorization', token)
        .send({ requestId: randomUUID(), args }),
      200,
    );
  }

  /** The petition's workflow has projected its row (registration is asynchronous). */
  async function projected(petitionId: string, step: string): Promise<void> {
    for (let i = 0; i < 150; i++) {
      const rows = await service.dataSource.query(`SELECT step FROM petitions WHERE id = $1`, [petitionId]);
      if (rows[0]?.step === step) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`petition ${petitionId} never reached ${step}`);
  }

  const write = (token: string, path: string, body: Record<string, unknown>, method: 'post' | 'put' = 'post') =>
    http[method](`/campaigns/${campaignId}${path}`)
      .set('Authorization', token)
      .send({ requestId: randomUUID(), ...body });

  it('previews the open cases its rules would select, never the accusation against the office itself', async () => {
    for (let i = 0; i < 3; i++) {
      const id = await register(Y_REGISTRAR, {});
      await act(Y_REGISTRAR, id, 'route', { unitId: 'y-zjj' });
      await act(Y_HANDLER, id, 'accept', {});
      await projected(id, 'handling');
      appeals.push(id);
    }
    accusation = await register(C_REGISTRAR, {
      category: 'accusation',
      accusedUnitId: 'y-xfj',
      summary: '检举乙县信访局推诿',
    });
    await act(C_REGISTRAR, accusation, 'route', { unitId: 'y-jw' });
    await projected(accusation, 'acceptance');

    const preview = expectStatus(
      await http.post('/campaigns/preview').set('Authorization', Y_SUPERVISOR).send({ rules }),
      200,
    ).body;
    expect(preview.regionPath).toBe('p.c.y');
    expect(preview.asOf).toMatch(SHANGHAI_INSTANT);
    expect(preview.cases.map((c: { petitionId: string }) => c.petitionId).sort()).toEqual([...appeals].sort());
    expect(preview.cases[0]).toMatchObject({
      unitId: 'y-zjj',
      step: 'handling',
      reasons: ['openLongerThan'],
      inCampaign: false,
    });
    expect(preview.cases[0].receivedAt).toMatch(SHANGHAI_INSTANT);
  });

  it('refuses a bad launch with a 4xx naming what was wrong, and starts nothing', async () => {
    const post = (token: string, body: unknown) =>
      http
        .post('/campaigns')
        .set('Authorization', token)
        .set('Idempotency-Key', `bad-${randomUUID()}`)
        .send(body as object);
    const unknown = expectStatus(await post(Y_SUPERVISOR, { ...launchBody(), colour: 'red' }), 400);
    expect(JSON.stringify(unknown.body)).toContain('colour');
    const nested = expectStatus(
      await post(Y_SUPERVISOR, { ...launchBody(), rules: { ...rules, everything: true } }),
      400,
    );
    expect(JSON.stringify(nested.body)).toContain('everything');
    expect(expectStatus(await post(Y_SUPERVISOR, { ...launchBody(), startDate: inDays(-3) }), 400).body.detail).toMatch(
      /in the past/,
    );
    expect(
      expectStatus(await post(Y_SUPERVISOR, { ...launchBody(), rules: { ...rules, openLongerThanDays: null } }), 400)
        .body.detail,
    ).toMatch(/select nothing/);
    expectStatus(await post(Y_HANDLER, launchBody()), 403);
    expectStatus(await http.post('/campaigns').set('Authorization', Y_SUPERVISOR).send(launchBody()), 400);
    const [{ n }] = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM campaigns WHERE office_unit_id = 'y-xfj'`,
    );
    expect(n).toBe(0);
  });

  it('launches: the rules select the three appeals at once, each saying when and why; a retry launches nothing new', async () => {
    const response = expectStatus(
      await http
        .post('/campaigns')
        .set('Authorization', Y_SUPERVISOR)
        .set('Idempotency-Key', launchKey)
        .send(launchBody()),
      201,
    );
    const view = response.body;
    campaignId = view.campaignId;
    expect(view).toMatchObject({
      status: 'active',
      office: { unitId: 'y-xfj', level: 'county', regionPath: 'p.c.y' },
      startDate: today,
      cadenceDays: 7,
      caseCount: 3,
    });
    expect(view.createdAt).toMatch(SHANGHAI_INSTANT);
    expect(Date.parse(view.nextBulletinAt)).toBe(Date.parse(`${inDays(7)}T09:00:00+08:00`));
    expect(view.cases.map((c: { petitionId: string }) => c.petitionId).sort()).toEqual([...appeals].sort());
    for (const c of view.cases) {
      expect(c).toMatchObject({
        unitId: 'y-zjj',
        joined: { by: 'rule', reasons: ['openLongerThan'] },
        reasons: ['openLongerThan'],
        status: 'inProgress',
      });
      expect(c.joinedAt).toMatch(SHANGHAI_INSTANT);
    }
    const retry = expectStatus(
      await http
        .post('/campaigns')
        .set('Authorization', Y_SUPERVISOR)
        .set('Idempotency-Key', launchKey)
        .send(launchBody()),
      201,
    );
    expect(retry.body).toMatchObject({ campaignId, caseCount: 3, revision: view.revision });
    const reused = await http
      .post('/campaigns')
      .set('Authorization', Y_SUPERVISOR)
      .set('Idempotency-Key', launchKey)
      .send({ ...launchBody(), name: '另一个专项' });
    expect(reused.status).toBe(409);
    expect(reused.body.detail).toMatch(/already launched/);
  });

  it('属地管理: the unit sees its own cases, the city office all of them, another county nothing', async () => {
    const own = expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', Y_HANDLER), 200).body;
    expect(own.cases).toHaveLength(3);
    const city = expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', C_SUPERVISOR), 200).body;
    expect(city.cases).toHaveLength(3);
    expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', X_HANDLER), 404);
    expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', Z_SUPERVISOR), 404);
    const listed = expectStatus(await http.get('/campaigns').set('Authorization', C_SUPERVISOR), 200).body;
    expect(listed.map((c: { campaignId: string }) => c.campaignId)).toContain(campaignId);
    const preview = expectStatus(
      await http.get(`/campaigns/${campaignId}/preview`).set('Authorization', Y_SUPERVISOR),
      200,
    ).body;
    expect(preview.cases.every((c: { inCampaign: boolean }) => c.inCampaign)).toBe(true);
    expect(
      await write(Y_SUPERVISOR, '/cases', { petitionId: accusation, reason: '补充交办' }).then((r) => r.status),
    ).toBe(400);
  });

  it('包案 at two levels, a plan, progress: each write a workflow update that refuses with a reason', async () => {
    const [first] = appeals;
    expectStatus(
      await write(Y_SUPERVISOR, `/cases/${first}/leaders`, { level: 'county', leaderUserId: 'y-leader' }),
      200,
    );
    expect(
      expectStatus(
        await write(Y_SUPERVISOR, `/cases/${first}/leaders`, { level: 'city', leaderUserId: 'c-leader' }),
        403,
      ).body.detail,
    ).toMatch(/city-level case leader is assigned by a petition office of that level/);
    expect(
      expectStatus(
        await write(C_SUPERVISOR, `/cases/${first}/leaders`, { level: 'city', leaderUserId: 'y-leader' }),
        400,
      ).body.detail,
    ).toMatch(/not a case leader \(包案领导\) of a city-level unit/);
    const led = expectStatus(
      await write(C_SUPERVISOR, `/cases/${first}/leaders`, { level: 'city', leaderUserId: 'c-leader' }),
      200,
    ).body;
    expect(
      led.cases
        .find((c: { petitionId: string }) => c.petitionId === first)
        .leaders.map((l: { level: string; userId: string }) => [l.level, l.userId]),
    ).toEqual([
      ['county', 'y-leader'],
      ['city', 'c-leader'],
    ]);
    // The county leader sees the case they lead.
    const asLeader = expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', Y_LEADER), 200).body;
    expect(asLeader.cases.map((c: { petitionId: string }) => c.petitionId)).toContain(first);

    const planned = expectStatus(
      await write(
        Y_HANDLER,
        `/cases/${first}/plan`,
        { note: '一案一策', steps: [{ title: '约谈信访人', dueDate: inDays(5), ownerUserId: 'y-handler' }] },
        'put',
      ),
      200,
    ).body;
    const step = planned.cases.find((c: { petitionId: string }) => c.petitionId === first).plan[0];
    expect(step).toMatchObject({
      stepId: 's1',
      dueDate: inDays(5),
      doneAt: null,
      overdue: false,
      ownerUserId: 'y-handler',
      ownerName: '乙县住建局承办人',
    });
    expect(Date.parse(step.dueAt)).toBe(Date.parse(`${inDays(6)}T00:00:00+08:00`));
    const badStep = expectStatus(
      await write(
        Y_HANDLER,
        `/cases/${first}/plan`,
        { note: '一案一策', steps: [{ title: '约谈', dueDate: inDays(5), ownerUserId: 'y-handler', priority: 1 }] },
        'put',
      ),
      400,
    );
    expect(JSON.stringify(badStep.body)).toContain('priority');
    expectStatus(await write(Y_HANDLER, `/cases/${first}/progress`, { status: 'resolved', note: '' }), 400);
    // 已化解 is not a note alone (policy v2): while the petition is being handled the report is refused on its status.
    const offeredBefore = expectStatus(
      await http.get(`/campaigns/${campaignId}/cases/${first}/actions`).set('Authorization', Y_HANDLER),
      200,
    ).body;
    expect(offeredBefore).toMatchObject({ petitionSettled: false, resolutionNeedsSettledPetition: true });
    expect(offeredBefore.actions.map((a: { action: string }) => a.action)).toEqual([
      'setResponsiblePerson',
      'editPlan',
      'recordProgress',
    ]);
    const noteAlone = expectStatus(
      await write(Y_HANDLER, `/cases/${first}/progress`, { status: 'resolved', note: '补偿款已兑现' }),
      400,
    ).body;
    expect(noteAlone).toMatchObject({ field: 'args.status', messageKey: 'campaign.petitionNotSettled' });
    // The petition's own reply, issued and delivered: now the resolution may be reported.
    const replied = expectStatus(
      await signOffOverHttp(
        http,
        first,
        await http
          .post(`/petitions/${first}/actions/issueReply`)
          .set('Authorization', Y_HANDLER)
          .send({
            requestId: randomUUID(),
            args: {
              outcome: 'supported',
              facts: '经核查，征地补偿款已于本月足额兑现。',
              reasons: '补偿标准符合规定，款项已到账。',
              legalBasis: '《土地管理法》第四十八条',
            },
          }),
      ),
      200,
    ).body;
    const documentId = replied.awaitingDelivery?.documentId;
    expect(documentId).toBeTruthy();
    await act(Y_HANDLER, first, 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: new Date().toISOString(),
      documentId,
    });
    await projected(first, 'reviewWindow');
    expect(
      expectStatus(
        await http.get(`/campaigns/${campaignId}/cases/${first}/actions`).set('Authorization', Y_HANDLER),
        200,
      ).body.petitionSettled,
    ).toBe(true);
    const resolved = expectStatus(
      await write(Y_HANDLER, `/cases/${first}/progress`, {
        status: 'resolved',
        note: '补偿款已兑现',
        stepsDone: ['s1'],
      }),
      200,
    ).body;
    expect(resolved.cases.find((c: { petitionId: string }) => c.petitionId === first)).toMatchObject({
      status: 'resolved',
      petitionStep: 'reviewWindow',
      countedResolved: true,
      followUp: { status: 'scheduled' },
    });
    // 销号 before the 回头看 check: refused with the reason.
    expect(
      expectStatus(
        await write(Y_SUPERVISOR, `/cases/${first}/strike-off`, {
          documentRef: '化解协议',
          rating: 'satisfied',
          note: '案结事了',
        }),
        400,
      ).body.detail,
    ).toMatch(/回头看 check must pass first/);

    // 销号佐证 point at uploaded materials: only the case's own of kind closureEvidence pass the API.
    const uploadPdf = async (petitionId: string, kind: string) =>
      expectStatus(
        await http
          .post(`/petitions/${petitionId}/materials`)
          .set('Authorization', Y_HANDLER)
          .set('Idempotency-Key', randomUUID())
          .field('kind', kind)
          .field('caption', '化解协议扫描件')
          .attach('file', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 'x')]), {
            filename: '化解协议.pdf',
            contentType: 'application/pdf',
          }),
        201,
      ).body as { materialId: string };
    const evidence = await uploadPdf(first, 'closureEvidence');
    const otherKind = await uploadPdf(first, 'investigation');
    const otherCase = await uploadPdf(appeals[1], 'closureEvidence');
    const strikeOffNaming = (evidenceMaterialIds: string[]) =>
      write(Y_SUPERVISOR, `/cases/${first}/strike-off`, {
        documentRef: '化解协议',
        rating: 'satisfied',
        note: '案结事了',
        evidenceMaterialIds,
      });
    for (const wrong of [otherKind.materialId, otherCase.materialId, randomUUID()]) {
      const refused = expectStatus(await strikeOffNaming([evidence.materialId, wrong]), 400).body;
      expect(refused).toMatchObject({ code: 'evidenceMaterialInvalid', field: 'evidenceMaterialIds' });
      expect(refused.message).toContain('销号佐证');
    }
    expect(expectStatus(await strikeOffNaming(['not-a-uuid']), 400).body.code).toBe('validation');
    // The case's own 销号佐证 passes the API; the workflow then says what is still missing.
    expect(expectStatus(await strikeOffNaming([evidence.materialId]), 400).body.detail).toMatch(
      /回头看 check must pass first/,
    );
  });

  it('the office adds by hand, with a reason, a recent case of another unit its rules did not select', async () => {
    byHand = await register(Y_REGISTRAR, {
      receivedAt: new Date(Date.now() - DAY).toISOString(),
      lateRegistrationReason: undefined,
      summary: '安置房分配不公',
    });
    await act(Y_REGISTRAR, byHand, 'route', { unitId: 'y-jw' });
    await projected(byHand, 'acceptance');
    expectStatus(await write(Y_HANDLER, '/cases', { petitionId: byHand, reason: '群众反映强烈' }), 403);
    const added = expectStatus(
      await write(Y_SUPERVISOR, '/cases', { petitionId: byHand, reason: '群众反映强烈，纳入专项攻坚' }),
      200,
    ).body;
    expect(added.caseCount).toBe(4);
    expect(added.cases.find((c: { petitionId: string }) => c.petitionId === byHand)).toMatchObject({
      unitId: 'y-jw',
      joined: { by: 'manual', userId: 'y-supervisor', reason: '群众反映强烈，纳入专项攻坚' },
    });
    // The housing bureau's staff do not see the discipline unit's case.
    const own = expectStatus(await http.get(`/campaigns/${campaignId}`).set('Authorization', Y_HANDLER), 200).body;
    expect(own.cases.map((c: { petitionId: string }) => c.petitionId)).not.toContain(byHand);
  });

  /** A PDF download: the bytes, and the response for its headers. */
  async function downloadPdf(
    path: string,
    token: string,
    status = 200,
  ): Promise<{ response: request.Response; bytes: Buffer }> {
    const response = await http
      .get(path)
      .set('Authorization', token)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${(response.body as Buffer).toString('utf8')}`);
    return { response, bytes: response.body as Buffer };
  }

  /** The table rows of a PDF's text, each split into its cells. */
  const pdfRows = (pdf: Buffer) =>
    pdfText(pdf)
      .split('\n')
      .map((l) => l.trim().split(/\s+/));

  it('closing issues the final bulletin; it reads as JSON and CSV, the office seeing every line, the unit only its own', async () => {
    expectStatus(await write(Y_HANDLER, '/close', { reason: '阶段结束' }), 403);
    const closed = expectStatus(
      await write(Y_SUPERVISOR, '/close', { reason: '阶段性攻坚结束，转入常态化' }),
      200,
    ).body;
    expect(closed).toMatchObject({ status: 'closed', bulletinsIssued: 1, nextBulletinAt: null });
    expectStatus(await write(Y_SUPERVISOR, '/close', { reason: '再次关闭' }), 409);

    const bulletin = expectStatus(
      await http.get(`/campaigns/${campaignId}/bulletins/1`).set('Authorization', Y_SUPERVISOR),
      200,
    ).body;
    expect(bulletin).toMatchObject({ bulletinNo: 1, kind: 'final', date: today, daysToTarget: 90 });
    expect(bulletin.asOf).toMatch(SHANGHAI_INSTANT);
    expect(bulletin.totals).toMatchObject({ inScope: 4, resolved: 1, struckOff: 0, rate: 0.25, overdueSteps: 0 });
    // A third resolved on the first day is ahead of the straight line to the target: listed for praise.
    expect(bulletin.expectedRate).toBeLessThan(0.02);
    expect(bulletin.units).toEqual([
      expect.objectContaining({
        subjectId: 'y-jw',
        subjectName: '示范乙县纪委监委',
        inScope: 1,
        resolved: 0,
        rate: 0,
        verdict: null,
      }),
      expect.objectContaining({
        subjectId: 'y-zjj',
        subjectName: '示范乙县住房和城乡建设局',
        inScope: 3,
        resolved: 1,
        verdict: 'praise',
      }),
    ]);
    expect(bulletin.leaders.map((l: { subjectId: string }) => l.subjectId).sort()).toEqual(['c-leader', 'y-leader']);
    expect([bulletin.praised, bulletin.laggards]).toEqual([['y-zjj'], []]);

    const csv = expectStatus(
      await http
        .get(`/campaigns/${campaignId}/bulletins/1/csv`)
        .set('Authorization', Y_SUPERVISOR)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(null, text));
        }),
      200,
    );
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`campaign-${campaignId}-bulletin-1.csv`);
    const rows: Record<string, string>[] = parse(csv.body as string, { bom: true, columns: true });
    // For people: Chinese headers, names rather than ids, rates as percentages, Beijing time.
    expect(Object.keys(rows[0])).toEqual([
      '通报期数',
      '通报日期',
      '统计时间',
      '类别',
      '对象',
      '纳入案件数',
      '化解数',
      '销号数',
      '化解率',
      '应达进度',
      '逾期计划步骤数',
      '距目标天数',
      '评定',
    ]);
    expect(rows.map((r) => [r['类别'], r['纳入案件数'], r['化解数'], r['化解率']])).toEqual([
      ['合计', '4', '1', '25.0%'],
      ['单位', '1', '0', '0.0%'],
      ['单位', '3', '1', '33.3%'],
      ['包案领导', '1', '1', '100.0%'],
      ['包案领导', '1', '1', '100.0%'],
    ]);
    expect(rows[0]['对象']).toBe('合计');
    expect(rows[2]['对象']).toBe('示范乙县住房和城乡建设局');
    expect(rows[2]['评定']).toBe('表扬');
    expect(Date.parse(`${rows[0]['统计时间'].replace(' ', 'T')}+08:00`)).toBe(
      Math.floor(Date.parse(bulletin.asOf) / 1000) * 1000,
    );

    // The unit's staff: the totals and their own line, no leaders' lines.
    const unitView = expectStatus(
      await http.get(`/campaigns/${campaignId}/bulletins/1`).set('Authorization', Y_HANDLER),
      200,
    ).body;
    expect(unitView.units.map((l: { subjectId: string }) => l.subjectId)).toEqual(['y-zjj']);
    expect(unitView.leaders).toEqual([]);
    expect(unitView.totals.petitionIds).toEqual([]);
    // The county leader: the totals and their own line.
    const leaderView = expectStatus(
      await http.get(`/campaigns/${campaignId}/bulletins`).set('Authorization', Y_LEADER),
      200,
    ).body;
    expect(leaderView).toHaveLength(1);
    expect(leaderView[0].leaders.map((l: { subjectId: string }) => l.subjectId)).toEqual(['y-leader']);
    expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/2`).set('Authorization', Y_SUPERVISOR), 404);
    expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/1/csv`).set('Authorization', X_HANDLER), 404);
  });

  it("the bulletin downloads as a PDF (《…专项攻坚工作通报（第1期）》), each viewer's copy holding only their lines", async () => {
    const office = await downloadPdf(`/campaigns/${campaignId}/bulletins/1/pdf`, Y_SUPERVISOR);
    expect(office.response.headers['content-type']).toBe('application/pdf');
    expect(office.response.headers['content-disposition']).toContain(`campaign-${campaignId}-bulletin-1.pdf`);
    expect(office.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const words = pdfWords(office.bytes);
    const bulletin = expectStatus(
      await http.get(`/campaigns/${campaignId}/bulletins/1`).set('Authorization', Y_SUPERVISOR),
      200,
    ).body;
    // The instant it speaks for, on the Shanghai wall clock.
    const [date, time] = [bulletin.asOf.slice(0, 10).split('-').map(Number), bulletin.asOf.slice(11, 16)];
    expect(words).toContain(
      `乙县信访积案化解专项攻坚工作通报（第1期）（终期通报）示范乙县信访局${date[0]}年${date[1]}月${date[2]}日${time}（北京时间）`,
    );
    expect(words).toContain('乙县联席办〔2026〕1号');
    expect(words).toContain('纳入攻坚的案件4件，已化解1件，其中已销号0件，化解率25.0%');
    const rows = pdfRows(office.bytes);
    expect(rows).toContainEqual(['示范乙县住房和城乡建设局', '3', '1', '0', '33.3%', '0', '90天', '表扬']);
    expect(rows).toContainEqual(['示范乙县纪委监委', '1', '0', '0', '0.0%', '0', '90天', '—']);
    expect(rows).toContainEqual(['合计', '4', '1', '0', '25.0%', '0', '90天', '—']);
    expect(rows).toContainEqual(['市包案领导', '1', '1', '0', '100.0%', '0', '90天']);
    expect(rows).toContainEqual(['乙县包案领导', '1', '1', '0', '100.0%', '0', '90天']);
    expect(words).toContain('予以表扬（化解率不低于按期应达化解率）：示范乙县住房和城乡建设局。');
    expect(words).toContain('建议约谈（攻坚时间过25%后，化解率低于按期应达化解率的50%）：无。');
    expect(words).not.toContain('按查阅人权限');
    // The same bulletin renders to the same bytes.
    expect(
      (await downloadPdf(`/campaigns/${campaignId}/bulletins/1/pdf`, Y_SUPERVISOR)).bytes.equals(office.bytes),
    ).toBe(true);

    // The housing bureau's copy: the totals and its own line; not the discipline unit's, nor the leaders'.
    const unit = await downloadPdf(`/campaigns/${campaignId}/bulletins/1/pdf`, Y_HANDLER);
    const unitWords = pdfWords(unit.bytes);
    expect(unitWords).toContain('乙县信访积案化解专项攻坚工作通报（第1期）');
    expect(pdfRows(unit.bytes)).toContainEqual([
      '示范乙县住房和城乡建设局',
      '3',
      '1',
      '0',
      '33.3%',
      '0',
      '90天',
      '表扬',
    ]);
    expect(pdfRows(unit.bytes)).toContainEqual(['合计', '4', '1', '0', '25.0%', '0', '90天', '—']);
    expect(unitWords).not.toContain('示范乙县纪委监委');
    expect(unitWords).not.toContain('乙县包案领导');
    expect(unitWords).not.toContain('市包案领导');
    expect(unitWords).toContain('本件按查阅人权限生成');
    // The county leader's copy: their own line, not the city leader's.
    const leader = await downloadPdf(`/campaigns/${campaignId}/bulletins/1/pdf`, Y_LEADER);
    expect(pdfRows(leader.bytes)).toContainEqual(['乙县包案领导', '1', '1', '0', '100.0%', '0', '90天']);
    expect(pdfWords(leader.bytes)).not.toContain('市包案领导');

    // Refused as for the JSON, in the one error shape: another county, no sign-in, a bad number, a bulletin not issued.
    const other = expectStatus(
      await http.get(`/campaigns/${campaignId}/bulletins/1/pdf`).set('Authorization', X_HANDLER),
      404,
    );
    expect(other.body).toMatchObject({ statusCode: 404, code: 'notFound' });
    expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/1/pdf`).set('Authorization', Z_SUPERVISOR), 404);
    expect(expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/1/pdf`), 401).body).toMatchObject({
      statusCode: 401,
      code: 'unauthenticated',
    });
    expect(
      expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/0/pdf`).set('Authorization', Y_SUPERVISOR), 400)
        .body,
    ).toMatchObject({ code: 'validation', field: 'no' });
    expectStatus(await http.get(`/campaigns/${campaignId}/bulletins/2/pdf`).set('Authorization', Y_SUPERVISOR), 404);
  });

  it('the timeline says who did what and when, in order', async () => {
    const events = expectStatus(
      await http.get(`/campaigns/${campaignId}/timeline`).set('Authorization', Y_SUPERVISOR),
      200,
    ).body;
    const types = events.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('campaignLaunched');
    expect(types.filter((t: string) => t === 'caseJoined')).toHaveLength(4);
    expect(types.slice(-2)).toEqual(['campaignClosed', 'bulletinIssued']);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    const leaders = events.filter((e: { type: string }) => e.type === 'leaderAssigned');
    expect(leaders.map((e: { actorUserId: string; data: { level: string } }) => [e.actorUserId, e.data.level])).toEqual(
      [
        ['y-supervisor', 'county'],
        ['c-supervisor', 'city'],
      ],
    );
    const scheduled = events.find((e: { type: string }) => e.type === 'followUpScheduled');
    expect(scheduled.data.dueAt).toMatch(SHANGHAI_INSTANT);
    expect(scheduled.at).toMatch(SHANGHAI_INSTANT);
    expectStatus(await http.get(`/campaigns/${campaignId}/timeline`).set('Authorization', X_HANDLER), 404);
  });

  it('the campaign endpoints are in the OpenAPI document', async () => {
    const doc = expectStatus(await http.get('/docs/openapi.json'), 200).body;
    for (const path of [
      '/campaigns',
      '/campaigns/preview',
      '/campaigns/{id}',
      '/campaigns/{id}/timeline',
      '/campaigns/{id}/cases/{petitionId}/strike-off',
      '/campaigns/{id}/bulletins/{no}/csv',
      '/campaigns/{id}/bulletins/{no}/pdf',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const pdf = doc.paths['/campaigns/{id}/bulletins/{no}/pdf'].get.responses;
    expect(Object.keys(pdf['200'].content)).toEqual(['application/pdf']);
    const csv = doc.paths['/campaigns/{id}/bulletins/{no}/csv'].get.responses;
    expect(Object.keys(csv['200'].content)).toEqual(['text/csv']);
    // Refusals in the one error shape, as JSON (not as the document's media type).
    for (const responses of [pdf, csv]) {
      for (const status of ['400', '401', '404'])
        expect(responses[status].content).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } },
        });
    }
    expect(doc.components.schemas.CreateCampaignDto.required).toEqual(
      expect.arrayContaining(['name', 'planRef', 'startDate', 'targetDate', 'rules']),
    );
  });
});
