/**
 * Layers point one way: apps → workflows / activities → libs. The domain's words live in
 * libs/process, so nothing under libs/ needs (or may) import the workflow code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

describe('layers', () => {
  it('no module under libs/ imports from workflows/, apps/ or activities/', () => {
    const offenders = sourceFiles(join(ROOT, 'libs')).flatMap((file) => {
      const imports = [...readFileSync(file, 'utf8').matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      return imports
        .filter((spec) => /(^|\/)(workflows|apps|activities)\//.test(spec))
        .map((spec) => `${relative(ROOT, file)} → ${spec}`);
    });
    expect(offenders).toEqual([]);
  });
});
