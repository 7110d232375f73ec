/**
 * The embedded default object store: files under a directory of the data folder. A put streams to
 * a temporary file beside the target, hashing as it goes, and renames it into place only when the
 * whole body arrived within the limit, so a reader never sees half a file and a refused upload
 * leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectMissing, ObjectTooLarge, assertSafeKey } from './object-store';
import type { ListedObject, ObjectStore, PutOptions, StoredObject } from './object-store';

export class DirectoryObjectStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    assertSafeKey(key);
    return join(this.root, key);
  }

  async put(key: string, body: Readable, options: PutOptions): Promise<StoredObject> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > options.maxBytes) return done(new ObjectTooLarge(options.maxBytes));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, measure, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    if (!(await this.head(key))) throw new ObjectMissing(key);
    return createReadStream(path);
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.path(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** Keys are paths under the root; a put's `.partial` file is not an object yet. */
  async list(prefix: string): Promise<ListedObject[]> {
    const found: ListedObject[] = [];
    const walk = async (dir: string): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const name of names) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (!info) continue;
        if (info.isDirectory()) await walk(path);
        else if (!name.endsWith('.partial')) {
          const key = relative(this.root, path).split(sep).join('/');
          if (key.startsWith(prefix)) found.push({ key, modifiedAt: info.mtime });
        }
      }
    };
    await walk(join(this.root, prefix.slice(0, prefix.lastIndexOf('/') + 1)));
    return found;
  }
}
