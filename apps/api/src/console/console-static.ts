import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { PROJECT_ROOT } from '@/libs/infra/local-servers';

/** Where `npm run build` (vite) puts the console; the Docker image copies it with the rest of dist/. */
export const CONSOLE_DIRECTORY = process.env.CONSOLE_DIR ?? join(PROJECT_ROOT, 'dist', 'console');

/**
 * The web console on the API's own origin (one origin: no CORS, the same helmet headers): hashed
 * assets cached for a year, the two pages never cached, and every other /console/* path answered
 * with the staff page so its client-side routes survive a reload. The petitioner's page is a
 * separate entry (no staff code, no sign-in) at /console/petitioner.
 */
export function serveConsole(app: Express, directory = CONSOLE_DIRECTORY): void {
  const page = (file: string) => (_req: Request, res: Response, next: NextFunction) => {
    const path = join(directory, file);
    if (!existsSync(path)) {
      res.status(404).json({
        statusCode: 404,
        code: 'notFound',
        message: '控制台尚未构建：请先运行 npm run build（或 npm start）。',
        detail: 'the console is not built here: run `npm run build` (or `npm start`, which builds it)',
        messageKey: 'error.notFound',
        params: {},
      });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path, (error) => error && next(error));
  };
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use(
    '/console/assets',
    express.static(join(directory, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.get(['/console/petitioner', '/console/petitioner/'], page('petitioner.html'));
  // 网上信访: the public submission page, beside the petitioner's (no staff code, no sign-in).
  app.get(['/console/online', '/console/online/'], page('online.html'));
  app.get(['/console', '/console/*splat'], page('index.html'));
}
