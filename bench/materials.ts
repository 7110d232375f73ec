/**
 * `npm run bench:materials`: how fast materials move through the API, against the object store
 * alone. On the dev topology (npm start's servers, throw-away data, materials in a directory of
 * their own) it uploads BENCH_MATERIAL_FILES files of BENCH_MATERIAL_MB MB each over HTTP
 * (multipart, streamed into the store, signature-checked, hashed, recorded in the workflow), then
 * downloads each, and writes the same bytes straight into a DirectoryObjectStore (hashed, limited)
 * and reads them back: MB/s of each, and the API's share of the time. Writes bench/results/.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../libs/infra/local-servers';
import { DirectoryObjectStore } from '../libs/storage/directory-object-store';
import { registrationBody } from './support/cases';
import { startDevTopology } from './support/topologies';

const FILES = Number(process.env.BENCH_MATERIAL_FILES ?? 10);
const MB = Number(process.env.BENCH_MATERIAL_MB ?? 8);
const log = (m: string) => console.log(`[bench:materials] ${m}`);

/** A PDF's signature and random bytes: incompressible, as scans are. */
function pdfOf(bytes: number): Buffer {
  const body = randomBytes(bytes);
  Buffer.from('%PDF-1.7\n').copy(body);
  return body;
}

const mbPerSecond = (bytes: number, ms: number) => Math.round((bytes / 1024 / 1024 / (ms / 1000)) * 10) / 10;

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const objects = mkdtempSync(join(tmpdir(), 'bench-materials-'));
  const direct = mkdtempSync(join(tmpdir(), 'bench-materials-direct-'));
  // The API process inherits this: its materials go to a directory of the bench's own.
  process.env.OBJECT_STORE_DIR = objects;
  process.env.MATERIAL_MAX_CASE_MB = String(FILES * MB * 2 + 1);
  process.env.MATERIAL_MAX_FILE_MB = String(MB + 1);
  const topology = await startDevTopology({ log });
  try {
    const auth = topology.bearer('x-registrar');
    const registered = await fetch(`${topology.apiUrl}/petitions`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(registrationBody()),
    });
    if (registered.status !== 201) throw new Error(`registration: ${registered.status} ${await registered.text()}`);
    const { petitionId } = (await registered.json()) as { petitionId: string };
    const files = Array.from({ length: FILES }, () => pdfOf(MB * 1024 * 1024));
    const total = files.length * MB * 1024 * 1024;
    const fileIds: string[] = [];

    const uploadMs = await timed(async () => {
      for (const file of files) {
        const form = new FormData();
        form.append('kind', 'investigation');
        form.append('caption', 'bench');
        form.append('file', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), 'bench.pdf');
        const answer = await fetch(`${topology.apiUrl}/petitions/${petitionId}/materials`, {
          method: 'POST',
          headers: { Authorization: auth, 'Idempotency-Key': randomUUID() },
          body: form,
        });
        if (answer.status !== 201) throw new Error(`upload: ${answer.status} ${await answer.text()}`);
        fileIds.push(((await answer.json()) as { fileId: string }).fileId);
      }
    });
    const downloadMs = await timed(async () => {
      for (const fileId of fileIds) {
        const answer = await fetch(`${topology.apiUrl}/petitions/${petitionId}/materials/${fileId}`, {
          headers: { Authorization: auth },
        });
        if (answer.status !== 200) throw new Error(`download: ${answer.status}`);
        await answer.arrayBuffer();
      }
    });
    const store = new DirectoryObjectStore(direct);
    const putMs = await timed(async () => {
      for (const [i, file] of files.entries())
        await store.put(`direct/${i}`, Readable.from([file]), {
          contentType: 'application/pdf',
          maxBytes: file.length,
        });
    });
    const getMs = await timed(async () => {
      for (let i = 0; i < files.length; i++) for await (const _chunk of await store.get(`direct/${i}`));
    });
    const result = {
      at: new Date().toISOString(),
      cores: cpus().length,
      files: FILES,
      fileMb: MB,
      uploadMbPerSecond: mbPerSecond(total, uploadMs),
      storePutMbPerSecond: mbPerSecond(total, putMs),
      downloadMbPerSecond: mbPerSecond(total, downloadMs),
      storeGetMbPerSecond: mbPerSecond(total, getMs),
      uploadMsPerFile: Math.round(uploadMs / FILES),
      storePutMsPerFile: Math.round(putMs / FILES),
    };
    console.table([
      { path: 'upload over HTTP (API)', 'MB/s': result.uploadMbPerSecond },
      { path: 'put straight into the store', 'MB/s': result.storePutMbPerSecond },
      { path: 'download over HTTP (API)', 'MB/s': result.downloadMbPerSecond },
      { path: 'get straight from the store', 'MB/s': result.storeGetMbPerSecond },
    ]);
    const dir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `materials-${result.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
  } finally {
    await topology.stop();
    rmSync(objects, { recursive: true, force: true });
    rmSync(direct, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
