/**
 * 案件材料 over HTTP with the real worker, on each object store (a directory; SeaweedFS's S3 when
 * installed): staff of a case attach a file of a kind, streamed into the store; it is listed,
 * downloaded by whoever sees the case (each download on the audit trail) and hidden (404) from the
 * accused unit and from another region; the workflow's history holds its SHA-256; a file over the
 * limit is 413, content that is not an allowed type or not the declared one 415, and a refused
 * upload leaves no object, no row and no event; a retry with the same Idempotency-Key stores nothing new.
 */
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { objectStoreBackends, type TestObjectStore } from '../support/object-stores';
import { signOffOverHttp } from '../support/sign-off';

const LIMITS = { maxFileBytes: 64 * 1024, maxCaseBytes: 150 * 1024 };

/** A PDF's signature and filler: what matters here is the first bytes and the size. */
function pdf(bytes: number, seed = 'a'): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), seed)]);
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Each payload's data read as text (the decoded history's payloads are JSON). */
function payloadTexts(tree: unknown): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.metadata && typeof record.data === 'string')
        texts.push(Buffer.from(record.data, 'base64').toString('utf8'));
      else Object.values(record).forEach(visit);
    }
  };
  visit(tree);
  return texts;
}

describe.each(objectStoreBackends().map((backend) => [backend.name, backend] as const))(
  '案件材料 on the %s object store',
  (_name, backend) => {
    let store: TestObjectStore;
    const service = useRunningService({
      configure: async (config) => {
        store = await backend.start(LIMITS);
        return { ...config, storage: store.config };
      },
    });
    afterAll(async () => store?.stop());
    let http: ReturnType<typeof request>;

    async function register(body: Record<string, unknown>): Promise<string> {
      const registered = await http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', randomUUID())
        .send({
          category: 'appeal',
          channel: 'letter',
          receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
          petitionerName: '孙九',
          summary: '反映村道损毁，无人修复',
          ...body,
        })
        .expect(201);
      return registered.body.petitionId;
    }

    function upload(
      id: string,
      file: Buffer,
      options: { user?: string; key?: string; kind?: string; type?: string; name?: string; materialId?: string } = {},
    ) {
      const post = http
        .post(`/petitions/${id}/materials`)
        .set('Authorization', staffBearer(options.user ?? 'x-registrar'))
        .set('Idempotency-Key', options.key ?? randomUUID())
        .field('kind', options.kind ?? 'petitionLetter')
        .field('caption', '信访人来信扫描件');
      if (options.materialId) post.field('materialId', options.materialId);
      return post.attach('file', file, {
        filename: options.name ?? '来信.pdf',
        contentType: options.type ?? 'application/pdf',
      });
    }

    async function materialEvents(id: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
      const timeline = await http
        .get(`/petitions/${id}/timeline`)
        .set('Authorization', staffBearer('x-registrar'))
        .expect(200);
      return timeline.body.filter((e: { type: string }) => e.type === 'materialAttached');
    }

    async function rowCount(id: string): Promise<number> {
      const [{ n }] = await service.dataSource.query(
        `SELECT count(*)::int AS n FROM case_materials WHERE petition_id = $1`,
        [id],
      );
      return n;
    }

    beforeAll(() => {
      http = request(service.app.getHttpServer());
    });

    it('a file is stored, listed, downloaded by staff who see the case, and its SHA-256 is in the workflow history', async () => {
      const id = await register({});
      const file = pdf(20_000);
      const uploaded = await upload(id, file).expect(201);
      expect(uploaded.body).toMatchObject({
        kind: 'petitionLetter',
        caption: '信访人来信扫描件',
        fileName: '来信.pdf',
        mediaType: 'application/pdf',
        byteLength: file.length,
        sha256: sha256(file),
        version: 1,
        uploadedBy: 'x-registrar',
        superseded: false,
      });
      const listed = await http
        .get(`/petitions/${id}/materials`)
        .set('Authorization', staffBearer('x-registrar'))
        .expect(200);
      expect(listed.body).toEqual([uploaded.body]);

      const before = (await service.dataSource.query(`SELECT coalesce(max(seq), 0)::int AS seq FROM audit_trail`))[0]
        .seq;
      const downloaded = await http
        .get(`/petitions/${id}/materials/${uploaded.body.fileId}`)
        .set('Authorization', staffBearer('x-registrar'))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(downloaded.body as Buffer, file)).toBe(0);
      expect(downloaded.headers['content-type']).toMatch(/^application\/pdf/);
      expect(downloaded.headers['content-disposition']).toMatch(/^inline;/);
      expect(downloaded.headers['x-content-sha256']).toBe(sha256(file));
      const audited = await service.dataSource.query(
        `SELECT kind, action, actor_user_id, detail FROM audit_trail WHERE seq > $1 AND action = 'downloadMaterial' AND detail ? 'fileId'`,
        [before],
      );
      expect(audited).toEqual([
        expect.objectContaining({
          kind: 'caseRead',
          actor_user_id: 'x-registrar',
          detail: expect.objectContaining({ fileId: uploaded.body.fileId, sha256: sha256(file) }),
        }),
      ]);

      const events = await materialEvents(id);
      expect(events).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            fileId: uploaded.body.fileId,
            sha256: sha256(file),
            size: file.length,
            version: 1,
          }),
        }),
      ]);
      const history = await http
        .get(`/audit/petitions/${id}/history`)
        .set('Authorization', staffBearer('p-auditor'))
        .expect(200);
      const recorded = payloadTexts(history.body.runs)
        .filter((text) => text.includes('"fileId"') && text.includes(uploaded.body.fileId))
        .map((text) => JSON.parse(text) as { sha256?: string; size?: number });
      expect(recorded.length).toBeGreaterThan(0);
      expect(recorded[0]).toMatchObject({ sha256: sha256(file), size: file.length });
      // Names and captions stay out of the history.
      expect(JSON.stringify(payloadTexts(history.body.runs))).not.toContain('信访人来信扫描件');
    });

    it('the accused unit and another region get 404 for the list and the file', async () => {
      const id = await register({ category: 'accusation', accusedUnitId: 'x-zjj', summary: '检举某局违规收费' });
      await http
        .post(`/petitions/${id}/actions/route`)
        .set('Authorization', staffBearer('x-registrar'))
        .send({ requestId: randomUUID(), args: { unitId: 'x-jw' } })
        .expect(200);
      const uploaded = await upload(id, pdf(5_000)).expect(201);
      // The handling unit sees it.
      await http.get(`/petitions/${id}/materials`).set('Authorization', staffBearer('x-jw-handler')).expect(200);
      for (const user of ['x-handler', 'y-registrar']) {
        const list = await http.get(`/petitions/${id}/materials`).set('Authorization', staffBearer(user)).expect(404);
        expect(list.body.code).toBe('notFound');
        await http
          .get(`/petitions/${id}/materials/${uploaded.body.fileId}`)
          .set('Authorization', staffBearer(user))
          .expect(404);
        await upload(id, pdf(5_000), { user }).expect(404);
      }
    });

    it('refused uploads (413 over the limit, 415 wrong content) leave no object, no row and no event', async () => {
      const id = await register({});
      const tooLarge = await upload(id, pdf(LIMITS.maxFileBytes + 1)).expect(413);
      expect(tooLarge.body.code).toBe('fileTooLarge');
      const pdfAsPng = await upload(id, pdf(5_000), { type: 'image/png', name: 'photo.png' }).expect(415);
      expect(pdfAsPng.body.code).toBe('contentTypeMismatch');
      const textAsPdf = await upload(id, Buffer.from('只是一段文字，不是PDF'.repeat(20)), { name: 'a.pdf' }).expect(
        415,
      );
      expect(textAsPdf.body.code).toBe('contentTypeMismatch');
      const script = await upload(id, Buffer.from('#!/bin/sh\necho hi\n'), {
        type: 'application/x-sh',
        name: 'a.sh',
      }).expect(415);
      expect(script.body.code).toBe('unsupportedMediaType');
      expect(await store.keys(`materials/${id}`)).toEqual([]);
      expect(await rowCount(id)).toBe(0);
      expect(await materialEvents(id)).toEqual([]);

      // The case's limit: two files fit, the third would pass it.
      await upload(id, pdf(60_000, 'b')).expect(201);
      await upload(id, pdf(60_000, 'c')).expect(201);
      const overCase = await upload(id, pdf(60_000, 'd')).expect(413);
      expect(overCase.body.code).toBe('caseQuotaExceeded');
      expect(await store.keys(`materials/${id}`)).toHaveLength(2);
      expect(await rowCount(id)).toBe(2);
      expect(await materialEvents(id)).toHaveLength(2);
    });

    it('a retried upload (same Idempotency-Key) stores nothing new; a new version keeps the old one', async () => {
      const id = await register({});
      const key = randomUUID();
      const first = await upload(id, pdf(8_000), { key }).expect(201);
      const retry = await upload(id, pdf(8_000), { key }).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(await rowCount(id)).toBe(1);
      expect(await materialEvents(id)).toHaveLength(1);
      expect(await store.keys(`materials/${id}`)).toHaveLength(1);

      const second = await upload(id, pdf(9_000, 'z'), {
        materialId: first.body.materialId,
        kind: 'investigation',
      }).expect(201);
      expect(second.body).toMatchObject({ materialId: first.body.materialId, version: 2 });
      const listed = await http
        .get(`/petitions/${id}/materials`)
        .set('Authorization', staffBearer('x-registrar'))
        .expect(200);
      expect(listed.body.map((m: { version: number; superseded: boolean }) => [m.version, m.superseded])).toEqual([
        [1, true],
        [2, false],
      ]);
    });

    it("a delivery record points at the scanned 送达回证 among the case's materials, and only at one of them", async () => {
      const id = await register({});
      const act = async (user: string, action: string, args: Record<string, unknown>) =>
        signOffOverHttp(
          http,
          id,
          await http
            .post(`/petitions/${id}/actions/${action}`)
            .set('Authorization', staffBearer(user))
            .send({ requestId: randomUUID(), args }),
        );
      expect((await act('x-registrar', 'route', { unitId: 'x-zjj' })).status).toBe(200);
      expect((await act('x-handler', 'accept', {})).status).toBe(200);
      const replied = await act('x-head', 'issueReply', {
        outcome: 'explained',
        facts: '经现场核查，村道损毁属实。',
        reasons: '已列入年度修缮计划。',
        legalBasis: '《农村公路养护管理办法》第十条',
      });
      expect(replied.status).toBe(200);
      const receipt = await upload(id, pdf(6_000), {
        user: 'x-handler',
        kind: 'deliveryReceipt',
        name: '送达回证.pdf',
      }).expect(201);
      const delivery = {
        deliveredAt: new Date().toISOString(),
        method: 'direct',
        signedBy: 'petitioner',
        documentId: replied.body.awaitingDelivery.documentId,
      };
      const stranger = await act('x-handler', 'recordDelivery', { ...delivery, receiptFileId: randomUUID() });
      expect(stranger.status).toBe(400);
      expect(stranger.body.field).toBe('args.receiptFileId');
      const delivered = await act('x-handler', 'recordDelivery', { ...delivery, receiptFileId: receipt.body.fileId });
      expect(delivered.status).toBe(200);
      expect(delivered.body.deliveries).toEqual([expect.objectContaining({ receiptFileId: receipt.body.fileId })]);
    });
  },
);
