/**
 * The assessment report as tables for people: Chinese column names, unit names (not ids), levels
 * in Chinese (县级), rates as percentages. One description of each table feeds both the CSV and the
 * Excel workbook, so the two never disagree; the JSON report stays the machine's form.
 */
import { ESCALATION_LADDER, type RungId } from '@/libs/process/policy';
import type { UnitLevel } from '@/libs/process/units';
import type { AssessmentReportView, RateView, UnitFiguresView } from './dto/assessment-views';

export type AssessmentTable = 'units' | 'registration-levels' | 'overdue-units';
export const ASSESSMENT_TABLES: AssessmentTable[] = ['units', 'registration-levels', 'overdue-units'];

/** A cell: text, a count, or a share (0.3333) that people read as a percentage (33.3%). */
export type Cell =
  { kind: 'text'; value: string } | { kind: 'count'; value: number } | { kind: 'share'; value: number | null };

export interface TableColumn {
  header: string;
  kind: Cell['kind'];
}

export interface PeopleTable {
  id: AssessmentTable;
  /** The sheet's name in the workbook (Excel allows 31 characters, no `/ \ ? * [ ]`). */
  sheetName: string;
  columns: TableColumn[];
  rows: Cell[][];
}

export const LEVEL_NAMES: Readonly<Record<UnitLevel, string>> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
};

const RUNG_NAMES: Readonly<Record<RungId, string>> = {
  warning70: '预警（70%）',
  warning90: '预警（90%）',
  breach: '超期督办',
  listedSupervision: '挂牌督办',
  takeoverAvailable: '可提级办理',
};

type RateName = 'acceptanceOnTime' | 'handlingOnTime' | 'firstTimeResolution' | 'ratingParticipation' | 'satisfaction';

/** Each rate as three columns: what was done, what was owed, and the rate (DOMAIN §8's names). */
const RATES: readonly { name: RateName; numerator: string; denominator: string; rate: string }[] = [
  { name: 'acceptanceOnTime', numerator: '按期受理告知数', denominator: '应受理告知数', rate: '及时受理率' },
  { name: 'handlingOnTime', numerator: '按期办结数', denominator: '应办结数', rate: '按期办结率' },
  { name: 'firstTimeResolution', numerator: '一次性化解数', denominator: '办结数', rate: '一次性化解率' },
  { name: 'ratingParticipation', numerator: '参评数', denominator: '可参评数', rate: '参评率' },
  { name: 'satisfaction', numerator: '满意数', denominator: '评价数', rate: '满意率' },
];

const text = (value: string | null | undefined): Cell => ({ kind: 'text', value: value ?? '' });
const count = (value: number): Cell => ({ kind: 'count', value });
const share = (value: number | null): Cell => ({ kind: 'share', value });

export function levelName(level: string | null): string {
  return level ? (LEVEL_NAMES[level as UnitLevel] ?? level) : '';
}

/** The total row is named 合计 (the whole scope); a unit row by the unit's name. */
export const TOTAL_ROW_NAME = '合计';

function unitColumns(): TableColumn[] {
  return [
    { header: '单位', kind: 'text' },
    { header: '层级', kind: 'text' },
    { header: '登记数', kind: 'count' },
    ...RATES.flatMap((r): TableColumn[] => [
      { header: r.numerator, kind: 'count' },
      { header: r.denominator, kind: 'count' },
      { header: r.rate, kind: 'share' },
    ]),
    { header: '超期数', kind: 'count' },
    { header: '仍超期未办数', kind: 'count' },
    ...ESCALATION_LADDER.map((r): TableColumn => ({ header: RUNG_NAMES[r.id], kind: 'count' })),
  ];
}

function unitRow(f: UnitFiguresView, total: boolean): Cell[] {
  const rate = (r: RateView) => [count(r.numerator), count(r.denominator), share(r.rate)];
  return [
    text(total ? TOTAL_ROW_NAME : (f.unitName ?? f.unitId)),
    text(total ? '' : levelName(f.level)),
    count(f.registered),
    ...RATES.flatMap((r) => rate(f[r.name])),
    count(f.overdue.breached),
    count(f.overdue.stillOpen),
    ...ESCALATION_LADDER.map((r) => count(f.escalations[r.id])),
  ];
}

export function assessmentTable(report: AssessmentReportView, table: AssessmentTable): PeopleTable {
  switch (table) {
    case 'units':
      return {
        id: table,
        sheetName: '单位考核',
        columns: unitColumns(),
        rows: [unitRow(report.total, true), ...report.units.map((u) => unitRow(u, false))],
      };
    case 'registration-levels':
      return {
        id: table,
        sheetName: '登记层级（倒金字塔）',
        columns: [
          { header: '层级', kind: 'text' },
          { header: '登记数', kind: 'count' },
          { header: '占比', kind: 'share' },
        ],
        rows: report.registrationLevels.map((l) => [text(levelName(l.level)), count(l.registered), share(l.share)]),
      };
    case 'overdue-units':
      return {
        id: table,
        sheetName: '超期单位排名',
        columns: [
          { header: '排名', kind: 'count' },
          { header: '单位', kind: 'text' },
          { header: '层级', kind: 'text' },
          { header: '超期数', kind: 'count' },
          { header: '仍超期未办数', kind: 'count' },
        ],
        rows: report.topOverdueUnits.map((u) => [
          count(u.rank),
          text(u.unitName),
          text(levelName(u.level)),
          count(u.breached),
          count(u.stillOpen),
        ]),
      };
  }
}

/** A share as people write it: 0.3333 → `33.3%`; no denominator → `—`. */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}
