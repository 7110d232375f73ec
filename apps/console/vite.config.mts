/**
 * The web console: two pages built into dist/console and served by the API at /console (one
 * origin). `index.html` is the staff app (sign-in, queues, cases, supervision, audit, admin);
 * `petitioner.html` is the petitioner's page, a separate entry with no staff code in it, so a phone
 * loads only what it shows. Screens load on demand (React.lazy), so the first load is the shell.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  // JSX with React's automatic runtime (Vite 8 transforms TSX with oxc; no plugin needed to build).
  oxc: { jsx: { runtime: 'automatic' } },
  // The '@/' alias of tsconfig.json: the repository root (the console reads libs/process's labels and types).
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('../../', import.meta.url)) }] },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { staff: `${here}index.html`, petitioner: `${here}petitioner.html`, online: `${here}online.html` },
      // antd marks its modules "use client" for React Server Components; meaningless in a static bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npm run console:dev` against a running `npm start` API.
    proxy: Object.fromEntries(
      [
        '/auth',
        '/petitions',
        '/me',
        '/units',
        '/supervision',
        '/accountability',
        '/reports',
        '/campaigns',
        '/audit',
        '/admin',
        '/public',
        '/codec',
        '/docs',
        '/health',
      ].map((path) => [path, process.env.CONSOLE_API ?? 'http://127.0.0.1:3000']),
    ),
  },
});
