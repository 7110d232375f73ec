/**
 * Every CSV the API exports goes through here, so no cell can be read by a spreadsheet as a
 * formula (CSV/formula injection, OWASP): a text cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return gets a leading single quote, which spreadsheets show as text and do not evaluate.
 * Unit and leader names come from people (a county admin names its own units), so they are hostile
 * until proven otherwise. Numbers stay numbers (a negative count is data, not a formula).
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, safe to open in a spreadsheet. */
export function neutralisedCell(value: unknown): unknown {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The table as CSV: UTF-8 with a byte-order mark (spreadsheets then read the Chinese names
 * correctly), CRLF line ends, every cell neutralised.
 */
export function exportCsv(header: string[], rows: unknown[][]): string {
  return stringify(
    [header, ...rows].map((row) => row.map(neutralisedCell)),
    { bom: true, record_delimiter: 'windows' },
  );
}
