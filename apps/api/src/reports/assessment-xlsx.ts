/**
 * The assessment report as one Excel workbook: a sheet per table (Chinese sheet names), the header
 * row bold and frozen, counts as numbers and rates as numbers in a percent format (`0.0%`), so a
 * spreadsheet can sum and sort them as it could not the CSV's `33.3%` text.
 */
import ExcelJS from 'exceljs';
import { neutralisedCell } from '../common/csv-export';
import { ASSESSMENT_TABLES, assessmentTable } from './assessment-tables';
import type { AssessmentReportView } from './dto/assessment-views';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PERCENT_FORMAT = '0.0%';

export async function assessmentXlsx(report: AssessmentReportView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '信访事项办理系统';
  workbook.created = new Date(report.asOf);
  for (const id of ASSESSMENT_TABLES) {
    const table = assessmentTable(report, id);
    const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      header: c.header,
      width: Math.max(10, c.header.length * 2 + 2),
      style: c.kind === 'share' ? { numFmt: PERCENT_FORMAT } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows)
      // Names come from people: a text cell that looks like a formula stays text, as in the CSV.
      sheet.addRow(row.map((cell) => (cell.kind === 'text' ? neutralisedCell(cell.value) : cell.value)));
  }
  const info = workbook.addWorksheet('说明');
  info.addRow(['统计期间', `${report.period.from} 至 ${report.period.to}`]);
  info.addRow(['统计时间', report.asOf]);
  info.getColumn(1).font = { bold: true };
  info.getColumn(1).width = 12;
  info.getColumn(2).width = 30;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
