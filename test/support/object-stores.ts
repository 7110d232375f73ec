/**
 * The object stores the materials tests run against: the directory (always) and SeaweedFS's S3
 * gateway when the weed binary is installed (`npm run setup` builds it; CI has it). Each backend
 * gives the storage config for the service and a way to list what it holds under a prefix, so a
 * test can check that a refused upload left nothing.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prepareSeaweedS3, seaweedReady, weedBinary } from '@/libs/infra/seaweedfs';
import type { MaterialLimits, StorageConfig } from '@/libs/storage/storage-config';

export interface TestObjectStore {
  config: StorageConfig;
  /** Keys stored under the prefix. */
  keys(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

export interface Backend {
  name: 'directory' | 's3';
  start(limits: MaterialLimits): Promise<TestObjectStore>;
}

function walk(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(root, path) : [relative(root, path)];
  });
}

const directoryBackend: Backend = {
  name: 'directory',
  async start(limits) {
    const root = mkdtempSync(join(tmpdir(), 'materials-objects-'));
    return {
      config: { kind: 'directory', root, limits },
      // walk gives paths relative to the root: the keys themselves.
      keys: async (prefix) => walk(root, join(root, prefix)),
      stop: async () => rmSync(root, { recursive: true, force: true }),
    };
  },
};

const seaweedBackend: Backend = {
  name: 's3',
  async start(limits) {
    const dataDir = mkdtempSync(join(tmpdir(), 'materials-seaweed-'));
    const s3 = await prepareSeaweedS3(dataDir);
    const child: ChildProcess = spawn(s3.command, s3.args, { stdio: 'ignore' });
    const stop = async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      await seaweedReady(s3);
    } catch (error) {
      await stop();
      throw error;
    }
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    return {
      config: {
        kind: 's3',
        limits,
        endpoint: s3.endpoint,
        bucket: s3.bucket,
        region: 'us-east-1',
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      },
      keys: async (prefix) => {
        const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
        return (listed.Contents ?? []).map((item) => item.Key!);
      },
      stop: async () => {
        client.destroy();
        await stop();
      },
    };
  },
};

/** The directory, and SeaweedFS when its binary is there. */
export function objectStoreBackends(): Backend[] {
  return weedBinary() ? [directoryBackend, seaweedBackend] : [directoryBackend];
}
