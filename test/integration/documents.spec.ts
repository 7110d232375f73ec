/**
 * The document library on the real database: 文号 are numbered per unit and year without gaps from
 * retries or duplicates from concurrent workers, a document is stored once per key and never
 * changed, and rendering is deterministic with text that can be extracted.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { findDocumentByKey, formatDocumentNumber, renderPdf, reserveDocumentNumber, storeDocument } from '../../libs/documents';
import { openDataSource } from '../support/harness';
import { pdfWords } from '../support/pdf-text';

describe('documents: numbering (文号), storage and rendering', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  // A year no other test issues documents in, so the serials start at 1.
  const year = 2091;

  it('each key keeps the number it was given; concurrent reservations of one key take one number, of different keys consecutive ones', async () => {
    const key = `test:${randomUUID()}`;
    const same = await Promise.all(Array.from({ length: 6 }, () => reserveDocumentNumber(dataSource.manager, key, 'c-zjj', year)));
    expect(new Set(same.map((n) => n.number))).toEqual(new Set([same[0].number]));
    const others = await Promise.all(Array.from({ length: 5 }, () => reserveDocumentNumber(dataSource.manager, `test:${randomUUID()}`, 'c-zjj', year)));
    const serials = [same[0].serial, ...others.map((n) => n.serial)].sort((a, b) => a - b);
    expect(serials).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await reserveDocumentNumber(dataSource.manager, key, 'c-zjj', year)).toEqual(same[0]);
    expect(same[0].number).toBe(formatDocumentNumber('c-zjj', year, same[0].serial));
    expect(formatDocumentNumber('x-zjj', 2026, 12)).toBe('x-zjj〔2026〕12号');
    // another unit, or another year, counts from 1
    expect((await reserveDocumentNumber(dataSource.manager, `test:${randomUUID()}`, 'p-zjj', year)).serial).toBe(1);
  });

  it('renders the same document to the same bytes, with its Chinese text extractable', async () => {
    const issuedAt = Date.parse('2091-03-01T10:00:00+08:00');
    const content = [{ text: '信访事项受理告知书', bold: true }, '本机关将于2091年4月30日前办结。'];
    const first = await renderPdf(content, { title: '受理告知书', author: '示范县住房和城乡建设局', issuedAt });
    const second = await renderPdf(content, { title: '受理告知书', author: '示范县住房和城乡建设局', issuedAt });
    expect(second.sha256).toBe(first.sha256);
    expect(first.bytes.equals(second.bytes)).toBe(true);
    expect(pdfWords(first.bytes)).toBe('信访事项受理告知书本机关将于2091年4月30日前办结。');
  });

  it('stores a document once per key; the first stored wins and nothing can change it', async () => {
    const key = `test:${randomUUID()}`;
    const number = await reserveDocumentNumber(dataSource.manager, key, 'x-jw', year);
    const rendered = await renderPdf(['第一次'], { title: 't', author: 'a', issuedAt: Date.now() });
    const base = { documentKey: key, kind: 'acceptanceNotice', audience: 'petitioner' as const, petitionId: randomUUID(), unitId: 'x-jw', year, serial: number.serial, number: number.number, title: 't', issuedAt: Date.now() };
    const stored = await storeDocument(dataSource.manager, { ...base, bytes: rendered.bytes, sha256: rendered.sha256 });
    const retry = await renderPdf(['第二次'], { title: 't', author: 'a', issuedAt: Date.now() });
    expect(await storeDocument(dataSource.manager, { ...base, bytes: retry.bytes, sha256: retry.sha256 })).toEqual(stored);
    expect(await findDocumentByKey(dataSource.manager, key)).toEqual({ documentId: stored.documentId, sha256: rendered.sha256, number: number.number });
    await expect(dataSource.query(`DELETE FROM documents WHERE id = $1`, [stored.documentId])).rejects.toThrow(/never changed once issued/);
    await expect(dataSource.query(`UPDATE documents SET content = 'x' WHERE id = $1`, [stored.documentId])).rejects.toThrow(/never changed once issued/);
  });
});
