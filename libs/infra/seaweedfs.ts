/**
 * SeaweedFS as the cluster's S3 server (`weed server -s3`: master, volume, filer and the S3 gateway
 * in one process), with one identity (s3.json) whose keys the API gets as S3_ACCESS_KEY_ID and
 * S3_SECRET_ACCESS_KEY, and the bucket created at start. The binary is .tools/bin/weed (built by
 * scripts/install.sh for `--for cluster`) or WEED_BIN.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, freePort, waitForTcp } from './local-servers';

export function weedBinary(): string | null {
  const candidates = [process.env.WEED_BIN, join(PROJECT_ROOT, '.tools', 'bin', 'weed')];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

export interface SeaweedS3 {
  /** The environment the API and the workers get (S3_*). */
  env: Record<string, string>;
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `weed` and its arguments, for a supervisor to run. */
  command: string;
  args: string[];
  s3Port: number;
}

/** Ports, the data folder and the identity file of one SeaweedFS server (nothing is started). */
export async function prepareSeaweedS3(dataDir: string, bucket = 'petition-materials'): Promise<SeaweedS3> {
  const binary = weedBinary();
  if (!binary)
    throw new Error('SeaweedFS (weed) is not installed: run scripts/install.sh --for cluster, or set WEED_BIN');
  mkdirSync(join(dataDir, 'volumes'), { recursive: true });
  const accessKeyId = `petitions-${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const configFile = join(dataDir, 's3.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      identities: [
        {
          name: 'petitions',
          credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }],
          actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'],
        },
      ],
    }),
    { mode: 0o600 },
  );
  // weed puts each gRPC port 10000 above its HTTP port: pick low enough ports.
  const port = async () => {
    for (;;) {
      const candidate = await freePort();
      if (candidate < 50000) return candidate;
    }
  };
  const [masterPort, volumePort, filerPort, s3Port] = [await port(), await port(), await port(), await port()];
  const endpoint = `http://127.0.0.1:${s3Port}`;
  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    s3Port,
    command: binary,
    args: [
      'server',
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-dir=${join(dataDir, 'volumes')}`,
      `-master.port=${masterPort}`,
      `-volume.port=${volumePort}`,
      `-filer.port=${filerPort}`,
      '-s3',
      `-s3.port=${s3Port}`,
      `-s3.config=${configFile}`,
      '-volume.max=0',
    ],
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
    },
  };
}

/** Waits for the S3 gateway and creates the bucket (an existing one is fine). */
export async function seaweedReady(s3: SeaweedS3, timeoutMs = 120_000): Promise<void> {
  if (!(await waitForTcp('127.0.0.1', s3.s3Port, timeoutMs)))
    throw new Error(`SeaweedFS's S3 gateway did not listen on ${s3.endpoint} within ${timeoutMs / 1000} s`);
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
        return;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return;
        // The gateway listens before the filer and a volume are up: try again until the deadline.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    client.destroy();
  }
}
