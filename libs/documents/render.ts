/**
 * Renders a document (a pdfmake definition) to PDF bytes with the embedded CJK fonts. The same
 * definition always gives the same bytes (the creation date is the document's issue instant), so
 * a document's SHA-256 identifies its content. No URL or file is read while rendering: the fonts
 * are loaded once into pdfmake's in-memory file system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { DocumentFonts, documentFonts, loadFontFiles } from './fonts';
import { FALLBACK_FACES, type FallbackFace, UnprintableTextError, fontRuns } from './printable';

/** The font family documents name: `Serif` (regular and bold). */
export const SERIF = 'Serif';

/** pdfmake's in-memory file system (present in its Node build, not in its type declarations). */
interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}

let loaded: DocumentFonts | null = null;

/** Loads the fonts once (at the worker's start, so a missing font stops it with a clear message). */
export function prepareDocumentFonts(fonts: DocumentFonts = documentFonts()): void {
  if (loaded) return;
  const files = loadFontFiles(fonts);
  const vfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
  vfs.writeFileSync('serif-regular', files.regular);
  vfs.writeFileSync('serif-bold', files.bold);
  for (const [name, path] of Object.entries(FALLBACK_FACES))
    if (existsSync(path)) vfs.writeFileSync(name, readFileSync(path));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = fonts;
}

/** pdfmake rewrites the descriptors it is given while rendering: each render gets fresh ones. */
function fontDescriptors(fonts: DocumentFonts) {
  const face = (file: string, name: string | null) => (name ? [file, name] : file);
  return {
    [SERIF]: {
      normal: face('serif-regular', fonts.regular.postscriptName),
      bold: face('serif-bold', fonts.bold.postscriptName),
      italics: face('serif-regular', fonts.regular.postscriptName),
      bolditalics: face('serif-bold', fonts.bold.postscriptName),
    },
    // One weight only: a 生僻字 in a bold line is set regular rather than not at all.
    ...Object.fromEntries(
      Object.keys(FALLBACK_FACES).map((name) => [name, { normal: name, bold: name, italics: name, bolditalics: name }]),
    ),
  };
}

/**
 * The content with every character the main face lacks set in the fallback face that has it
 * (pdfmake has no fallback of its own: it would drop the character). A character no face has
 * stops the render: the document is not issued with a character missing.
 */
function withFallbackFaces(node: unknown): unknown {
  if (typeof node === 'string') return inline(node);
  if (Array.isArray(node)) return node.map(withFallbackFaces);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if (typeof out.text === 'string') out.text = inline(out.text);
  else if (Array.isArray(out.text))
    out.text = out.text.map((part) => (typeof part === 'string' ? inline(part) : withFallbackFaces(part)));
  for (const key of ['stack', 'columns', 'ul', 'ol'] as const)
    if (Array.isArray(out[key])) out[key] = withFallbackFaces(out[key]);
  const table = out.table as { body?: unknown[][] } | undefined;
  if (table?.body) out.table = { ...table, body: table.body.map((row) => row.map(withFallbackFaces)) };
  return out;
}

/** A text as it is, or as one text node of runs of faces. */
function inline(text: string): unknown {
  const runs = fontRuns(text);
  const missing = runs.find((r) => r.face === null);
  if (missing) throw new UnprintableTextError(missing.text.codePointAt(0)!);
  if (runs.every((r) => r.face === 'main')) return text;
  const parts = runs.map((r) => (r.face === 'main' ? r.text : { text: r.text, font: r.face as FallbackFace }));
  return { text: parts };
}

export interface RenderedDocument {
  bytes: Buffer;
  sha256: string;
}

export interface DocumentMetadata {
  title: string;
  /** The issuing unit's name. */
  author: string;
  subject?: string;
  /** Becomes the PDF's creation date: the same document renders to the same bytes. */
  issuedAt: number;
}

export async function renderPdf(
  content: Content,
  meta: DocumentMetadata,
  options: Partial<TDocumentDefinitions> = {},
): Promise<RenderedDocument> {
  prepareDocumentFonts();
  const issued = new Date(meta.issuedAt);
  pdfmake.setFonts(fontDescriptors(loaded!) as never);
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [72, 72, 72, 72],
    defaultStyle: { font: SERIF, fontSize: 14, lineHeight: 1.5 },
    ...options,
    content: withFallbackFaces(content) as Content,
    info: {
      title: meta.title,
      author: meta.author,
      subject: meta.subject ?? meta.title,
      creator: 'petition-workflows',
      producer: 'pdfmake',
      creationDate: issued,
      modDate: issued,
    },
  };
  const bytes = await pdfmake.createPdf(definition).getBuffer();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
