/** Exports safe to open (issue 20, item 7): no cell of an exported CSV is a formula to a spreadsheet. */
import { parse } from 'csv-parse/sync';
import { exportCsv, neutralisedCell } from '../../apps/api/src/common/csv-export';

describe('CSV exports neutralise formula cells (OWASP)', () => {
  it.each(['=HYPERLINK("http://evil","x")', "@SUM(1+1)*cmd|' /C calc'!A0", '+1+1', '-2+3', '\t=1', '\r=1'])(
    'a cell starting %j gets a leading quote',
    (hostile) => {
      expect(neutralisedCell(hostile)).toBe(`'${hostile}`);
    },
  );
  it('leaves ordinary text and numbers (negative ones too) alone', () => {
    expect(neutralisedCell('县住建局')).toBe('县住建局');
    expect(neutralisedCell('a=b')).toBe('a=b');
    expect(neutralisedCell(-3)).toBe(-3);
    expect(neutralisedCell('')).toBe('');
  });
  it('the exported table reads back with every hostile cell quoted and a BOM', () => {
    const csv = exportCsv(
      ['unitName', 'n'],
      [
        ["@SUM(1+1)*cmd|' /C calc'!A0", 1],
        ['=HYPERLINK("x")', -1],
      ],
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parse(csv, { bom: true, columns: true })).toEqual([
      { unitName: "'@SUM(1+1)*cmd|' /C calc'!A0", n: '1' },
      { unitName: '\'=HYPERLINK("x")', n: '-1' },
    ]);
  });
});
