/**
 * 网上信访 over HTTP: a submission from the public page is acknowledged at once with its number and
 * 查询码; refused (and recorded nowhere) without consent, without a solved ALTCHA challenge, past
 * the limits of an address or a phone number, or with a file that is not a photo or a PDF; a
 * retry with the same Idempotency-Key answers the same acknowledgement. In the office's queue a
 * registrar registers it — the case was received at the submission instant, so its 15-day routing
 * clock starts there — or records why it is not a petition, which the submitter reads.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { JPEG_BYTES, solvedAltcha } from '../support/altcha-solver';

const REGISTRAR = staffBearer('x-registrar');
const OTHER_REGISTRAR = staffBearer('y-registrar');
const uploadsDir = mkdtempSync(join(tmpdir(), 'online-uploads-'));
let addressSeq = 0;
const newAddress = () => `198.51.100.${++addressSeq}`;
let phoneSeq = 0;
const newPhone = () => `1390000${String(++phoneSeq).padStart(4, '0')}`;

describe('网上信访 (online petitions)', () => {
  const service = useRunningService({
    configure: (config) => ({
      ...config,
      http: { ...config.http, trustProxy: '1' },
      online: {
        ...config.online,
        altcha: { ...config.online.altcha, cost: 1, maxCounter: 20 },
        limits: { windowSeconds: 600, perAddress: 3, perPhone: 2 },
      },
      storage: { kind: 'directory', root: uploadsDir, limits: config.storage.limits },
    }),
  });
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });
  afterAll(() => rmSync(uploadsDir, { recursive: true, force: true }));

  const content = (extra: Record<string, unknown> = {}) => ({
    officeUnitId: 'x-xfj',
    petitionerName: '网上张三',
    phone: newPhone(),
    address: '示县城关镇幸福路 1 号',
    category: 'appeal',
    request: '请求公开小区物业维修基金的使用情况',
    facts: '2026 年以来物业多次动用维修基金，未向业主公示。',
    consent: true,
    ...extra,
  });
  const altcha = async () => solvedAltcha((await http.get('/public/online-petitions/challenge').expect(200)).body);
  const submit = (
    body: Record<string, unknown>,
    options: { key?: string; address?: string; files?: { bytes: Buffer; name: string; type: string }[] } = {},
  ) => {
    let req = http
      .post('/public/online-petitions')
      .set('X-Forwarded-For', options.address ?? newAddress())
      .set('Idempotency-Key', options.key ?? randomUUID())
      .field('submission', JSON.stringify(body));
    for (const file of options.files ?? [{ bytes: JPEG_BYTES, name: '现场照片.jpg', type: 'image/jpeg' }])
      req = req.attach('files', file.bytes, { filename: file.name, contentType: file.type });
    return req;
  };
  const footprint = async () => {
    const [row] = await service.dataSource.query(
      `SELECT (SELECT count(*)::int FROM online_submissions) AS submissions, (SELECT count(*)::int FROM submission_files) AS files,
              (SELECT coalesce(sum(hits), 0)::int FROM rate_limits) AS hits`,
    );
    const stored = readdirSync(uploadsDir, { recursive: true }).filter((p) => /\/\d+$/.test(String(p))).length;
    return { ...row, stored };
  };
  const status = (number: string, code: string) =>
    http.get(`/public/online-petitions/${encodeURIComponent(number)}`).set('X-Query-Code', code);

  it('a submission with a photo is acknowledged with a submission number and a 查询码, and waits in the office queue masked', async () => {
    const body = content({ altcha: await altcha(), idNumber: '110101199003071234' });
    const before = Date.now();
    const ack = await submit(body).expect(201);
    expect(ack.body.submissionNumber).toMatch(/^网上信访〔\d{4}〕第\d{5}号$/);
    expect(ack.body.queryCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(ack.body).toMatchObject({ officeName: expect.stringContaining('信访局'), created: true });
    expect(Date.parse(ack.body.submittedAt)).toBeGreaterThanOrEqual(before - 1000);

    const seen = await status(ack.body.submissionNumber, ack.body.queryCode).expect(200);
    expect(seen.body).toMatchObject({ status: 'received', statusText: '已收到，待登记', caseNumber: null });
    await status(ack.body.submissionNumber, 'AAAA-BBBB-CCCC').expect(404);

    const queue = await http.get('/online-intake').set('Authorization', REGISTRAR).expect(200);
    const item = queue.body.find((i: { submissionNumber: string }) => i.submissionNumber === ack.body.submissionNumber);
    expect(item).toMatchObject({ petitionerName: '网***', fileCount: 1 });
    expect(item.phone).toMatch(/^139\*{4}\d{4}$/);
    // Another county's registrar does not see it.
    const other = await http.get('/online-intake').set('Authorization', OTHER_REGISTRAR).expect(200);
    expect(other.body.map((i: { id: string }) => i.id)).not.toContain(item.id);
    await http.get(`/online-intake/${item.id}`).set('Authorization', OTHER_REGISTRAR).expect(404);
    const detail = await http.get(`/online-intake/${item.id}`).set('Authorization', REGISTRAR).expect(200);
    expect(detail.body).toMatchObject({
      petitionerName: '网上张三',
      idNumber: '110101199003071234',
      status: 'received',
    });
    expect(detail.body.files).toEqual([
      expect.objectContaining({ seq: 1, fileName: '现场照片.jpg', contentType: 'image/jpeg', size: JPEG_BYTES.length }),
    ]);
    const file = await http.get(`/online-intake/${item.id}/files/1`).set('Authorization', REGISTRAR).expect(200);
    expect(Buffer.compare(file.body as Buffer, JPEG_BYTES)).toBe(0);
  });

  it('a retry with the same Idempotency-Key answers the same acknowledgement and records nothing more', async () => {
    const key = randomUUID();
    const body = content({ altcha: await altcha() });
    const first = await submit(body, { key }).expect(201);
    const after = await footprint();
    const again = await submit(body, { key }).expect(201);
    expect(again.body).toEqual({ ...first.body, created: false });
    expect(await footprint()).toEqual(after);
    // The same key for different content is a conflict, not a second submission.
    const changed = await submit({ ...body, request: '另一件事' }, { key }).expect(409);
    expect(changed.body.code).toBe('idempotencyConflict');
  });

  it('refuses without consent, without a solved ALTCHA, with a reused ALTCHA, and a file that is not a photo or PDF (415), writing nothing', async () => {
    // Solved first: fetching a challenge is counted by the address's throttle, which is not the submission's footprint.
    const [a1, a2, a3, a4] = await Promise.all([altcha(), altcha(), altcha(), altcha()]);
    const challenge = (await http.get('/public/online-petitions/challenge').expect(200)).body;
    const before = await footprint();
    const noConsent = await submit(content({ altcha: a1, consent: false })).expect(400);
    expect(noConsent.body).toMatchObject({
      code: 'validation',
      field: 'consent',
      messageKey: 'online.consentRequired',
    });
    expect(noConsent.body.message).toMatch(/个人信息保护告知/);

    const unsolved = Buffer.from(
      JSON.stringify({ challenge, solution: { counter: 123456, derivedKey: '00' } }),
    ).toString('base64');
    const notSolved = await submit(content({ altcha: unsolved })).expect(400);
    expect(notSolved.body).toMatchObject({ field: 'altcha', messageKey: 'online.altchaFailed' });
    await submit(content({ altcha: 'bm90IGpzb24=' })).expect(400);
    const missing = await submit(Object.fromEntries(Object.entries(content()).filter(([k]) => k !== 'altcha'))).expect(
      400,
    );
    expect(JSON.stringify(missing.body)).toMatch(/altcha/);

    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 1)]);
    const wrongType = await submit(content({ altcha: a2 }), {
      files: [{ bytes: exe, name: '照片.jpg', type: 'image/jpeg' }],
    }).expect(415);
    expect(wrongType.body).toMatchObject({ code: 'unsupportedMediaType', messageKey: 'online.fileType' });
    const json = await http
      .post('/public/online-petitions')
      .set('Idempotency-Key', randomUUID())
      .send(content({ altcha: a3 }))
      .expect(415);
    expect(json.body.code).toBe('unsupportedMediaType');
    const unknownField = await submit(content({ altcha: a4, extra: 1 })).expect(400);
    expect(unknownField.body.code).toBe('validation');
    expect(await footprint()).toEqual(before);

    // One solved challenge buys one submission.
    const solved = await altcha();
    await submit(content({ altcha: solved })).expect(201);
    const afterOne = await footprint();
    const reused = await submit(content({ altcha: solved })).expect(400);
    expect(reused.body.messageKey).toBe('online.altchaReused');
    expect(await footprint()).toEqual(afterOne);
  });

  it('past the submissions of one phone number or one address: 429 rateLimited with Retry-After, writing nothing', async () => {
    const phone = newPhone();
    await submit(content({ altcha: await altcha(), phone })).expect(201);
    await submit(content({ altcha: await altcha(), phone })).expect(201);
    const third = await altcha();
    const before = await footprint();
    const byPhone = await submit(content({ altcha: third, phone: `+86 ${phone}` })).expect(429);
    expect(byPhone.body).toMatchObject({ code: 'rateLimited', messageKey: 'online.rateLimited' });
    expect(Number(byPhone.headers['retry-after'])).toBeGreaterThan(0);
    expect(await footprint()).toEqual(before);

    const address = newAddress();
    for (let i = 0; i < 3; i++) await submit(content({ altcha: await altcha() }), { address }).expect(201);
    const fourth = await altcha();
    const beforeAddress = await footprint();
    const byAddress = await submit(content({ altcha: fourth }), { address }).expect(429);
    expect(byAddress.body.code).toBe('rateLimited');
    expect(Number(byAddress.headers['retry-after'])).toBeGreaterThan(0);
    expect(await footprint()).toEqual(beforeAddress);
    // Another address with another phone is not held up.
    await submit(content({ altcha: await altcha() })).expect(201);
  });

  it('registered by the registrar: receivedAt is the submission instant (the routing clock starts there), channel online, files carried over, and the 查询码 follows the case', async () => {
    const ack = (await submit(content({ altcha: await altcha(), category: 'suggestion' })).expect(201)).body;
    const [{ id }] = await service.dataSource.query(`SELECT id FROM online_submissions WHERE submission_number = $1`, [
      ack.submissionNumber,
    ]);
    const registration = {
      category: 'suggestion',
      petitionerName: '网上张三',
      petitionerContact: '13900000000',
      summary: '请求公开小区物业维修基金的使用情况',
    };
    const registered = await http
      .post(`/online-intake/${id}/register`)
      .set('Authorization', REGISTRAR)
      .send(registration)
      .expect(200);
    expect(registered.body).toMatchObject({
      submissionNumber: ack.submissionNumber,
      receivedAt: ack.submittedAt,
      created: true,
      filesCarriedOver: 1,
    });
    expect(registered.body.caseNumber).toMatch(/^示县信〔\d{4}〕第\d{5}号$/);
    // channel and receivedAt are not the registrar's to send.
    await http
      .post(`/online-intake/${id}/register`)
      .set('Authorization', REGISTRAR)
      .send({ ...registration, channel: 'visit' })
      .expect(400);

    const again = await http
      .post(`/online-intake/${id}/register`)
      .set('Authorization', REGISTRAR)
      .send(registration)
      .expect(200);
    expect(again.body).toMatchObject({ petitionId: registered.body.petitionId, created: false });

    const kase = await http.get(`/petitions/${registered.body.petitionId}`).set('Authorization', REGISTRAR).expect(200);
    const routing = kase.body.live.clocks.find((c: { id: string }) => c.id === 'routing');
    expect(routing.startedAt).toBe(ack.submittedAt);
    // The registration event, once projected, says how it came in.
    let channel: string | undefined;
    for (let i = 0; i < 50 && !channel; i++) {
      const rows: { channel: string }[] = await service.dataSource.query(
        `SELECT data ->> 'channel' AS channel FROM petition_events WHERE petition_id = $1 AND type = 'registered'`,
        [registered.body.petitionId],
      );
      channel = rows[0]?.channel;
      if (!channel) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(channel).toBe('online');

    const files = await service.dataSource.query(
      `SELECT petition_id, sha256, size::int AS size FROM submission_files WHERE submission_id = $1`,
      [id],
    );
    expect(files).toEqual([
      {
        petition_id: registered.body.petitionId,
        sha256: createHash('sha256').update(JPEG_BYTES).digest('hex'),
        size: JPEG_BYTES.length,
      },
    ]);
    // …and the case's 信访材料: the same bytes, its hash and size in the case's history.
    const materials = await http
      .get(`/petitions/${registered.body.petitionId}/materials`)
      .set('Authorization', REGISTRAR)
      .expect(200);
    expect(materials.body).toEqual([
      expect.objectContaining({
        kind: 'petitionLetter',
        sha256: createHash('sha256').update(JPEG_BYTES).digest('hex'),
        byteLength: JPEG_BYTES.length,
      }),
    ]);
    const download = await http
      .get(`/petitions/${registered.body.petitionId}/materials/${materials.body[0].fileId}`)
      .set('Authorization', REGISTRAR)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, JPEG_BYTES)).toBe(0);

    const seen = await status(ack.submissionNumber, ack.queryCode).expect(200);
    expect(seen.body).toMatchObject({ status: 'registered', caseNumber: registered.body.caseNumber });
    // The petitioner's lookup finds the case by the submission number, or by the case number, with the same 查询码.
    for (const ref of [ack.submissionNumber, registered.body.caseNumber]) {
      const view = await http
        .get(`/public/petitions/${encodeURIComponent(ref)}`)
        .set('X-Query-Code', ack.queryCode)
        .expect(200);
      expect(view.body.caseNumber).toBe(registered.body.caseNumber);
    }
    const queue = await http.get('/online-intake').set('Authorization', REGISTRAR).expect(200);
    expect(queue.body.map((i: { id: string }) => i.id)).not.toContain(id);
    // Decided: it cannot also be refused.
    await http
      .post(`/online-intake/${id}/not-registered`)
      .set('Authorization', REGISTRAR)
      .send({ reason: '不属于信访事项' })
      .expect(409);
  });

  it('不予登记 with a reason: stored, and the submitter reads it with the 查询码; it cannot then be registered', async () => {
    const ack = (await submit(content({ altcha: await altcha() })).expect(201)).body;
    const [{ id }] = await service.dataSource.query(`SELECT id FROM online_submissions WHERE submission_number = $1`, [
      ack.submissionNumber,
    ]);
    const reason = '所反映事项属于民事纠纷，请依法向人民法院提起诉讼。';
    await http.post(`/online-intake/${id}/not-registered`).set('Authorization', REGISTRAR).send({}).expect(400);
    const refused = await http
      .post(`/online-intake/${id}/not-registered`)
      .set('Authorization', REGISTRAR)
      .send({ reason })
      .expect(200);
    expect(refused.body).toMatchObject({ status: 'notRegistered', notRegisteredReason: reason });
    const seen = await status(ack.submissionNumber, ack.queryCode).expect(200);
    expect(seen.body).toMatchObject({ status: 'notRegistered', statusText: '不予登记', notRegisteredReason: reason });
    expect(seen.body.decidedAt).toEqual(expect.any(String));
    await http
      .post(`/online-intake/${id}/register`)
      .set('Authorization', REGISTRAR)
      .send({ category: 'appeal', petitionerName: '网上张三', summary: '物业' })
      .expect(409);
    // Not a case: the petitioner lookup has none to show.
    await http
      .get(`/public/petitions/${encodeURIComponent(ack.submissionNumber)}`)
      .set('X-Query-Code', ack.queryCode)
      .expect(404);
  });
});
