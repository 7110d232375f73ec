/**
 * Which characters the documents can print, and with which face. Noto Serif CJK (the main face)
 * lacks most of CJK Extension B and beyond: 生僻字 in names such as 𠀀 or 𪚥. Those are set in
 * HanaMin (Debian fonts-hanazono: HanaMinA for the BMP, HanaMinB for the supplementary planes).
 * Only Han characters fall back; anything else the main face lacks (emoji, right-to-left scripts,
 * unassigned code points) is refused with its code point named: pdfkit would silently drop it,
 * and a notice must not lose a character of a name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { documentFonts, type DocumentFonts, type FontFace } from './fonts';

/** The fallback faces, in the order they are tried after the main one. */
export const FALLBACK_FACES = {
  HanaMinA: '/usr/share/fonts/truetype/hanazono/HanaMinA.ttf',
  HanaMinB: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf',
} as const;
export type FallbackFace = keyof typeof FALLBACK_FACES;

interface GlyphSource {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
// fontkit (pdfkit's font parser) ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { create(buffer: Buffer, postscriptName?: string): GlyphSource };

const HAN = /^\p{Script=Han}$/u;
/** Line breaks and tabs are layout, not glyphs. */
const LAYOUT = new Set([0x09, 0x0a, 0x0d]);

interface Coverage {
  main: GlyphSource;
  fallbacks: [FallbackFace, GlyphSource][];
}
let coverage: Coverage | null = null;

function open(face: FontFace): GlyphSource {
  return fontkit.create(readFileSync(face.path), face.postscriptName ?? undefined);
}

function loadCoverage(fonts: DocumentFonts = documentFonts()): Coverage {
  coverage ??= {
    main: open(fonts.regular),
    fallbacks: (Object.entries(FALLBACK_FACES) as [FallbackFace, string][])
      .filter(([, path]) => existsSync(path))
      .map(([name, path]) => [name, open({ path, postscriptName: null })]),
  };
  return coverage;
}

/** The face a character is set in: 'main', a fallback, or null when none has it. */
export function faceFor(codePoint: number): 'main' | FallbackFace | null {
  if (LAYOUT.has(codePoint)) return 'main';
  const c = loadCoverage();
  if (c.main.hasGlyphForCodePoint(codePoint)) return 'main';
  // Only Han characters fall back: HanaMin also has some emoji and symbols, which have no place in
  // an official notice and are refused like everything else the main face lacks.
  if (!HAN.test(String.fromCodePoint(codePoint))) return null;
  return c.fallbacks.find(([, font]) => font.hasGlyphForCodePoint(codePoint))?.[0] ?? null;
}

/** `U+1F600 (😀)`: how a refused character is named in an answer. */
export function describeCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} (${String.fromCodePoint(codePoint)})`;
}

/** The first character no document face can print, or null. */
export function firstUnprintable(text: string): number | null {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (faceFor(cp) === null) return cp;
  }
  return null;
}

/** The first text field (path as the API names fields) holding a character no document can print. */
export function findUnprintableField(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; codePoint: number } | null {
  if (typeof value === 'string') {
    const cp = firstUnprintable(value);
    return cp === null ? null : { field: path || '(value)', codePoint: cp };
  }
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = findUnprintableField(
      child,
      Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      depth + 1,
    );
    if (found) return found;
  }
  return null;
}

/** Text split into runs of one face each; runs in a fallback face name it as their `font`. */
export function fontRuns(text: string): { text: string; face: 'main' | FallbackFace | null }[] {
  const runs: { text: string; face: 'main' | FallbackFace | null }[] = [];
  for (const ch of text) {
    const face = faceFor(ch.codePointAt(0)!);
    const last = runs[runs.length - 1];
    if (last && last.face === face) last.text += ch;
    else runs.push({ text: ch, face });
  }
  return runs;
}

export class UnprintableTextError extends Error {
  constructor(readonly codePoint: number) {
    super(`the document holds ${describeCodePoint(codePoint)}, which no document font can print`);
  }
}
