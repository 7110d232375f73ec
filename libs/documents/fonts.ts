/**
 * The CJK fonts every generated document embeds: Noto Serif CJK SC (a Song/Ming face, as official
 * documents use), regular and bold, from the Debian package fonts-noto-cjk that the install step
 * adds. They are read from disk once per process; nothing is downloaded at run time. pdfkit embeds
 * a subset of each with a ToUnicode map, so the text of a PDF can be extracted and searched.
 *
 * DOCUMENT_FONT_REGULAR / DOCUMENT_FONT_BOLD override the files, as `path` or `path#PostScriptName`
 * (the name picks a face out of a .ttc collection).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface FontFace {
  path: string;
  /** The face inside a TrueType/OpenType collection; null for a single-face file. */
  postscriptName: string | null;
}

export interface DocumentFonts {
  regular: FontFace;
  bold: FontFace;
}

const NOTO_DIR = '/usr/share/fonts/opentype/noto';
export const DEFAULT_FONTS: DocumentFonts = {
  regular: { path: `${NOTO_DIR}/NotoSerifCJK-Regular.ttc`, postscriptName: 'NotoSerifCJKsc-Regular' },
  bold: { path: `${NOTO_DIR}/NotoSerifCJK-Bold.ttc`, postscriptName: 'NotoSerifCJKsc-Bold' },
};

function parseFace(value: string): FontFace {
  const hash = value.lastIndexOf('#');
  return hash > 0
    ? { path: value.slice(0, hash), postscriptName: value.slice(hash + 1) }
    : { path: value, postscriptName: null };
}

export function documentFonts(env: NodeJS.ProcessEnv = process.env): DocumentFonts {
  return {
    regular: env.DOCUMENT_FONT_REGULAR ? parseFace(env.DOCUMENT_FONT_REGULAR) : DEFAULT_FONTS.regular,
    bold: env.DOCUMENT_FONT_BOLD ? parseFace(env.DOCUMENT_FONT_BOLD) : DEFAULT_FONTS.bold,
  };
}

export class FontMissingError extends Error {}

/** The font files' bytes; a missing file is reported with what to install. */
export function loadFontFiles(fonts: DocumentFonts = documentFonts()): { regular: Buffer; bold: Buffer } {
  for (const face of [fonts.regular, fonts.bold]) {
    if (!existsSync(face.path)) {
      throw new FontMissingError(
        `the CJK font ${face.path} is missing: install the Debian package fonts-noto-cjk (npm run setup does), or point DOCUMENT_FONT_REGULAR / DOCUMENT_FONT_BOLD at another CJK font`,
      );
    }
  }
  return { regular: readFileSync(fonts.regular.path), bold: readFileSync(fonts.bold.path) };
}
