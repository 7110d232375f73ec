/**
 * Which cases a campaign's rules select (定期排查): what the read model says of a candidate case and
 * the reasons it qualifies. The query itself runs in PostgreSQL (libs/persistence); the reasons are
 * decided here, so the API's preview and the campaign's own selection agree.
 */
import { DAY_MS } from './calendar';
import type { CampaignSelectionRules, SelectionReason } from './campaign-policy';
import type { PetitionCategory, Step } from './policy';
import type { UnitLevel } from './units';

/** What the read model says of a petition a campaign may hold. */
export interface CampaignCaseFacts {
  petitionId: string;
  category: PetitionCategory;
  /** 检举控告: the accused unit, which never sees the case, in a campaign or a bulletin. */
  accusedUnitId: string | null;
  /** Backlog registered with its history from before the service (积案). */
  imported: boolean;
  /** The unit answerable for the case: its handling unit, else the petition office holding it. */
  unitId: string;
  unitLevel: UnitLevel;
  regionPath: string;
  /** Petition offices over that unit, nearest first, with their level: who may assign leaders of each level. */
  offices: { unitId: string; level: UnitLevel }[];
  step: Step;
  receivedAt: number;
  repeatOf: string[];
  reopenedCount: number;
  listedForSupervision: boolean;
}

export interface SelectedCase extends CampaignCaseFacts {
  reasons: SelectionReason[];
}

export interface SelectionQuery {
  campaignId: string | null;
  regionPath: string;
  /** The office's own unit: accusations against it are never selected (the office may not learn of them). */
  officeUnitId: string;
  rules: CampaignSelectionRules;
  asOf: number;
  /** Cases already in the campaign whose current facts are wanted (relapses of resolved or struck-off cases). */
  watch: string[];
}

export interface SelectionResult {
  selected: SelectedCase[];
  watched: CampaignCaseFacts[];
}

/** Steps in which a case is no longer open: final, or ended without handling. */
export const NOT_OPEN_STEPS: readonly Step[] = ['closed', 'endedDeclined', 'endedNotAcceptedAgain', 'endedRedirected'];

/** The reasons an open case qualifies under `rules`. */
export function selectionReasons(
  rules: CampaignSelectionRules,
  facts: Pick<CampaignCaseFacts, 'receivedAt' | 'repeatOf' | 'reopenedCount' | 'listedForSupervision' | 'imported'>,
  asOf: number,
): SelectionReason[] {
  const reasons: SelectionReason[] = [];
  if (rules.openLongerThanDays !== null && asOf - facts.receivedAt > rules.openLongerThanDays * DAY_MS)
    reasons.push('openLongerThan');
  if (rules.repeatPetitions && facts.repeatOf.length > 0) reasons.push('repeatPetition');
  if (rules.reopenedAfterRelapse && facts.reopenedCount > 0) reasons.push('reopenedAfterRelapse');
  if (rules.listedForSupervision && facts.listedForSupervision) reasons.push('listedForSupervision');
  if (rules.importedBacklog && facts.imported) reasons.push('importedBacklog');
  return reasons;
}
