/**
 * An upload whose outcome the API cannot confirm (issue 18's fault test, the branch a killed worker
 * does not reach): the case's workflow recorded the file, then the row's commit failed (a trigger,
 * installed as the schema's owner, refuses that one row). The API must not delete the object the
 * history now names: it answers 503 `material.outcomeUnknown` and keeps it. The retention run's
 * orphan sweep keeps it too (the timeline names its fileId) and reports it. The retry with the same
 * Idempotency-Key then records it once: one row, one object, one event, the same SHA-256.
 */
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createObjectStore } from '@/libs/storage/storage-config';
import { enforceObjectRetention } from '@/libs/storage/object-retention';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { objectStoreBackends, type TestObjectStore } from '../support/object-stores';
import { asOwner } from '../support/owner';

const LIMITS = { maxFileBytes: 64 * 1024, maxCaseBytes: 150 * 1024 };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('an upload recorded by the workflow whose row failed to commit', () => {
  let store: TestObjectStore;
  const service = useRunningService({
    configure: async (config) => {
      store = await objectStoreBackends()[0].start(LIMITS);
      return { ...config, storage: store.config };
    },
  });
  afterAll(async () => store?.stop());

  it('answers 503 outcomeUnknown and keeps the object; the sweep keeps it; the retry records it once', async () => {
    const http = request(service.app.getHttpServer());
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
      })
      .expect(201);
    const id: string = registered.body.petitionId;
    const key = `outcome-unknown-${randomUUID()}`;
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10_000, 'q')]);
    const upload = () =>
      http
        .post(`/petitions/${id}/materials`)
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', key)
        .field('kind', 'investigation')
        .field('caption', '调查笔录')
        .attach('file', file, { filename: '笔录.pdf', contentType: 'application/pdf' });
    const timelineEvents = async () =>
      (
        await http.get(`/petitions/${id}/timeline`).set('Authorization', staffBearer('x-registrar')).expect(200)
      ).body.filter((e: { type: string }) => e.type === 'materialAttached') as { data: { fileId: string } }[];
    const rows = async () =>
      (await service.dataSource.query(`SELECT file_id, sha256 FROM case_materials WHERE petition_id = $1`, [id])) as {
        file_id: string;
        sha256: string;
      }[];

    const trigger = `fail_material_${randomUUID().replace(/-/g, '')}`;
    await asOwner(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.request_id = '${key}' THEN RAISE EXCEPTION 'injected: the row commit fails after the update'; END IF;
        RETURN NEW;
      END $$`);
    await asOwner(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON case_materials FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
    );
    let unknown: request.Response;
    try {
      unknown = await upload();
    } finally {
      await asOwner(`DROP TRIGGER ${trigger} ON case_materials`);
      await asOwner(`DROP FUNCTION ${trigger}()`);
    }
    expect(unknown.status).toBe(503);
    expect(unknown.body).toMatchObject({ code: 'unavailable', messageKey: 'material.outcomeUnknown' });
    expect(unknown.body.message).toMatch(/重新上传同一文件/);
    // The workflow has it; no row; the object stays (deleting it would leave the history naming nothing).
    expect(await rows()).toEqual([]);
    const kept = await store.keys(`materials/${id}/`);
    expect(kept).toHaveLength(1);
    for (let i = 0; i < 40 && (await timelineEvents()).length === 0; i++) await new Promise((r) => setTimeout(r, 250));
    const [recorded] = await timelineEvents();
    expect(kept[0]).toBe(`materials/${id}/${recorded.data.fileId}`);

    // The orphan sweep, past any grace time: the history names the file, so it is kept and reported.
    const objectStore = createObjectStore(store.config);
    const swept = await enforceObjectRetention(service.dataSource, objectStore, {
      unregisteredSubmissionFileDays: 180,
      orphanGraceHours: 0,
    });
    expect(swept.keptOrphanObjects).toContain(kept[0]);
    expect(await store.keys(`materials/${id}/`)).toEqual(kept);

    // The retry with the same key completes it: one row, one object, one event, the same hash.
    const retried = await upload().expect(201);
    expect(retried.body).toMatchObject({ fileId: recorded.data.fileId, sha256: sha256(file), byteLength: file.length });
    expect(await rows()).toEqual([{ file_id: recorded.data.fileId, sha256: sha256(file) }]);
    expect(await store.keys(`materials/${id}/`)).toEqual(kept);
    expect(await timelineEvents()).toHaveLength(1);
    const again = await enforceObjectRetention(service.dataSource, objectStore, {
      unregisteredSubmissionFileDays: 180,
      orphanGraceHours: 0,
    });
    expect(again.keptOrphanObjects).not.toContain(kept[0]);
  });
});
