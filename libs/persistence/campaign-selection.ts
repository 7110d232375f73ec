/**
 * Reads the petitions' read model for a campaign: the open cases of a region that its rules select
 * (定期排查), and the current facts of given cases. Used by the campaign workflow's activities and by
 * the API's preview, so both see the same selection.
 */
import { DataSource, EntityManager } from 'typeorm';
import {
  CampaignCaseFacts,
  NOT_OPEN_STEPS,
  SelectionQuery,
  SelectionResult,
  selectionReasons,
} from '../process/campaign-selection';

interface FactsRow {
  petition_id: string;
  category: CampaignCaseFacts['category'];
  accused_unit_id: string | null;
  imported: boolean;
  unit_id: string;
  unit_level: CampaignCaseFacts['unitLevel'];
  region_path: string;
  offices: CampaignCaseFacts['offices'];
  step: CampaignCaseFacts['step'];
  received_at: Date;
  repeat_of: string[];
  reopened_count: number;
  listed_for_supervision: boolean;
}

/**
 * One row per petition with what a campaign needs of it. The responsible unit is the handling unit,
 * else the office holding the case; repeat links come from the registration event; an imported
 * backlog case says so in its view.
 */
const FACTS = `
  SELECT p.id AS petition_id, p.category, i.accused_unit_id,
         COALESCE((p.view->>'imported')::boolean, false) AS imported,
         u.id AS unit_id, u.level AS unit_level, u.region_path,
         COALESCE((SELECT json_agg(json_build_object('unitId', o.id, 'level', o.level) ORDER BY length(o.region_path) DESC, o.id)
                     FROM units o
                    WHERE o.kind = 'petitionOffice' AND (u.region_path = o.region_path OR starts_with(u.region_path, o.region_path || '.'))), '[]'::json) AS offices,
         p.step, p.received_at,
         COALESCE((SELECT ARRAY(SELECT jsonb_array_elements_text(e.data->'repeatOf'))
                     FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'registered' LIMIT 1), ARRAY[]::text[]) AS repeat_of,
         COALESCE((p.view->>'reopenedCount')::int, 0) AS reopened_count,
         p.listed_for_supervision
    FROM petitions p
    LEFT JOIN petition_intakes i ON i.petition_id = p.id
    JOIN units u ON u.id = COALESCE(p.handling_unit_id, p.routing_unit_id)`;

function toFacts(r: FactsRow): CampaignCaseFacts {
  return {
    petitionId: r.petition_id,
    category: r.category,
    accusedUnitId: r.accused_unit_id,
    imported: r.imported,
    unitId: r.unit_id,
    unitLevel: r.unit_level,
    regionPath: r.region_path,
    offices: r.offices,
    step: r.step,
    receivedAt: new Date(r.received_at).getTime(),
    repeatOf: r.repeat_of,
    reopenedCount: r.reopened_count,
    listedForSupervision: r.listed_for_supervision,
  };
}

type Queryable = DataSource | EntityManager;

/** The open cases of the region matching any rule, oldest first, with their reasons. */
export async function selectCampaignCases(db: Queryable, query: SelectionQuery): Promise<SelectionResult> {
  const r = query.rules;
  const rows: FactsRow[] = await db.query(
    `SELECT * FROM (${FACTS}) f
      WHERE (f.region_path = $1 OR starts_with(f.region_path, $1 || '.'))
        AND f.step <> ALL($2::text[])
        AND (f.accused_unit_id IS NULL OR f.accused_unit_id <> $3)
        AND (($4::int IS NOT NULL AND f.received_at < $5::timestamptz - make_interval(days => $4::int))
          OR ($6::boolean AND cardinality(f.repeat_of) > 0)
          OR ($7::boolean AND f.reopened_count > 0)
          OR ($8::boolean AND f.listed_for_supervision)
          OR ($9::boolean AND f.imported))
      ORDER BY f.received_at, f.petition_id`,
    [
      query.regionPath,
      NOT_OPEN_STEPS,
      query.officeUnitId,
      r.openLongerThanDays,
      new Date(query.asOf),
      r.repeatPetitions,
      r.reopenedAfterRelapse,
      r.listedForSupervision,
      r.importedBacklog,
    ],
  );
  const selected = rows.map(toFacts).flatMap((facts) => {
    const reasons = selectionReasons(r, facts, query.asOf);
    return reasons.length > 0 ? [{ ...facts, reasons }] : [];
  });
  const watched: FactsRow[] =
    query.watch.length === 0
      ? []
      : await db.query(`SELECT * FROM (${FACTS}) f WHERE f.petition_id = ANY($1::uuid[]) ORDER BY f.petition_id`, [
          query.watch,
        ]);
  return { selected, watched: watched.map(toFacts) };
}

/** One case, if it is in the region and not an accusation against the office; null otherwise. */
export async function describeCampaignCase(
  db: Queryable,
  query: { petitionId: string; regionPath: string; officeUnitId: string },
): Promise<CampaignCaseFacts | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(query.petitionId)) return null;
  const rows: FactsRow[] = await db.query(
    `SELECT * FROM (${FACTS}) f
      WHERE f.petition_id = $1::uuid AND (f.region_path = $2 OR starts_with(f.region_path, $2 || '.'))
        AND (f.accused_unit_id IS NULL OR f.accused_unit_id <> $3)`,
    [query.petitionId, query.regionPath, query.officeUnitId],
  );
  return rows[0] ? toFacts(rows[0]) : null;
}
