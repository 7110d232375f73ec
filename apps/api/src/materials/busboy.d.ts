/** The part of busboy 1.x (multer's parser, installed with @nestjs/platform-express) this API uses; it ships no types. */
declare module 'busboy' {
  import type { IncomingHttpHeaders } from 'node:http';
  import type { Readable, Writable } from 'node:stream';

  namespace busboy {
    interface Limits {
      fieldSize?: number;
      fields?: number;
      fileSize?: number;
      files?: number;
      parts?: number;
    }
    interface Config {
      headers: IncomingHttpHeaders;
      defParamCharset?: string;
      limits?: Limits;
    }
    interface FileInfo {
      filename?: string;
      encoding: string;
      mimeType?: string;
    }
    interface Busboy extends Writable {
      on(event: 'field', listener: (name: string, value: string) => void): this;
      on(event: 'file', listener: (name: string, stream: Readable, info: FileInfo) => void): this;
      on(event: 'close', listener: () => void): this;
      on(event: 'error', listener: (error: unknown) => void): this;
    }
  }
  function busboy(config: busboy.Config): busboy.Busboy;
  export = busboy;
}
