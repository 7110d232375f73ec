/**
 * The assessment report as CSV tables for spreadsheets (the tables of assessment-tables.ts):
 * Chinese column names, unit names, levels in Chinese, rates as `33.3%`. UTF-8 with a byte-order
 * mark (exportCsv), so Excel opens the Chinese correctly.
 */
import { exportCsv } from '../common/csv-export';
import { type AssessmentTable, assessmentTable, percentText } from './assessment-tables';
import type { AssessmentReportView } from './dto/assessment-views';

export { ASSESSMENT_TABLES, type AssessmentTable } from './assessment-tables';

export function assessmentCsv(report: AssessmentReportView, table: AssessmentTable): string {
  const t = assessmentTable(report, table);
  return exportCsv(
    t.columns.map((c) => c.header),
    t.rows.map((row) => row.map((cell) => (cell.kind === 'share' ? percentText(cell.value) : cell.value))),
  );
}
