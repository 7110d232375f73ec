import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the assessment report (GET /reports/assessment): each figure reads one unit's
 * clocks or cases within a period, and the first-time resolution looks up later repeat petitions
 * that name a case.
 */
export class AssessmentReportIndexes1765500000000 implements MigrationInterface {
  name = 'AssessmentReportIndexes1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX petition_clocks_unit_stopped ON petition_clocks (clock_id, unit_id, stopped_at)`);
    await q.query(`CREATE INDEX petition_clocks_unit_started ON petition_clocks (clock_id, unit_id, started_at)`);
    await q.query(`CREATE INDEX petitions_closed ON petitions (handling_unit_id, closed_at) WHERE is_final`);
    await q.query(`CREATE INDEX petitions_registered_by_unit ON petitions (routing_unit_id, registered_at)`);
    await q.query(
      `CREATE INDEX petition_events_repeat_of ON petition_events USING gin ((data -> 'repeatOf')) WHERE type = 'registered'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'petition_events_repeat_of',
      'petitions_registered_by_unit',
      'petitions_closed',
      'petition_clocks_unit_started',
      'petition_clocks_unit_stopped',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
