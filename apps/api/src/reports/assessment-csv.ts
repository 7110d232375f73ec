/**
 * The assessment report as CSV tables for spreadsheets: one row per unit (the scope's total
 * first), the registration levels, and the overdue ranking. UTF-8 with a byte-order mark, so a
 * spreadsheet opens the unit names in Chinese correctly. Every JSON number is a column; a null
 * rate is an empty cell.
 */
import { ESCALATION_LADDER } from '@/libs/process/policy';
import { exportCsv } from '../common/csv-export';
import type { AssessmentReportView, UnitFiguresView } from './dto/assessment-views';

export type AssessmentTable = 'units' | 'registration-levels' | 'overdue-units';
export const ASSESSMENT_TABLES: AssessmentTable[] = ['units', 'registration-levels', 'overdue-units'];

const RATES = [
  'acceptanceOnTime',
  'handlingOnTime',
  'firstTimeResolution',
  'ratingParticipation',
  'satisfaction',
] as const;

/** Column names of the units table, in order. */
export const UNIT_COLUMNS: string[] = [
  'row',
  'unitId',
  'unitName',
  'level',
  'registered',
  ...RATES.flatMap((r) => [`${r}.numerator`, `${r}.denominator`, `${r}.rate`]),
  'overdue.breached',
  'overdue.stillOpen',
  ...ESCALATION_LADDER.map((r) => `escalations.${r.id}`),
];

function unitRow(kind: 'total' | 'unit', f: UnitFiguresView): unknown[] {
  return [
    kind,
    f.unitId ?? '',
    f.unitName ?? '',
    f.level ?? '',
    f.registered,
    ...RATES.flatMap((r) => [f[r].numerator, f[r].denominator, f[r].rate ?? '']),
    f.overdue.breached,
    f.overdue.stillOpen,
    ...ESCALATION_LADDER.map((r) => f.escalations[r.id]),
  ];
}

export function assessmentCsv(report: AssessmentReportView, table: AssessmentTable): string {
  const csv = exportCsv;
  switch (table) {
    case 'units':
      return csv(UNIT_COLUMNS, [unitRow('total', report.total), ...report.units.map((u) => unitRow('unit', u))]);
    case 'registration-levels':
      return csv(
        ['level', 'registered', 'share'],
        report.registrationLevels.map((l) => [l.level, l.registered, l.share ?? '']),
      );
    case 'overdue-units':
      return csv(
        ['rank', 'unitId', 'unitName', 'level', 'breached', 'stillOpen'],
        report.topOverdueUnits.map((u) => [u.rank, u.unitId, u.unitName, u.level, u.breached, u.stillOpen]),
      );
  }
}
