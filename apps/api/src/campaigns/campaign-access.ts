/**
 * Who sees what of a campaign (属地管理、分级负责): the campaign office and the overseeing staff of the
 * levels above see all of it; staff of a unit in its region see the campaign, its totals and their
 * own unit's cases and lines (a supervisor or auditor in the region: the units below them too); a
 * case leader sees the cases they lead and their own line. Nobody sees an accusation against their
 * own unit (DOMAIN §6). Anyone else gets 404, as for a campaign that does not exist.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CampaignCaseView } from '@/workflows/campaign/campaign.contract';
import { OVERSEEING_ROLES } from '../accountability/oversight-scope';
import { ApiError } from '../common/api-error';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export interface CampaignScope {
  campaignId: string;
  officeUnitId: string;
  regionPath: string;
  status: 'active' | 'closed';
  /** The office or a level above it: everything. */
  full: boolean;
  /** Units whose cases and lines this user sees (when not full). */
  unitIds: ReadonlySet<string>;
  userId: string;
  /** The user's own unit: accusations against it are never shown. */
  ownUnitId: string;
}

const within = (path: string, region: string) => path === region || path.startsWith(`${region}.`);

@Injectable()
export class CampaignAccess {
  constructor(private readonly dataSource: DataSource) {}

  async requireVisible(user: AuthenticatedUser, campaignId: string): Promise<CampaignScope> {
    const rows: { office_unit_id: string; region_path: string; status: 'active' | 'closed'; leads: boolean }[] =
      await this.dataSource.query(
        `SELECT c.office_unit_id, c.region_path, c.status,
              EXISTS (SELECT 1 FROM campaign_cases cc WHERE cc.campaign_id = c.id AND $2 = ANY(cc.leader_ids)) AS leads
         FROM campaigns c WHERE c.id = $1`,
        [campaignId, user.id],
      );
    const row = rows[0];
    const notFound = () => new ApiError('notFound', `campaign ${campaignId} not found`);
    if (!row) throw notFound();
    const overseer = (OVERSEEING_ROLES as readonly string[]).includes(user.role);
    const base = {
      campaignId,
      officeUnitId: row.office_unit_id,
      regionPath: row.region_path,
      status: row.status,
      userId: user.id,
      ownUnitId: user.unitId,
    };
    if (overseer && within(row.region_path, user.regionPath)) return { ...base, full: true, unitIds: new Set() };
    if (!within(user.regionPath, row.region_path) && !row.leads) throw notFound();
    let unitIds = new Set([user.unitId]);
    if (overseer) {
      const below: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM units WHERE region_path = $1 OR starts_with(region_path, $1 || '.')`,
        [user.regionPath],
      );
      unitIds = new Set(below.map((u) => u.id));
    }
    return { ...base, full: false, unitIds };
  }

  /** The accused unit of each accusation among these cases. */
  async accusedUnits(petitionIds: string[]): Promise<Map<string, string>> {
    if (petitionIds.length === 0) return new Map();
    const rows: { petition_id: string; accused_unit_id: string }[] = await this.dataSource.query(
      `SELECT petition_id, accused_unit_id FROM petition_intakes WHERE petition_id = ANY($1::uuid[]) AND accused_unit_id IS NOT NULL`,
      [petitionIds],
    );
    return new Map(rows.map((r) => [r.petition_id, r.accused_unit_id]));
  }

  /** The cases this scope shows, never an accusation against the viewer's own unit. */
  async visibleCases<C extends Pick<CampaignCaseView, 'petitionId' | 'unitId' | 'leaders'>>(
    scope: CampaignScope,
    cases: C[],
  ): Promise<C[]> {
    return (await this.visibleAndCounted(scope, cases)).visible;
  }

  /**
   * The cases shown, and how many the campaign holds as far as this viewer may know: every case
   * but an accusation against the viewer's own unit, which no count may betray (DOMAIN §6).
   */
  async visibleAndCounted<C extends Pick<CampaignCaseView, 'petitionId' | 'unitId' | 'leaders'>>(
    scope: CampaignScope,
    cases: C[],
  ): Promise<{ visible: C[]; caseCount: number }> {
    const accused = await this.accusedUnits(cases.map((c) => c.petitionId));
    const knowable = cases.filter((c) => accused.get(c.petitionId) !== scope.ownUnitId);
    const visible = knowable.filter(
      (c) => scope.full || scope.unitIds.has(c.unitId) || c.leaders.some((l) => l.userId === scope.userId),
    );
    return { visible, caseCount: knowable.length };
  }

  /** Whether a bulletin line is this viewer's to see. */
  seesLine(scope: CampaignScope, kind: string, subjectId: string): boolean {
    if (kind === 'total' || scope.full) return true;
    return kind === 'unit' ? scope.unitIds.has(subjectId) : subjectId === scope.userId;
  }
}
