import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the work queues and the case search read, projected onto `petitions` so every list is one
 * index-driven query: the flags (collective, repeat), the accused unit (hidden from it in every
 * list), the units of the case (for 属地管理), and the next obligation due. Summary search uses a
 * GIN index on character bigrams: pg_trgm is installed with the embedded PostgreSQL, but under the
 * `C` locale it draws no trigrams from Chinese text (show_trgm('物业维修基金') is empty), so it
 * cannot serve 信访 summaries; bigrams work under any locale.
 */
export class WorkQueues1765000000000 implements MigrationInterface {
  name = 'WorkQueues1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petitions
      ADD COLUMN collective boolean NOT NULL DEFAULT false,
      ADD COLUMN repeat_of uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN accused_unit_id text,
      ADD COLUMN unit_ids text[] NOT NULL DEFAULT '{}',
      ADD COLUMN next_due_at timestamptz,
      ADD COLUMN next_due_clock_key text,
      ADD COLUMN next_due_clock_id text,
      ADD COLUMN next_due_last_day date`);
    // Rows projected before this migration: the flags from the registration event, the accused
    // unit from the intake, the next due from the running obligation clocks.
    await q.query(`UPDATE petitions p SET
        unit_ids = array_remove(ARRAY(SELECT DISTINCT u FROM unnest(ARRAY[p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id]) u), NULL),
        accused_unit_id = (SELECT i.accused_unit_id FROM petition_intakes i WHERE i.petition_id = p.id),
        collective = coalesce((SELECT (e.data->>'collective')::boolean FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'registered'), false),
        repeat_of = coalesce((SELECT ARRAY(SELECT jsonb_array_elements_text(e.data->'repeatOf'))::uuid[] FROM petition_events e WHERE e.petition_id = p.id AND e.type = 'registered'), '{}')`);
    await q.query(`UPDATE petitions p SET next_due_at = c.due_at, next_due_clock_key = c.clock_key, next_due_clock_id = c.clock_id, next_due_last_day = c.last_day
        FROM (SELECT DISTINCT ON (petition_id) petition_id, due_at, clock_key, clock_id, last_day FROM petition_clocks
               WHERE status = 'running' AND due_at IS NOT NULL
                 AND clock_id NOT IN ('misrouteObjection', 'reviewRequestWindow', 'reReviewRequestWindow')
               ORDER BY petition_id, due_at, clock_key) c
       WHERE c.petition_id = p.id`);

    // Case search: newest first (keyset on registered_at, id), soonest due first (next_due_at, id);
    // the flags and the category have their own newest-first indexes, so a rare flag is found
    // without reading the whole of a region. GIN indexes are written through (fastupdate off): a
    // pending list would be scanned in full by every search until the next vacuum.
    await q.query(`CREATE INDEX petitions_registered ON petitions (registered_at DESC, id DESC)`);
    await q.query(`CREATE INDEX petitions_next_due ON petitions (next_due_at, id) WHERE next_due_at IS NOT NULL`);
    await q.query(`CREATE INDEX petitions_received ON petitions (received_at, registered_at)`);
    await q.query(`CREATE INDEX petitions_step ON petitions (step, registered_at DESC, id DESC)`);
    await q.query(`CREATE INDEX petitions_category ON petitions (category, registered_at DESC, id DESC)`);
    await q.query(`CREATE INDEX petitions_urgent ON petitions (registered_at DESC, id DESC) WHERE urgent`);
    await q.query(`CREATE INDEX petitions_collective ON petitions (registered_at DESC, id DESC) WHERE collective`);
    await q.query(
      `CREATE INDEX petitions_repeat ON petitions (registered_at DESC, id DESC) WHERE cardinality(repeat_of) > 0`,
    );
    await q.query(`CREATE INDEX petitions_repeat_of ON petitions USING gin (repeat_of) WITH (fastupdate = off)`);
    await q.query(
      `CREATE INDEX petitions_case_leader ON petitions (case_leader_id, next_due_at) WHERE case_leader_id IS NOT NULL`,
    );
    // Queues: the running clocks of one unit by kind, soonest first; the open tasks of one office.
    await q.query(
      `CREATE INDEX petition_clocks_unit_kind_due ON petition_clocks (unit_id, clock_id, due_at) WHERE status = 'running'`,
    );
    await q.query(
      `CREATE INDEX supervision_tasks_office_open ON supervision_tasks (supervising_unit_id, opened_at, task_key) WHERE status = 'open'`,
    );

    // Text search in the summary covers the cases of the searcher's own unit: one GIN index over the
    // case's units and the summary's character bigrams answers both at once. The bigrams are copied
    // from the intake when the case is first projected; the exact substring is checked on the intake.
    await q.query(`
      CREATE FUNCTION text_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}') FROM generate_series(1, length(t) - 1) AS i
      $$`);
    await q.query(`ALTER TABLE petitions ADD COLUMN summary_bigrams text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `UPDATE petitions p SET summary_bigrams = text_bigrams(i.summary) FROM petition_intakes i WHERE i.petition_id = p.id`,
    );
    await q.query(
      `CREATE INDEX petitions_units_and_text ON petitions USING gin (unit_ids, summary_bigrams) WITH (fastupdate = off)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'petitions_units_and_text',
      'supervision_tasks_office_open',
      'petition_clocks_unit_kind_due',
      'petitions_case_leader',
      'petitions_repeat_of',
      'petitions_repeat',
      'petitions_collective',
      'petitions_urgent',
      'petitions_category',
      'petitions_step',
      'petitions_received',
      'petitions_next_due',
      'petitions_registered',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    await q.query(`ALTER TABLE petitions DROP COLUMN summary_bigrams, DROP COLUMN collective, DROP COLUMN repeat_of, DROP COLUMN accused_unit_id,
      DROP COLUMN unit_ids, DROP COLUMN next_due_at, DROP COLUMN next_due_clock_key, DROP COLUMN next_due_clock_id, DROP COLUMN next_due_last_day`);
    await q.query(`DROP FUNCTION text_bigrams(text)`);
  }
}
