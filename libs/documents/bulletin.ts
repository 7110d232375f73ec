/**
 * A campaign's progress bulletin (专项攻坚工作通报, 调度/通报) as a document: the title with its issue
 * number, the issuing office and the instant it speaks for (Asia/Shanghai), the overall progress, a
 * table per responsible unit and per case leader, and the units praised (表扬) and called in (约谈).
 * It lays out exactly the lines it is given: the caller has already cut them to what the reader may see.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { BulletinLine } from '../process/campaign-bulletin';
import { formatInstant } from '../process/wire-time';
import { chineseDate } from './notices';

/** A line of the bulletin's figures (libs/process) with the name the reader knows it by. */
export interface BulletinDocumentLine extends Pick<
  BulletinLine,
  'subjectId' | 'inScope' | 'resolved' | 'struckOff' | 'rate' | 'overdueSteps' | 'daysToTarget'
> {
  subjectName: string | null;
  /** praise (表扬), laggard (约谈) or null, as stored */
  verdict: string | null;
}

export interface BulletinParticulars {
  campaignName: string;
  /** The plan the campaign carries out (its 文号), e.g. 乙县联席办〔2026〕1号. */
  planRef: string;
  officeName: string;
  bulletinNo: number;
  kind: 'scheduled' | 'final' | string;
  /** The instant the figures are as of (epoch ms). */
  asOf: number;
  targetDate: string;
  elapsedShare: number;
  expectedRate: number;
  daysToTarget: number;
  totals: BulletinDocumentLine;
  units: BulletinDocumentLine[];
  leaders: BulletinDocumentLine[];
  /** Unit ids, among `units`. */
  praised: string[];
  laggards: string[];
  /** The campaign policy's 约谈 thresholds (its version's), so the wording never restates them by hand. */
  laggardRule: { fromElapsedShare: number; belowShareOfExpected: number };
  /** False for a reader who sees only some lines: the document says so. */
  complete: boolean;
}

export const VERDICT_WORDS: Readonly<Record<string, string>> = { praise: '表扬', laggard: '约谈' };

/** 《乙县信访积案化解专项攻坚工作通报（第3期）》's text, without the brackets. */
export function bulletinTitle(campaignName: string, bulletinNo: number): string {
  return `${campaignName}${campaignName.endsWith('专项攻坚') ? '' : '专项攻坚'}工作通报（第${bulletinNo}期）`;
}

/** 0.3333 → 33.3% */
export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A policy threshold as written: 0.25 → 25% */
const share = (fraction: number) => `${Number((fraction * 100).toFixed(2))}%`;

/** An instant as the Shanghai wall clock, in words: 2026年3月5日 09:00. */
export function chineseInstant(instant: number): string {
  const iso = formatInstant(instant);
  return `${chineseDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}

/** Cases in scope, resolved, struck off (销号), rate, overdue plan steps, days to the target date. */
const HEADINGS = ['案件数', '已化解', '已销号', '化解率', '逾期步骤', '距目标日'];

function row(name: string, l: BulletinDocumentLine, withVerdict: boolean, bold = false): TableCell[] {
  return [
    { text: name, bold },
    ...[l.inScope, l.resolved, l.struckOff, percent(l.rate), l.overdueSteps, `${l.daysToTarget}天`].map((v) => ({
      text: String(v),
      alignment: 'center' as const,
      bold,
    })),
    ...(withVerdict
      ? [{ text: l.verdict ? (VERDICT_WORDS[l.verdict] ?? l.verdict) : '—', alignment: 'center' as const, bold }]
      : []),
  ];
}

/**
 * One row per line; the unit table ends with the campaign's totals (合计: every case, whichever lines
 * are shown). The leader table has none: a case may have leaders at two levels, or none yet.
 */
function table(
  subjectHeading: string,
  lines: BulletinDocumentLine[],
  totals: BulletinDocumentLine | null,
  withVerdict: boolean,
): Content {
  const header: TableCell[] = [subjectHeading, ...HEADINGS, ...(withVerdict ? ['评定'] : [])].map((text) => ({
    text,
    bold: true,
    alignment: 'center',
  }));
  const rows: TableCell[][] = [
    ...lines.map((l) => row(l.subjectName ?? l.subjectId, l, withVerdict)),
    ...(totals ? [row('合计', totals, withVerdict, true)] : []),
  ];
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', ...HEADINGS.map(() => 'auto'), ...(withVerdict ? ['auto'] : [])],
      body: [header, ...rows],
    },
    fontSize: 10.5,
    lineHeight: 1.2,
    margin: [0, 4, 0, 12],
  };
}

function heading(text: string): Content {
  return { text, bold: true, margin: [0, 8, 0, 4] };
}

function paragraph(text: string): Content {
  return { text, leadingIndent: 28, margin: [0, 0, 0, 6] };
}

function unitNames(ids: string[], units: BulletinDocumentLine[]): string {
  if (ids.length === 0) return '无';
  return ids.map((id) => units.find((u) => u.subjectId === id)?.subjectName ?? id).join('、');
}

/** The bulletin as a pdfmake document body, and its title. */
export function bulletinDocument(b: BulletinParticulars): { title: string; content: Content } {
  const title = bulletinTitle(b.campaignName, b.bulletinNo);
  const t = b.totals;
  const content: Content = [
    { text: title, alignment: 'center', fontSize: 20, bold: true, margin: [0, 0, 0, 8] },
    ...(b.kind === 'final'
      ? [
          {
            text: '（终期通报）',
            alignment: 'center' as const,
            margin: [0, 0, 0, 8] as [number, number, number, number],
          },
        ]
      : []),
    {
      text: `${b.officeName}　　${chineseInstant(b.asOf)}（北京时间）`,
      alignment: 'center',
      fontSize: 12,
      margin: [0, 0, 0, 16],
    },
    heading('一、总体进展'),
    paragraph(
      `根据《${b.campaignName}》工作方案（${b.planRef}），截至${chineseInstant(b.asOf)}，纳入攻坚的案件${t.inScope}件，已化解${t.resolved}件，其中已销号${t.struckOff}件，化解率${percent(t.rate)}；` +
        `攻坚时间已过${percent(b.elapsedShare)}，按期应达化解率${percent(b.expectedRate)}；逾期未完成的化解计划步骤${t.overdueSteps}项；` +
        `距攻坚目标日（${chineseDate(b.targetDate)}）还有${b.daysToTarget}天。`,
    ),
    heading('二、各责任单位化解情况'),
    b.units.length ? table('责任单位', b.units, t, true) : paragraph('无。'),
    heading('三、包案领导化解情况'),
    b.leaders.length ? table('包案领导', b.leaders, null, false) : paragraph('无。'),
    {
      text: '注：案件数为纳入攻坚的案件；已化解含停访息诉和终结备案；逾期步骤为逾期未完成的化解计划（一案一策）步骤；距目标日为距攻坚目标日的天数。',
      fontSize: 10,
      lineHeight: 1.3,
      margin: [0, 0, 0, 8],
    },
    heading('四、表扬与约谈'),
    paragraph(`予以表扬（化解率不低于按期应达化解率）：${unitNames(b.praised, b.units)}。`),
    paragraph(
      `建议约谈（攻坚时间过${share(b.laggardRule.fromElapsedShare)}后，化解率低于按期应达化解率的${share(b.laggardRule.belowShareOfExpected)}）：${unitNames(b.laggards, b.units)}。`,
    ),
    ...(b.complete
      ? []
      : [
          {
            text: '本件按查阅人权限生成：列出全部案件的合计，以及查阅人可见的责任单位和包案领导。',
            fontSize: 10,
            margin: [0, 24, 0, 0] as [number, number, number, number],
          },
        ]),
  ];
  return { title, content };
}
