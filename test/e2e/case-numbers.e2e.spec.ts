/**
 * 信访件编号 over HTTP with the real worker: numbers per office and year, in sequence and without
 * gaps across two offices; a retry gets its number again; refused registrations and a rolled-back
 * allocation take none; the number reaches the case view, the workflow, the lists and the
 * petitioner's page; the 登记回执 PDF says the number, the 查询码, the office and the due date;
 * the search by number, name and phone stays within what the searcher may see, and each such search
 * is on the audit trail.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { allocateCaseNumber } from '../../libs/persistence/case-numbers';
import { computeDeadline } from '../../libs/process/deadline';
import { CLOCKS } from '../../libs/process/policy';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { pdfWords } from '../support/pdf-text';

const DAY = 86_400_000;
const NUMBER = /^(示[县乙]信)〔(\d{4})〕第(\d{5})号$/;
const serialOf = (n: string) => Number(NUMBER.exec(n)![3]);
const chineseDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

describe('case numbers (信访件编号), the registration receipt and the search by number, name and phone', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  const tag = randomUUID().slice(0, 6);
  // Names and phones no other test uses, so the searches find exactly these cases.
  const name = `欧阳${tag}`;
  const phone = `139${String(Date.now()).slice(-8)}`;
  // One instant for every body: a retry must send the same body.
  const receivedAt = new Date(Date.now() - 2 * DAY).toISOString();
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const body = (extra: Record<string, unknown> = {}) => ({
    category: 'appeal',
    channel: 'visit',
    receivedAt,
    petitionerName: name,
    petitionerContact: phone,
    summary: `村道硬化工程拖欠 ${tag}`,
    ...extra,
  });
  async function register(user: string, key: string, extra: Record<string, unknown> = {}) {
    return http
      .post('/petitions')
      .set('Authorization', staffBearer(user))
      .set('Idempotency-Key', key)
      .send(body(extra));
  }
  async function registered(user: string, extra: Record<string, unknown> = {}) {
    const response = await register(user, randomUUID(), extra);
    if (response.status !== 201) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as { petitionId: string; caseNumber: string; queryCode: string };
  }
  async function auditRowsAfter(seq: number) {
    return service.dataSource.query(
      `SELECT actor_user_id, action, outcome, detail FROM audit_trail WHERE seq > $1 AND action = 'searchCases' ORDER BY seq`,
      [seq],
    ) as Promise<{ actor_user_id: string; action: string; outcome: string; detail: Record<string, unknown> }[]>;
  }
  const lastSeq = async () =>
    Number((await service.dataSource.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit_trail`))[0].seq);

  let first: { petitionId: string; caseNumber: string; queryCode: string };

  it('numbers each office’s registrations of the year in sequence, without gaps, whatever the other office does', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    first = await registered('x-registrar');
    const y1 = await registered('y-registrar');
    const second = await registered('x-registrar');
    const y2 = await registered('y-registrar');
    const third = await registered('x-registrar');
    expect(NUMBER.exec(first.caseNumber)!.slice(1, 3)).toEqual(['示县信', String(year)]);
    expect(NUMBER.exec(y1.caseNumber)!.slice(1, 3)).toEqual(['示乙信', String(year)]);
    expect([second, third].map((c) => serialOf(c.caseNumber))).toEqual([
      serialOf(first.caseNumber) + 1,
      serialOf(first.caseNumber) + 2,
    ]);
    expect(serialOf(y2.caseNumber)).toBe(serialOf(y1.caseNumber) + 1);
  });

  it('a retry gets the same number; refused registrations and a rolled-back allocation leave no gap', async () => {
    const key = randomUUID();
    const original = await register('x-registrar', key);
    expect(original.status).toBe(201);
    const retry = await register('x-registrar', key);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ created: false, caseNumber: original.body.caseNumber });
    // Refused: the same key with another body (409), a future date (400), an accusation against itself (403).
    expect((await register('x-registrar', key, { summary: '另一件事' })).status).toBe(409);
    expect(
      (await register('x-registrar', randomUUID(), { receivedAt: new Date(Date.now() + DAY).toISOString() })).status,
    ).toBe(400);
    expect(
      (await register('x-registrar', randomUUID(), { category: 'accusation', accusedUnitId: 'x-xfj' })).status,
    ).toBe(403);
    // A registration whose transaction fails after taking its number gives the number back.
    const rolledBack = await service.dataSource
      .transaction(async (tx) => {
        const n = await allocateCaseNumber(tx, 'x-xfj', Date.now());
        throw Object.assign(new Error('start failed'), { n });
      })
      .catch((e: { n: { serial: number } }) => e.n.serial);
    expect(rolledBack).toBe(serialOf(original.body.caseNumber) + 1);
    const next = await registered('x-registrar');
    expect(serialOf(next.caseNumber)).toBe(serialOf(original.body.caseNumber) + 1);
  });

  it('the case view, the workflow, the search list and the petitioner’s page carry the number; the petitioner finds the case by it', async () => {
    const shown = await http
      .get(`/petitions/${first.petitionId}`)
      .set('Authorization', staffBearer('x-registrar'))
      .expect(200);
    expect(shown.body.caseNumber).toBe(first.caseNumber);
    expect(shown.body.live.caseNumber).toBe(first.caseNumber);
    const found = await http
      .get(
        `/petitions/by-number/${encodeURIComponent(first.caseNumber.replace('〔', '[').replace('〕', ']').replace('第', ''))}`,
      )
      .set('Authorization', staffBearer('x-registrar'))
      .expect(200);
    expect(found.body).toEqual({ petitionId: first.petitionId, caseNumber: first.caseNumber });
    // Another county's registrar may not see it: the same 404 as for no such number.
    await http
      .get(`/petitions/by-number/${encodeURIComponent(first.caseNumber)}`)
      .set('Authorization', staffBearer('y-registrar'))
      .expect(404);
    const publicView = await http
      .get(`/public/petitions/${encodeURIComponent(first.caseNumber)}`)
      .set('X-Query-Code', first.queryCode)
      .expect(200);
    expect(publicView.body).toMatchObject({ petitionId: first.petitionId, caseNumber: first.caseNumber });
    await http
      .get(`/public/petitions/${encodeURIComponent(first.caseNumber)}`)
      .set('X-Query-Code', 'AAAA-BBBB-CCCC')
      .expect(404);
  });

  it('the 登记回执 PDF says the number, the 查询码, the date received, the office and the acceptance due date; only for the registering office', async () => {
    const response = await http
      .get(`/petitions/${first.petitionId}/receipt`)
      .set('Authorization', staffBearer('x-registrar'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = pdfWords(response.body as Buffer);
    const due = computeDeadline(CLOCKS.acceptanceNotice, Date.parse(receivedAt), 15).lastDay;
    const receivedDay = new Date(Date.parse(receivedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const expected of [
      '信访事项登记回执',
      first.caseNumber,
      first.queryCode,
      '示范县信访局',
      `收到日期${chineseDate(receivedDay)}`,
      `${chineseDate(due)}前`,
    ])
      expect(text).toContain(expected);
    await http
      .get(`/petitions/${first.petitionId}/receipt`)
      .set('Authorization', staffBearer('x-supervisor'))
      .expect(200);
    // The city's supervisor sees the case but did not register it: the 查询码 is not theirs to print.
    await http
      .get(`/petitions/${first.petitionId}/receipt`)
      .set('Authorization', staffBearer('c-supervisor'))
      .expect(403);
  });

  it('finds cases by number, name prefix and phone (any format) only among those the searcher may see; each search is audited without the name or phone', async () => {
    const before = await lastSeq();
    const search = (user: string, query: Record<string, string>) =>
      http.get('/petitions').query(query).set('Authorization', staffBearer(user)).expect(200);
    const ids = (r: request.Response) => (r.body.items as { petitionId: string }[]).map((i) => i.petitionId);
    const byNumber = await search('x-registrar', { caseNumber: first.caseNumber });
    expect(ids(byNumber)).toEqual([first.petitionId]);
    expect(byNumber.body.items[0].caseNumber).toBe(first.caseNumber);
    expect(ids(await search('y-registrar', { caseNumber: first.caseNumber }))).toEqual([]);

    const xCases = (await service.dataSource.query(
      `SELECT petition_id FROM petition_intakes WHERE petitioner_name = $1 AND registering_unit_id = 'x-xfj'`,
      [name],
    )) as { petition_id: string }[];
    const byName = await search('x-registrar', { petitionerName: name.slice(0, 3), limit: '100' });
    expect(new Set(ids(byName))).toEqual(new Set(xCases.map((r) => r.petition_id)));
    const byPhone = await search('x-registrar', {
      petitionerPhone: `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
      limit: '100',
    });
    expect(new Set(ids(byPhone))).toEqual(new Set(xCases.map((r) => r.petition_id)));
    // A phone is matched whole: its beginning finds nothing.
    expect(ids(await search('x-registrar', { petitionerPhone: phone.slice(0, 7) }))).toEqual([]);
    // 乙县 sees its own two, never 县's.
    const yByName = ids(await search('y-registrar', { petitionerName: name }));
    expect(yByName).toHaveLength(2);
    expect(yByName.some((id) => xCases.some((r) => r.petition_id === id))).toBe(false);
    // The city's supervisor oversees both counties.
    expect(ids(await search('c-supervisor', { petitionerName: name, limit: '100' }))).toHaveLength(xCases.length + 2);

    const rows = await auditRowsAfter(before);
    expect(rows.map((r) => [r.actor_user_id, r.detail.by])).toEqual([
      ['x-registrar', ['caseNumber']],
      ['y-registrar', ['caseNumber']],
      ['x-registrar', ['petitionerName']],
      ['x-registrar', ['petitionerPhone']],
      ['x-registrar', ['petitionerPhone']],
      ['y-registrar', ['petitionerName']],
      ['c-supervisor', ['petitionerName']],
    ]);
    expect(rows[0].detail).toMatchObject({ caseNumber: first.caseNumber, found: [first.petitionId] });
    expect(rows[1].detail).toMatchObject({ found: [] });
    const written = JSON.stringify(rows);
    expect(written).not.toContain(name);
    expect(written).not.toContain(phone.slice(3));
    // A plain filter search is not a lookup of a person: nothing on the trail.
    await search('x-registrar', { category: 'appeal' });
    expect(await auditRowsAfter(before)).toHaveLength(rows.length);
  });
});
