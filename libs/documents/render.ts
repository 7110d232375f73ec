/**
 * Renders a document (a pdfmake definition) to PDF bytes with the embedded CJK fonts. The same
 * definition always gives the same bytes (the creation date is the document's issue instant), so
 * a document's SHA-256 identifies its content. No URL or file is read while rendering: the fonts
 * are loaded once into pdfmake's in-memory file system.
 */
import { createHash } from 'node:crypto';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { DocumentFonts, documentFonts, loadFontFiles } from './fonts';

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
  };
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

export async function renderPdf(content: Content, meta: DocumentMetadata, options: Partial<TDocumentDefinitions> = {}): Promise<RenderedDocument> {
  prepareDocumentFonts();
  const issued = new Date(meta.issuedAt);
  pdfmake.setFonts(fontDescriptors(loaded!) as never);
  const definition: TDocumentDefinitions = {
    pageSize: 'A4',
    pageMargins: [72, 72, 72, 72],
    defaultStyle: { font: SERIF, fontSize: 14, lineHeight: 1.5 },
    ...options,
    content,
    info: { title: meta.title, author: meta.author, subject: meta.subject ?? meta.title, creator: 'petition-workflows', producer: 'pdfmake', creationDate: issued, modDate: issued },
  };
  const bytes = await pdfmake.createPdf(definition).getBuffer();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
