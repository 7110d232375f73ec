// multer comes with @nestjs/platform-express, without its types package: the little used here.
declare module 'multer' {
  import type { Request, Response } from 'express';
  interface File {
    fieldname: string;
    originalname: string;
    mimetype: string;
    size: number;
    buffer: Buffer;
  }
  interface Options {
    storage?: unknown;
    limits?: { files?: number; fileSize?: number; fields?: number; fieldSize?: number; parts?: number };
  }
  type Handler = (request: Request, response: Response, callback: (error?: unknown) => void) => void;
  interface Instance {
    fields(fields: { name: string; maxCount?: number }[]): Handler;
  }
  interface Multer {
    (options?: Options): Instance;
    memoryStorage(): unknown;
    MulterError: new (code: string) => Error & { code: string };
  }
  const multer: Multer;
  namespace multer {
    export type { File };
  }
  export = multer;
}
