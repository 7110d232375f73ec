// What a browser downloads on the first visit of each console page (the entry chunk, the chunks it
// imports statically, and their CSS), gzipped, against the budget: 500 KB for the staff app, 150 KB
// for the petitioner's page, 200 KB for the 网上信访 page (it carries the ALTCHA widget). Screens loaded later (React.lazy) are not part of the first load.
// Prints the figures, writes dist/console/size.json, and fails the build over budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '..', '..', 'dist', 'console');
const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
const BUDGET_KB = { 'index.html': 500, 'petitioner.html': 150, 'online.html': 200 };
const NAMES = { 'index.html': 'staff app', 'petitioner.html': 'petitioner page', 'online.html': '网上信访 page' };

function firstLoad(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) firstLoad(imported, seen);
  return seen;
}

const figures = {};
let over = false;
for (const [entry, budget] of Object.entries(BUDGET_KB)) {
  const files = new Set();
  for (const key of firstLoad(entry)) {
    files.add(manifest[key].file);
    for (const css of manifest[key].css ?? []) files.add(css);
  }
  let js = 0;
  let css = 0;
  for (const file of files) {
    const gz = gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
    if (file.endsWith('.css')) css += gz;
    else js += gz;
  }
  const totalKb = Math.round(((js + css) / 1024) * 10) / 10;
  figures[entry] = {
    page: NAMES[entry],
    files: [...files].sort(),
    jsGzipKb: Math.round((js / 1024) * 10) / 10,
    cssGzipKb: Math.round((css / 1024) * 10) / 10,
    totalGzipKb: totalKb,
    budgetKb: budget,
  };
  console.log(
    `[console] first load of the ${NAMES[entry]}: ${totalKb} KB gzipped (JS ${figures[entry].jsGzipKb} KB, CSS ${figures[entry].cssGzipKb} KB; budget ${budget} KB)`,
  );
  if (totalKb > budget) over = true;
}
writeFileSync(join(dir, 'size.json'), JSON.stringify(figures, null, 2));
if (over) {
  console.error('[console] over the first-load budget: load the heavy screens lazily');
  process.exit(1);
}
