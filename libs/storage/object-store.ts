/**
 * Where uploaded files live (materials of a case, attachments of an online petition): an object
 * store addressed by key. Content never enters Temporal; the workflow records only a file's SHA-256
 * and size, which `put` returns as it streams, so the hash recorded is the hash of what was stored.
 *
 * Two implementations behind this one interface: a directory under the data folder (`npm start`'s
 * embedded default, `directory-object-store.ts`) and an S3-compatible server through the AWS SDK
 * (the cluster's SeaweedFS, any S3 in production).
 */
import type { Readable } from 'node:stream';

export interface StoredObject {
  key: string;
  /** Bytes stored. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes stored. */
  sha256: string;
}

export interface PutOptions {
  contentType: string;
  /** The upload is refused (ObjectTooLarge) as soon as it passes this many bytes; nothing is kept. */
  maxBytes: number;
}

export interface ObjectStore {
  /** Stores the stream whole under key, or nothing (a failed or refused upload leaves no object). */
  put(key: string, body: Readable, options: PutOptions): Promise<StoredObject>;
  /** The object's bytes; ObjectMissing when there is none. */
  get(key: string): Promise<Readable>;
  /** Size of the object, or null when there is none. */
  head(key: string): Promise<{ size: number } | null>;
  delete(key: string): Promise<void>;
  /** Every object whose key starts with prefix, with when it was last written (the retention sweep's view). */
  list(prefix: string): Promise<ListedObject[]>;
}

export interface ListedObject {
  key: string;
  modifiedAt: Date;
}

/** An upload passed its size limit: the caller answers 413. */
export class ObjectTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`object larger than ${maxBytes} bytes`);
    this.name = 'ObjectTooLarge';
  }
}

export class ObjectMissing extends Error {
  constructor(readonly key: string) {
    super(`no object at ${key}`);
    this.name = 'ObjectMissing';
  }
}

/** Keys are ours (ids and digests), never a user's file name: nothing that could climb out of a directory. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(key) || key.includes('..'))
    throw new Error(`unsafe object key: ${key}`);
}
