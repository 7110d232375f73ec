/** The text of a PDF as a reader's copy-and-paste would give it: pdftotext (Debian poppler-utils, installed by npm run setup). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-text-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text with all white space removed: lines wrap anywhere in Chinese. */
export function pdfWords(pdf: Buffer): string {
  return pdfText(pdf).replace(/\s+/g, '');
}
