/**
 * 信访件编号: the number people say and write for a case, e.g. `示县信〔2026〕第00123号` — the
 * registering office's prefix, the year of registration and a serial that office gives that year,
 * without gaps. The UUID stays the case's id inside the system; this is how clerks, petitioners and
 * documents name it. The format follows the 文号 of official documents (机关代字〔年份〕序号), which
 * every clerk already reads aloud; `第…号` and five digits keep the numbers of a year the same width.
 */

export interface CaseNumberParts {
  prefix: string;
  year: number;
  serial: number;
}

export function formatCaseNumber({ prefix, year, serial }: CaseNumberParts): string {
  return `${prefix}〔${year}〕第${String(serial).padStart(5, '0')}号`;
}

/**
 * A number as people type it: ASCII or full-width brackets, 【】, or none; with or without 第, 号 and
 * the leading zeros. null when it is not a case number at all.
 */
export function parseCaseNumber(text: string): CaseNumberParts | null {
  const m = /^(\S+?)\s*[〔[(（【]?\s*(\d{4})\s*[〕\])）】]?\s*第?\s*(\d{1,9})\s*号?$/u.exec(
    text.normalize('NFC').trim(),
  );
  if (!m) return null;
  const serial = Number(m[3]);
  if (serial < 1) return null;
  return { prefix: m[1], year: Number(m[2]), serial };
}

/** The canonical form of a typed case number, or null. */
export function canonicalCaseNumber(text: string): string | null {
  const parts = parseCaseNumber(text);
  return parts && formatCaseNumber(parts);
}
