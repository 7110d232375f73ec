/**
 * No free text in logs: when a projection fails, what the worker logs and what Temporal records
 * (the thrown error) carry the petition id, the revision, the SQLSTATE and the names of the
 * table, column or constraint, never the statement's parameters (the case's text) nor the
 * server's DETAIL ("Failing row contains (…)").
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PetitionProjectionActivities, ProjectionFailed } from '../../activities/petition-projection.activities';
import type { ProjectionBatch } from '../../libs/process';
import { dataSourceOptions } from '../../libs/persistence/data-source';
import { openDataSource } from '../support/harness';

const PRIVATE_TEXT = '王某某举报其邻居私搭乱建并附身份证号';

describe('a projection that fails', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  function failingBatch(petitionId: string): ProjectionBatch {
    const view = {
      petitionId,
      step: 'registered',
      policyVersion: 'v1',
      calendarVersion: 'v1',
      // NOT NULL in petitions: the insert fails with SQLSTATE 23502.
      category: null,
      urgent: false,
      collective: false,
      repeatOf: [],
      accusedUnitId: null,
      receivedAt: Date.now(),
      registeredAt: Date.now(),
      routingUnitId: 'x-xfj',
      handlingUnitId: null,
      reviewUnitId: null,
      reReviewUnitId: null,
      final: false,
      closedAt: null,
      clocks: [],
      milestones: [],
      caseLeader: null,
      listedForSupervision: { byUnitId: 'c-xfj', at: Date.now(), reason: PRIVATE_TEXT },
      supervisionTasks: [],
      firstTimeResolution: false,
    };
    return {
      petitionId,
      workflowId: `petition-${petitionId}`,
      revision: 7,
      view: view as never,
      events: [
        {
          seq: 1,
          type: 'registered',
          at: Date.now(),
          actor: null,
          requestId: null,
          clockKey: null,
          data: { summary: PRIVATE_TEXT },
        } as never,
      ],
      ledger: [],
      escalations: [],
    };
  }

  /** Runs the projection with stdout, stderr and the console captured. */
  async function projectCapturing(
    activities: PetitionProjectionActivities,
    batch: ProjectionBatch,
  ): Promise<{ thrown: unknown; log: string }> {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest
        .spyOn(stream, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    const spies = [
      capture(process.stderr),
      capture(process.stdout),
      ...(['log', 'error', 'warn', 'info'] as const).map((m) =>
        jest.spyOn(console, m).mockImplementation((...args) => void written.push(args.map(String).join(' '))),
      ),
    ];
    let thrown: unknown;
    try {
      await activities.projectPetition(batch);
    } catch (error) {
      thrown = error;
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return { thrown, log: written.join('\n') };
  }

  it('refused for its content, the batch is quarantined and the log names the SQLSTATE and the columns, never the parameters', async () => {
    const petitionId = randomUUID();
    const { thrown, log } = await projectCapturing(
      new PetitionProjectionActivities(dataSource),
      failingBatch(petitionId),
    );

    expect(thrown).toBeUndefined();
    expect(log).toContain('[database] query failed: SQLSTATE 23502 (table petitions, column category)');
    expect(log).not.toContain(PRIVATE_TEXT);
    expect(log).not.toMatch(/Failing row|PARAMETERS|INSERT INTO/);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM petitions WHERE id = $1`, [petitionId]))[0].n).toBe(
      0,
    );
    expect(
      (await dataSource.query(`SELECT sqlstate FROM projection_quarantine WHERE petition_id = $1`, [petitionId])).map(
        (r: { sqlstate: string }) => r.sqlstate,
      ),
    ).toEqual(['23502']);
  });

  it('failing for another cause, it logs and throws ids, the SQLSTATE and names only, never the parameters', async () => {
    const petitionId = randomUUID();
    // A connection that finds no read-model tables (SQLSTATE 42P01): not the content's fault, so retried, never quarantined.
    const base = dataSourceOptions(process.env.DATABASE_URL!);
    const lost = new DataSource({
      ...base,
      extra: { ...(base.extra as object), options: '-c search_path=no_such_schema' },
    } as typeof base);
    await lost.initialize();
    let outcome: { thrown: unknown; log: string };
    try {
      outcome = await projectCapturing(new PetitionProjectionActivities(lost), failingBatch(petitionId));
    } finally {
      await lost.destroy();
    }
    const { thrown, log } = outcome;

    expect(thrown).toBeInstanceOf(ProjectionFailed);
    const error = thrown as ProjectionFailed;
    expect(error.message).toMatch(
      new RegExp(`^read model projection of petition ${petitionId} revision 7 failed: SQLSTATE 42P01`),
    );
    // Nothing else rides on the error Temporal serialises and logs.
    expect(Object.keys(error)).toEqual(['name']);
    expect(error.cause).toBeUndefined();
    expect(log).toContain('SQLSTATE 42P01');
    for (const text of [log, error.message, error.stack ?? '', JSON.stringify(error)]) {
      expect(text).not.toContain(PRIVATE_TEXT);
      expect(text).not.toMatch(/Failing row|PARAMETERS|INSERT INTO/);
    }
    expect(
      (
        await dataSource.query(`SELECT count(*)::int AS n FROM projection_quarantine WHERE petition_id = $1`, [
          petitionId,
        ])
      )[0].n,
    ).toBe(0);
  });
});
