/**
 * Uploads through a crash (issue 18, Done when): on the cluster topology (SeaweedFS's S3 server, a
 * real worker process, the API behind its proxy) materials are uploaded concurrently, streamed slowly
 * so the faults land mid-stream; the worker is killed (SIGKILL) while they are in flight and the
 * supervisor restarts it, then the SeaweedFS server is killed the same way. Whatever the API answered
 * must be true afterwards:
 *   - an acknowledged upload (2xx) is one row, one object whose bytes hash to the row's SHA-256, and
 *     one record in the workflow's history with that same SHA-256;
 *   - a refused one (4xx) left no row, no record in the history and no object;
 *   - an answer that settled nothing (5xx, a dropped connection) is retried with the same
 *     Idempotency-Key until it is one or the other, and the retry stores nothing twice.
 * No object is left that no row names. The counts are printed.
 */
import { ListObjectsV2Command, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { staffBearer } from '../support/auth';
import { callApi, eventually, registerCase, useCluster } from '../support/cluster-harness';

const FILE_BYTES = 2 * 1024 * 1024;
const CHUNK = 64 * 1024;
/** 32 chunks 80 ms apart: each upload streams for about 2.5 s, long enough for a kill to land inside. */
const CHUNK_GAP_MS = 80;
const UPLOADS_PER_PHASE = 8;
const REFUSED_PER_PHASE = 2;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  return Buffer.concat([head, randomBytes(bytes - head.length)]);
}

/** A PNG's signature: sent declared as a PDF, it is content that is not what its type claims. */
function png(bytes: number): Buffer {
  const head = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  return Buffer.concat([head, randomBytes(bytes - head.length)]);
}

interface Attempt {
  phase: 'worker' | 'storage';
  petitionId: string;
  key: string;
  file: Buffer;
  /** Content that is no PDF, declared as one: the API must refuse it (415). */
  refusable: boolean;
  answers: { status: number; code?: string; fileId?: string; sha256?: string }[];
}

/** multipart/form-data by hand, so the file's bytes can be sent slowly. */
function multipart(attempt: Attempt, gapMs: number): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----fault${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvestigation\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\n调查笔录扫描件\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bl.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const parts: Buffer[] = [head];
  for (let at = 0; at < attempt.file.length; at += CHUNK) parts.push(attempt.file.subarray(at, at + CHUNK));
  parts.push(tail);
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (i >= parts.length) return controller.close();
      if (i > 0 && gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
      controller.enqueue(new Uint8Array(parts[i++]));
    },
  });
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe('materials uploaded while the worker, then the object store, is killed', () => {
  const ctx = useCluster({ workers: 1, apis: 1 });
  let s3: S3Client;
  const attempts: Attempt[] = [];

  afterAll(() => s3?.destroy());

  async function send(attempt: Attempt, gapMs: number): Promise<void> {
    const { body, type } = multipart(attempt, gapMs);
    try {
      const response = await fetch(`${ctx.cluster.apiUrl}/petitions/${attempt.petitionId}/materials`, {
        method: 'POST',
        headers: {
          Authorization: staffBearer('x-registrar'),
          'Idempotency-Key': attempt.key,
          'Content-Type': type,
        },
        body,
        duplex: 'half',
        signal: AbortSignal.timeout(240_000),
      } as RequestInit);
      const text = await response.text();
      let json: { code?: string; fileId?: string; sha256?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // a proxy's plain-text answer
      }
      attempt.answers.push({ status: response.status, code: json.code, fileId: json.fileId, sha256: json.sha256 });
    } catch (error) {
      attempt.answers.push({ status: 0, code: (error as Error).name });
    }
  }

  const last = (a: Attempt) => a.answers[a.answers.length - 1];
  const settled = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500);

  async function runPhase(phase: Attempt['phase'], cases: string[], fault: () => Promise<void>): Promise<void> {
    const batch: Attempt[] = [];
    for (let i = 0; i < UPLOADS_PER_PHASE + REFUSED_PER_PHASE; i++) {
      const refusable = i >= UPLOADS_PER_PHASE;
      batch.push({
        phase,
        petitionId: cases[i % cases.length],
        key: `fault-${phase}-${i}-${randomUUID()}`,
        file: refusable ? png(FILE_BYTES / 4) : pdf(FILE_BYTES),
        refusable,
        answers: [],
      });
    }
    attempts.push(...batch);
    const inFlight = batch.map(async (attempt, i) => {
      await new Promise((r) => setTimeout(r, i * 150));
      await send(attempt, CHUNK_GAP_MS);
    });
    await new Promise((r) => setTimeout(r, 1200));
    await fault();
    await Promise.all(inFlight);
  }

  /** Objects the store holds under the case's prefix. */
  async function objectKeys(petitionId: string): Promise<string[]> {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: ctx.cluster.appEnv.S3_BUCKET, Prefix: `materials/${petitionId}/` }),
    );
    return (listed.Contents ?? []).map((o) => o.Key!);
  }

  async function objectSha(key: string): Promise<string> {
    const answer = await s3.send(new GetObjectCommand({ Bucket: ctx.cluster.appEnv.S3_BUCKET, Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of answer.Body as Readable) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  /** fileId → the SHA-256s the workflow's history records for it (decoded by the API's audit view). */
  async function historyHashes(petitionId: string): Promise<Map<string, Set<string>>> {
    const answer = await callApi(ctx.cluster.apiUrl, 'GET', `/audit/petitions/${petitionId}/history`, {
      user: 'p-auditor',
    });
    expect(answer.status).toBe(200);
    const found = new Map<string, Set<string>>();
    const visitJson = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visitJson);
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record.fileId === 'string' && typeof record.sha256 === 'string') {
        const set = found.get(record.fileId) ?? new Set<string>();
        set.add(record.sha256);
        found.set(record.fileId, set);
      }
      Object.values(record).forEach(visitJson);
    };
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.metadata && typeof record.data === 'string') {
        try {
          visitJson(JSON.parse(Buffer.from(record.data, 'base64').toString('utf8')));
        } catch {
          // not JSON
        }
      } else Object.values(record).forEach(visit);
    };
    visit(answer.body.runs);
    return found;
  }

  it('every acknowledged file is stored once, every refused one is absent, retries duplicate nothing', async () => {
    expect(ctx.cluster.objectStore).not.toBeNull(); // the cluster runs SeaweedFS (the install step builds weed)
    s3 = new S3Client({
      endpoint: ctx.cluster.appEnv.S3_ENDPOINT,
      region: ctx.cluster.appEnv.S3_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: ctx.cluster.appEnv.S3_ACCESS_KEY_ID,
        secretAccessKey: ctx.cluster.appEnv.S3_SECRET_ACCESS_KEY,
      },
    });
    const cases: string[] = [];
    for (let i = 0; i < 4; i++) cases.push((await registerCase(ctx, `materials-fault-${Date.now()}-${i}`)).petitionId);

    const worker = ctx.cluster.workers[0];
    await runPhase('worker', cases, async () => {
      const restarted = worker.nextStart();
      worker.kill('SIGKILL');
      await restarted;
    });
    const store = ctx.cluster.objectStore!;
    await runPhase('storage', cases, async () => {
      const restarted = store.nextStart();
      store.kill('SIGKILL');
      await restarted;
    });
    expect(worker.restarts).toBe(1);
    expect(store.restarts).toBe(1);

    // What settled nothing is sent again, whole and at once, with the same key, until it settles.
    for (const attempt of attempts) {
      for (let round = 0; round < 10 && !settled(last(attempt).status); round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, 3000));
        await send(attempt, 0);
      }
    }
    // Every acknowledged upload once more with its key: the same file back, nothing new stored.
    const acknowledged = attempts.filter((a) => last(a).status >= 200 && last(a).status < 300);
    for (const attempt of acknowledged) {
      const first = last(attempt);
      await send(attempt, 0);
      expect(last(attempt)).toMatchObject({ status: first.status, fileId: first.fileId, sha256: first.sha256 });
    }

    const rows = (
      await ctx.db.query(
        `SELECT request_id, petition_id, file_id, object_key, sha256, byte_length::int AS size
           FROM case_materials WHERE petition_id = ANY($1)`,
        [cases],
      )
    ).rows as {
      request_id: string;
      petition_id: string;
      file_id: string;
      object_key: string;
      sha256: string;
      size: number;
    }[];
    const history = new Map<string, Map<string, Set<string>>>();
    for (const id of cases) history.set(id, await historyHashes(id));
    const objects = new Set<string>();
    for (const id of cases) for (const key of await objectKeys(id)) objects.add(key);

    for (const attempt of attempts) {
      const answer = last(attempt);
      const mine = rows.filter((r) => r.request_id === attempt.key);
      if (attempt.refusable) {
        expect({ key: attempt.key, status: answer.status, code: answer.code }).toEqual({
          key: attempt.key,
          status: 415,
          code: 'contentTypeMismatch',
        });
        expect(mine).toEqual([]);
        continue;
      }
      expect({ key: attempt.key, answers: attempt.answers, status: answer.status }).toEqual({
        key: attempt.key,
        answers: attempt.answers,
        status: 201,
      });
      expect(mine).toHaveLength(1);
      const [row] = mine;
      expect(row).toMatchObject({ file_id: answer.fileId, sha256: sha256(attempt.file), size: attempt.file.length });
      expect(objects.has(row.object_key)).toBe(true);
      expect(await objectSha(row.object_key)).toBe(row.sha256);
      expect([...(history.get(attempt.petitionId)!.get(row.file_id) ?? [])]).toEqual([row.sha256]);
    }
    // Nothing else: no row, no object and no history record that no acknowledged upload accounts for.
    expect(rows).toHaveLength(acknowledged.length);
    expect([...objects].sort()).toEqual(rows.map((r) => r.object_key).sort());
    const recordedFiles = [...history.values()].flatMap((perCase) => [...perCase.keys()]);
    expect(recordedFiles.sort()).toEqual(rows.map((r) => r.file_id).sort());
    // One timeline event per file in the read model too (the projection catches up after the crash).
    await eventually('one materialAttached event per stored file', async () => {
      const { rows: events } = await ctx.db.query(
        `SELECT data->>'fileId' AS file_id, count(*)::int AS n FROM petition_events
          WHERE petition_id = ANY($1) AND type = 'materialAttached' GROUP BY 1`,
        [cases],
      );
      return events.length === rows.length && events.every((e: { n: number }) => e.n === 1);
    });

    const tally = (phase: Attempt['phase']) => {
      const mine = attempts.filter((a) => a.phase === phase);
      const firstStatus = (a: Attempt) => String(a.answers[0].status);
      const first: Record<string, number> = {};
      for (const a of mine) first[firstStatus(a)] = (first[firstStatus(a)] ?? 0) + 1;
      return {
        uploads: mine.length,
        firstAnswers: first,
        retriedToSettle: mine.filter((a) => !settled(a.answers[0].status)).length,
        stored: mine.filter((a) => !a.refusable).length,
        refused: mine.filter((a) => a.refusable).length,
      };
    };
    console.log(
      `materials fault test: ${JSON.stringify({
        worker: tally('worker'),
        storage: tally('storage'),
        rows: rows.length,
        objects: objects.size,
        historyRecords: recordedFiles.length,
      })}`,
    );
  }, 900_000);
});
