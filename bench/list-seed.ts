/**
 * The benchmark's data, seeded directly in SQL (setseed makes it the same on every run): a unit
 * tree of one province, 10 cities and 100 counties (a petition office, a housing bureau and a
 * discipline unit each), and 100,000 cases shaped like a real petition office's: most registered at
 * county level (倒金字塔), half of them closed, the open ones spread over the steps with about one in
 * ten overdue, their running clocks, their stopped clocks, and the 督办 tasks the overdue ones opened.
 */
import type { DataSource } from 'typeorm';

export const CITIES = 10;
export const COUNTIES_PER_CITY = 10;
const KINDS = [
  ['xfj', 'petitionOffice'],
  ['zjj', 'functionalDepartment'],
  ['jw', 'discipline'],
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
export const cityPrefix = (c: number) => `c${pad(c)}`;
export const countyPrefix = (c: number, x: number) => `c${pad(c)}x${pad(x)}`;

export async function seedUnits(db: DataSource): Promise<void> {
  const rows: [string, string, string, string, string | null, string][] = [];
  for (const [suffix, kind] of KINDS) {
    rows.push([`p-${suffix}`, `省${suffix}`, kind, 'province', null, 'p']);
    for (let c = 1; c <= CITIES; c++) {
      rows.push([`${cityPrefix(c)}-${suffix}`, `市${c}${suffix}`, kind, 'city', `p-${suffix}`, `p.${cityPrefix(c)}`]);
      for (let x = 1; x <= COUNTIES_PER_CITY; x++) {
        rows.push([
          `${countyPrefix(c, x)}-${suffix}`,
          `县${c}-${x}${suffix}`,
          kind,
          'county',
          `${cityPrefix(c)}-${suffix}`,
          `p.${cityPrefix(c)}.x${pad(x)}`,
        ]);
      }
    }
  }
  await db.query(
    `INSERT INTO units (id, name, kind, level, parent_id, region_path)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) ORDER BY 6`,
    [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
  );
  await db.query(`INSERT INTO users (id, name, role, unit_id) VALUES ('bench', '压测登记员', 'registrar', 'p-xfj')`);
}

const WORDS = [
  '小区',
  '物业',
  '维修基金',
  '电梯',
  '供暖',
  '拆迁',
  '补偿',
  '安置房',
  '漏水',
  '噪音',
  '工资',
  '拖欠',
  '医保',
  '低保',
  '学位',
  '道路',
  '污染',
  '违建',
  '征地',
  '宅基地',
  '停车',
  '燃气',
  '排水',
  '绿化',
  '养老金',
  '公积金',
  '土地流转',
  '村务公开',
  '扶贫资金',
  '网约车',
];
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];

/** The steps of an open or finished case and how many of the cases are in each (sums to 1). */
const STEP_SHARES: [string, number][] = [
  ['routing', 0.03],
  ['acceptance', 0.05],
  ['handling', 0.25],
  ['replyIssued', 0.02],
  ['reviewWindow', 0.05],
  ['review', 0.02],
  ['reviewDecided', 0.01],
  ['reReviewWindow', 0.01],
  ['reReview', 0.01],
  ['closed', 0.5],
  ['endedDeclined', 0.03],
  ['endedNotAcceptedAgain', 0.005],
  ['endedRedirected', 0.015],
];

function stepCase(column: string): string {
  let acc = 0;
  return `CASE ${STEP_SHARES.map(([step, share]) => `WHEN ${column} < ${(acc += share).toFixed(4)} THEN '${step}'`).join(' ')} ELSE 'closed' END`;
}

export async function seedCases(db: DataSource, total: number): Promise<void> {
  await db.query(`SELECT setseed(0.42)`);
  await db.query(`
    CREATE TEMP TABLE seed AS
    SELECT n, md5(n::text || '-case')::uuid AS id, random() AS r_level, random() AS r_city, random() AS r_county, random() AS r_cat,
           random() AS r_step, random() AS r_age, random() AS r_lag, random() AS r_due, random() AS r_flag1, random() AS r_flag2,
           random() AS r_flag3, random() AS r_leader, random() AS r_w1, random() AS r_w2, random() AS r_w3, random() AS r_name
      FROM generate_series(1, ${total}) n`);
  await db.query(`
    CREATE TEMP TABLE cases AS
    WITH a AS (
      SELECT s.*,
             CASE WHEN r_level < 0.80 THEN 'county' WHEN r_level < 0.95 THEN 'city' ELSE 'province' END AS lvl,
             1 + floor(r_city * ${CITIES})::int AS city,
             -- some counties are much busier than others
             1 + floor(power(r_county, 1.6) * ${COUNTIES_PER_CITY})::int AS county,
             CASE WHEN r_cat < 0.70 THEN 'appeal' WHEN r_cat < 0.85 THEN 'suggestion' ELSE 'accusation' END AS category,
             ${stepCase('r_step')} AS step
        FROM seed s
    ), b AS (
      SELECT a.*,
             CASE lvl WHEN 'county' THEN format('c%sx%s', lpad(city::text, 2, '0'), lpad(county::text, 2, '0'))
                      WHEN 'city' THEN format('c%s', lpad(city::text, 2, '0')) ELSE 'p' END AS prefix,
             CASE lvl WHEN 'county' THEN format('c%s', lpad(city::text, 2, '0')) WHEN 'city' THEN 'p' END AS parent_prefix,
             CASE lvl WHEN 'county' THEN 'p' END AS grandparent_prefix,
             CASE WHEN category = 'accusation' THEN 'jw' ELSE 'zjj' END AS kind,
             step IN ('closed', 'endedDeclined', 'endedNotAcceptedAgain', 'endedRedirected') AS finished
        FROM a
    ), c AS (
      SELECT b.*,
             prefix || '-xfj' AS routing_unit_id,
             CASE WHEN step <> 'routing' THEN prefix || '-' || kind END AS handling_unit_id,
             CASE WHEN step IN ('review', 'reviewDecided', 'reReviewWindow', 'reReview') AND parent_prefix IS NOT NULL THEN parent_prefix || '-' || kind END AS review_unit_id,
             CASE WHEN step = 'reReview' AND grandparent_prefix IS NOT NULL THEN grandparent_prefix || '-' || kind END AS re_review_unit_id,
             CASE WHEN category = 'accusation' THEN prefix || '-zjj' END AS accused_unit_id,
             date_trunc('milliseconds', now() - (CASE WHEN finished THEN r_age * 730 ELSE r_age * 120 END) * interval '1 day') AS received_at
        FROM b
    ), d AS (
      SELECT c.*,
             date_trunc('milliseconds', received_at + r_lag * 3 * interval '1 day') AS registered_at,
             CASE step WHEN 'routing' THEN 'routing' WHEN 'acceptance' THEN 'acceptanceNotice' WHEN 'handling' THEN 'handling'
                       WHEN 'review' THEN 'review' WHEN 'reReview' THEN 'reReview'
                       WHEN 'closed' THEN CASE WHEN r_due < 0.1 THEN 'followUp' END END AS due_clock,
             CASE step WHEN 'routing' THEN 15 WHEN 'acceptance' THEN 15 WHEN 'handling' THEN 60 WHEN 'closed' THEN 10 ELSE 30 END AS period
        FROM c
    )
    SELECT d.*,
           CASE WHEN due_clock IS NOT NULL THEN
             -- 24:00 Asia/Shanghai of a last day between 10 days ago and ~90 days ahead: about one in ten overdue
             (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') + (floor(r_due * 100)::int - 9) * interval '1 day') AT TIME ZONE 'Asia/Shanghai'
           END AS next_due_at
      FROM d`);
  await db.query(`
    INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name,
      petitioner_contact, summary, accused_unit_id, accused_person, query_code_hash, created_at)
    SELECT id::text, id, 'bench', 'bench', routing_unit_id,
           (ARRAY['${SURNAMES.join("','")}'])[1 + floor(r_name * ${SURNAMES.length})::int] || '某',
           '138' || lpad(n::text, 8, '0'),
           format('%s%s%s问题，要求%s', w[1 + floor(r_w1 * ${WORDS.length})::int], w[1 + floor(r_w2 * ${WORDS.length})::int],
                  w[1 + floor(r_w3 * ${WORDS.length})::int], w[1 + floor(r_name * ${WORDS.length})::int]),
           accused_unit_id, CASE WHEN accused_unit_id IS NOT NULL THEN '某工作人员' END, 'bench', registered_at
      FROM cases, (SELECT ARRAY['${WORDS.join("','")}'] AS w) words`);
  await db.query(`
    INSERT INTO petitions (id, workflow_id, category, urgent, step, policy_version, calendar_version, routing_unit_id, handling_unit_id,
      review_unit_id, re_review_unit_id, received_at, registered_at, closed_at, is_final, revision, view, projected_at, case_leader_id,
      first_time_resolution, listed_for_supervision, collective, repeat_of, accused_unit_id, unit_ids, next_due_at, next_due_clock_key,
      next_due_clock_id, next_due_last_day)
    SELECT id, 'petition-' || id, category, r_flag1 < 0.03, step, 'xinfang-2022/v1', 'chinese-days@1.5.7', routing_unit_id, handling_unit_id,
           review_unit_id, re_review_unit_id, received_at, registered_at, CASE WHEN finished THEN registered_at + interval '70 days' END,
           step = 'closed', 5, jsonb_build_object('extensionsUsed', CASE WHEN r_flag3 < 0.1 THEN 1 ELSE 0 END), now(),
           CASE WHEN r_leader < 0.05 THEN 'leader-' || floor(r_leader * 10000)::int END,
           r_flag2 > 0.2, coalesce(next_due_at < now() AND r_flag3 < 0.3, false), r_flag2 < 0.05,
           CASE WHEN r_flag3 > 0.92 AND n > 1000 THEN ARRAY[md5((n - 1 - floor(r_lag * 999)::int)::text || '-case')::uuid] ELSE '{}' END,
           accused_unit_id,
           ARRAY(SELECT DISTINCT u FROM unnest(ARRAY[routing_unit_id, handling_unit_id, review_unit_id, re_review_unit_id]) u WHERE u IS NOT NULL),
           next_due_at, CASE WHEN due_clock IS NOT NULL THEN due_clock || '#1' END, due_clock,
           CASE WHEN next_due_at IS NOT NULL THEN ((next_due_at AT TIME ZONE 'Asia/Shanghai')::date - 1) END
      FROM cases`);
  // The running clock of every open case, and the stopped clocks behind it.
  await db.query(`
    INSERT INTO petition_clocks (petition_id, clock_key, clock_id, unit_id, status, started_at, due_at, last_day, length_days, excluded_days,
      stopped_at, overdue, fired_rungs, calendar_basis, calendar_version, revision)
    SELECT id, due_clock || '#1', due_clock,
           CASE due_clock WHEN 'routing' THEN routing_unit_id WHEN 'review' THEN coalesce(review_unit_id, handling_unit_id)
                          WHEN 'reReview' THEN coalesce(re_review_unit_id, review_unit_id, handling_unit_id) ELSE handling_unit_id END,
           'running', next_due_at - period * interval '1 day', next_due_at, (next_due_at AT TIME ZONE 'Asia/Shanghai')::date - 1, period, 0,
           NULL, next_due_at < now(),
           ARRAY(SELECT r FROM (VALUES ('warning70', 0.7), ('warning90', 0.9), ('breach', 1.0)) v(r, f)
                  WHERE now() > next_due_at - period * interval '1 day' + f * period * interval '1 day'),
           'official', 'chinese-days@1.5.7', 5
      FROM cases WHERE due_clock IS NOT NULL`);
  await db.query(`
    INSERT INTO petition_clocks (petition_id, clock_key, clock_id, unit_id, status, started_at, due_at, last_day, length_days, excluded_days,
      stopped_at, overdue, fired_rungs, calendar_basis, calendar_version, revision)
    SELECT id, k.clock_id || '#1', k.clock_id, CASE k.clock_id WHEN 'routing' THEN routing_unit_id ELSE handling_unit_id END, 'stopped',
           registered_at, registered_at + interval '15 days', (registered_at AT TIME ZONE 'Asia/Shanghai')::date + 15, 15, 0,
           registered_at + interval '3 days', false, '{}', 'official', 'chinese-days@1.5.7', 5
      FROM cases, (VALUES ('routing', 1), ('acceptanceNotice', 2)) k(clock_id, after)
     WHERE handling_unit_id IS NOT NULL AND step <> 'routing' AND (k.after = 1 OR step NOT IN ('acceptance'))
       AND (due_clock IS DISTINCT FROM k.clock_id)`);
  // 督办 tasks: one open at the supervising office for every overdue open case; closed ones behind finished cases.
  await db.query(`
    INSERT INTO supervision_tasks (task_key, petition_id, kind, source, supervising_unit_id, supervised_unit_id, clock_key, feedback_clock_key,
      status, opened_at, closed_at, revision)
    SELECT id || ':' || due_clock || '#1:breach', id, 'supervision', 'automatic', prefix || '-xfj', coalesce(handling_unit_id, routing_unit_id),
           due_clock || '#1', 'supervisionFeedback#1', 'open', next_due_at, NULL, 5
      FROM cases WHERE next_due_at < now()
    UNION ALL
    SELECT id || ':handling#1:breach', id, 'supervision', 'automatic', prefix || '-xfj', coalesce(handling_unit_id, routing_unit_id),
           'handling#1', 'supervisionFeedback#1', 'closed', registered_at + interval '61 days', registered_at + interval '80 days', 5
      FROM cases WHERE finished AND r_flag2 > 0.85`);
  await db.query(
    `UPDATE petitions p SET summary_bigrams = text_bigrams(i.summary) FROM petition_intakes i WHERE i.petition_id = p.id`,
  );
  await db.query(`DROP TABLE seed, cases`);
  // A live database is vacuumed and analysed by autovacuum; after a bulk load, do it at once.
  await db.query(`VACUUM ANALYZE`);
}
