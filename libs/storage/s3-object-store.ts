/**
 * The object store on an S3-compatible server (the cluster's SeaweedFS, any S3 in production),
 * through the AWS SDK. A put streams: the body passes a Transform that hashes and counts it on its
 * way into lib-storage's Upload (multipart above one part, a single PutObject below), so a file is
 * never held whole in memory (at most queueSize × partSize bytes are). Passing maxBytes fails the
 * Transform, which aborts the upload (the multipart upload is aborted, so no part remains), and the
 * key is deleted to be sure: a refused upload leaves nothing.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { ObjectMissing, ObjectTooLarge, assertSafeKey } from './object-store';
import type { ListedObject, ObjectStore, PutOptions, StoredObject } from './object-store';

export interface S3Settings {
  endpoint: string | null;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** SeaweedFS and MinIO want path-style addressing (http://host/bucket/key). */
  forcePathStyle: boolean;
}

/** 5 MiB, S3's smallest part: what one upload buffers per part in flight. */
const PART_SIZE = 5 * 1024 * 1024;

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    });
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredObject> {
    assertSafeKey(key);
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > options.maxBytes) {
          tooLarge = true;
          return done(new ObjectTooLarge(options.maxBytes));
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    body.on('error', (error) => measure.destroy(error));
    body.pipe(measure);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key: key, Body: measure, ContentType: options.contentType },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.unpipe(measure);
      body.resume(); // drain what is left, so the request that carried it can finish
      await this.delete(key).catch(() => undefined);
      throw tooLarge ? new ObjectTooLarge(options.maxBytes) : error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    assertSafeKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return answer.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) throw new ObjectMissing(key);
      throw error;
    }
  }

  async head(key: string): Promise<{ size: number } | null> {
    assertSafeKey(key);
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return null;
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const found: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? [])
        if (item.Key) found.push({ key: item.Key, modifiedAt: item.LastModified ?? new Date(0) });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  /** Creates the bucket when it is missing (the cluster's and compose's fresh SeaweedFS). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch {
      try {
        await this.client.send(new CreateBucketCommand({ Bucket: this.settings.bucket }));
      } catch (error) {
        const name = (error as Error).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
      }
    }
  }

  /** Closes the client's sockets (tests and shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}
