/**
 * Which object store the API uses, from the environment: S3 when S3_BUCKET is set (with
 * S3_ENDPOINT for a server other than AWS, e.g. the cluster's SeaweedFS), else a directory under
 * the data folder (`npm start`'s embedded default, OBJECT_STORE_DIR or `.data/objects`). And the
 * limits on materials: per file and per case.
 */
import { isAbsolute, join } from 'node:path';
import { DirectoryObjectStore } from './directory-object-store';
import type { ObjectStore } from './object-store';
import { S3ObjectStore, type S3Settings } from './s3-object-store';

/** The variables storageConfigFromEnv reads (the cluster passes them on to the API and the workers). */
export const STORAGE_ENV_VARIABLES = [
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'OBJECT_STORE_DIR',
  'MATERIAL_MAX_FILE_MB',
  'MATERIAL_MAX_CASE_MB',
] as const;

export type StorageConfig =
  { kind: 'directory'; root: string; limits: MaterialLimits } | ({ kind: 's3'; limits: MaterialLimits } & S3Settings);

export interface MaterialLimits {
  /** Largest file accepted (MATERIAL_MAX_FILE_MB, default 20 MB). */
  maxFileBytes: number;
  /** Largest total of a case's materials, every version counted (MATERIAL_MAX_CASE_MB, default 200 MB). */
  maxCaseBytes: number;
}

const MB = 1024 * 1024;

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of MB (got ${raw})`);
  return value;
}

export function storageConfigFromEnv(env: NodeJS.ProcessEnv, projectRoot: string): StorageConfig {
  const limits: MaterialLimits = {
    maxFileBytes: Math.floor(positiveNumber(env, 'MATERIAL_MAX_FILE_MB', 20) * MB),
    maxCaseBytes: Math.floor(positiveNumber(env, 'MATERIAL_MAX_CASE_MB', 200) * MB),
  };
  const bucket = env.S3_BUCKET?.trim();
  if (bucket) {
    const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
    const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
    if (!accessKeyId || !secretAccessKey)
      throw new Error('S3_BUCKET is set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set too');
    const endpoint = env.S3_ENDPOINT?.trim() || null;
    return {
      kind: 's3',
      limits,
      bucket,
      endpoint,
      region: env.S3_REGION?.trim() || 'us-east-1',
      accessKeyId,
      secretAccessKey,
      // A server of our own (an endpoint) is addressed by path unless told otherwise; AWS by host.
      forcePathStyle: env.S3_FORCE_PATH_STYLE ? env.S3_FORCE_PATH_STYLE === 'true' : endpoint !== null,
    };
  }
  const dir = env.OBJECT_STORE_DIR?.trim() || join('.data', 'objects');
  return { kind: 'directory', root: isAbsolute(dir) ? dir : join(projectRoot, dir), limits };
}

export function createObjectStore(config: StorageConfig): ObjectStore {
  return config.kind === 's3' ? new S3ObjectStore(config) : new DirectoryObjectStore(config.root);
}
