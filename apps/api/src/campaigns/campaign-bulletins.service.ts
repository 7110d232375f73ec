/**
 * Reads of a campaign's bulletins (调度/通报) as stored when they were issued: JSON, CSV and PDF. Each
 * viewer gets the totals and the lines that are theirs (the office and the levels above: every
 * line); the cases counted in a line are listed only in lines the viewer may see, and never an
 * accusation against the viewer's own unit. The PDF is rendered on request from the stored figures,
 * cut to the viewer like the JSON (so it is no single stored document and carries no 文号), with the
 * renderer and font every generated document uses (libs/documents).
 */
import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { exportCsv } from '../common/csv-export';
import { DataSource } from 'typeorm';
import { FontMissingError, bulletinDocument, renderPdf } from '@/libs/documents';
import { campaignPolicyByVersion } from '@/libs/process/campaign-policy';
import { formatInstant } from '@/libs/process/wire-time';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CampaignAccess, CampaignScope } from './campaign-access';
import type { BulletinLineView, BulletinView } from './dto/campaign-views';

const LINE_NAMES: Readonly<Record<string, string>> = { total: '合计', unit: '单位', leader: '包案领导' };
const VERDICT_NAMES: Readonly<Record<string, string>> = { praise: '表扬', laggard: '约谈' };

interface BulletinRow {
  bulletin_no: number;
  kind: string;
  as_of: Date;
  bulletin_date: string;
  elapsed_share: string;
  expected_rate: string;
  days_to_target: number;
}
interface LineRow {
  bulletin_no: number;
  line_kind: 'total' | 'unit' | 'leader';
  subject_id: string;
  subject_name: string | null;
  in_scope: number;
  resolved: number;
  struck_off: number;
  rate: string;
  overdue_steps: number;
  days_to_target: number;
  verdict: string | null;
  petition_ids: string[];
}

const BULLETIN_COLUMNS = `b.bulletin_no, b.kind, b.as_of, to_char(b.bulletin_date, 'YYYY-MM-DD') AS bulletin_date, b.elapsed_share, b.expected_rate, b.days_to_target`;
const LINE_ORDER: Record<LineRow['line_kind'], number> = { total: 0, unit: 1, leader: 2 };

@Injectable()
export class CampaignBulletinsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  /** Every bulletin of the campaign, oldest first, with the viewer's lines. */
  async list(user: AuthenticatedUser, campaignId: string): Promise<BulletinView[]> {
    const scope = await this.access.requireVisible(user, campaignId);
    return this.read(scope, null);
  }

  async one(user: AuthenticatedUser, campaignId: string, bulletinNo: number): Promise<BulletinView> {
    const scope = await this.access.requireVisible(user, campaignId);
    const [bulletin] = await this.read(scope, bulletinNo);
    if (!bulletin) throw new ApiError('notFound', `campaign ${campaignId} has no bulletin ${bulletinNo}`);
    return bulletin;
  }

  /**
   * The bulletin as a table for people: one row per line the viewer may see, totals first; Chinese
   * column names, the line's kind and verdict in Chinese, rates as percentages, Beijing time.
   */
  async csv(user: AuthenticatedUser, campaignId: string, bulletinNo: number): Promise<string> {
    const b = await this.one(user, campaignId, bulletinNo);
    const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
    const rows = [b.totals, ...b.units, ...b.leaders].map((l) => [
      b.bulletinNo,
      b.date,
      // asOf is ISO-8601 with +08:00: its wall-clock part is Beijing time.
      b.asOf.slice(0, 19).replace('T', ' '),
      LINE_NAMES[l.kind] ?? l.kind,
      l.kind === 'total' ? '合计' : (l.subjectName ?? l.subjectId),
      l.inScope,
      l.resolved,
      l.struckOff,
      percent(l.rate),
      percent(b.expectedRate),
      l.overdueSteps,
      l.daysToTarget,
      l.verdict ? (VERDICT_NAMES[l.verdict] ?? l.verdict) : '',
    ]);
    const header = [
      '通报期数',
      '通报日期',
      '统计时间',
      '类别',
      '对象',
      '纳入案件数',
      '化解数',
      '销号数',
      '化解率',
      '应达进度',
      '逾期计划步骤数',
      '距目标天数',
      '评定',
    ];
    return exportCsv(header, rows);
  }

  /** The bulletin as a PDF document: the lines the viewer may see, with the campaign's particulars. */
  async pdf(user: AuthenticatedUser, campaignId: string, bulletinNo: number): Promise<Buffer> {
    const scope = await this.access.requireVisible(user, campaignId);
    const [b] = await this.read(scope, bulletinNo);
    if (!b) throw new ApiError('notFound', `campaign ${campaignId} has no bulletin ${bulletinNo}`);
    const [campaign]: {
      name: string;
      plan_ref: string;
      target_date: string;
      policy_version: string;
      office_name: string;
    }[] = await this.dataSource.query(
      `SELECT c.name, c.plan_ref, to_char(c.target_date, 'YYYY-MM-DD') AS target_date, c.policy_version, u.name AS office_name
         FROM campaigns c JOIN units u ON u.id = c.office_unit_id WHERE c.id = $1`,
      [campaignId],
    );
    const rules = campaignPolicyByVersion(campaign.policy_version).bulletin;
    const asOf = Date.parse(b.asOf);
    const { title, content } = bulletinDocument({
      campaignName: campaign.name,
      planRef: campaign.plan_ref,
      officeName: campaign.office_name,
      bulletinNo: b.bulletinNo,
      kind: b.kind,
      asOf,
      targetDate: campaign.target_date,
      elapsedShare: b.elapsedShare,
      expectedRate: b.expectedRate,
      daysToTarget: b.daysToTarget,
      totals: b.totals,
      units: b.units,
      leaders: b.leaders,
      praised: b.praised,
      laggards: b.laggards,
      laggardRule: {
        fromElapsedShare: rules.laggardFromElapsedShare,
        belowShareOfExpected: rules.laggardBelowShareOfExpected,
      },
      complete: scope.full,
    });
    try {
      return (
        await renderPdf(
          content,
          { title, author: campaign.office_name, issuedAt: asOf },
          { pageMargins: [56, 64, 56, 64] },
        )
      ).bytes;
    } catch (error) {
      if (error instanceof FontMissingError) throw new ApiError('unavailable', error.message);
      throw error;
    }
  }

  private async read(scope: CampaignScope, bulletinNo: number | null): Promise<BulletinView[]> {
    const bulletins: BulletinRow[] = await this.dataSource.query(
      `SELECT ${BULLETIN_COLUMNS} FROM campaign_bulletins b WHERE b.campaign_id = $1 AND ($2::int IS NULL OR b.bulletin_no = $2) ORDER BY b.bulletin_no`,
      [scope.campaignId, bulletinNo],
    );
    if (bulletins.length === 0) return [];
    const lines: LineRow[] = await this.dataSource.query(
      `SELECT l.bulletin_no, l.line_kind, l.subject_id, COALESCE(un.name, us.name) AS subject_name, l.in_scope, l.resolved, l.struck_off, l.rate,
              l.overdue_steps, l.days_to_target, l.verdict, l.petition_ids::text[] AS petition_ids
         FROM campaign_bulletin_lines l
         LEFT JOIN units un ON l.line_kind = 'unit' AND un.id = l.subject_id
         LEFT JOIN users us ON l.line_kind = 'leader' AND us.id = l.subject_id
        WHERE l.campaign_id = $1 AND ($2::int IS NULL OR l.bulletin_no = $2)
        ORDER BY l.bulletin_no, l.subject_id`,
      [scope.campaignId, bulletinNo],
    );
    const visible = lines.filter((l) => this.access.seesLine(scope, l.line_kind, l.subject_id));
    const accused = await this.access.accusedUnits([...new Set(visible.flatMap((l) => l.petition_ids))]);
    const toView = (l: LineRow): BulletinLineView => ({
      kind: l.line_kind,
      subjectId: l.subject_id,
      subjectName: l.subject_name,
      inScope: l.in_scope,
      resolved: l.resolved,
      struckOff: l.struck_off,
      rate: Number(l.rate),
      overdueSteps: l.overdue_steps,
      daysToTarget: l.days_to_target,
      verdict: l.verdict,
      // The totals count every case; the office and the levels above see which ones, others only their own lines'.
      petitionIds:
        l.line_kind === 'total' && !scope.full
          ? []
          : l.petition_ids.filter((id) => accused.get(id) !== scope.ownUnitId),
    });
    return bulletins.map((b) => {
      const own = visible
        .filter((l) => l.bulletin_no === b.bulletin_no)
        .sort((x, y) => LINE_ORDER[x.line_kind] - LINE_ORDER[y.line_kind]);
      return {
        campaignId: scope.campaignId,
        bulletinNo: b.bulletin_no,
        kind: b.kind,
        asOf: formatInstant(b.as_of),
        date: b.bulletin_date,
        elapsedShare: Number(b.elapsed_share),
        expectedRate: Number(b.expected_rate),
        daysToTarget: b.days_to_target,
        totals: toView(own.find((l) => l.line_kind === 'total')!),
        units: own.filter((l) => l.line_kind === 'unit').map(toView),
        leaders: own.filter((l) => l.line_kind === 'leader').map(toView),
        praised: own.filter((l) => l.line_kind === 'unit' && l.verdict === 'praise').map((l) => l.subject_id),
        laggards: own.filter((l) => l.line_kind === 'unit' && l.verdict === 'laggard').map((l) => l.subject_id),
      };
    });
  }
}
