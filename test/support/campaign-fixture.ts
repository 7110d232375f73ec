/**
 * A city of its own with three counties, for campaign tests: a campaign selects every open case of
 * its region from the shared test database, so each test runs in a region no other test touches.
 * Units follow the demo seed's shape (a petition office 信访局 and a housing bureau 住建局 at each
 * level, under the demo province `p`); the workflow tests need no users.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CampaignActionName } from '../../libs/process/campaign-policy';
import {
  CampaignActionArgs,
  CampaignView,
  executeCampaignAction,
  campaignViewQuery,
  campaignWorkflowId,
} from '../../workflows/campaign/campaign.contract';
import { campaignWorkflow } from '../../workflows/campaign/campaign.workflow';
import type { Actor, RejectionCode, UnitRef } from '../../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from '../../workflows/petition/petition.contract';

export interface County {
  key: string;
  office: UnitRef;
  zjj: UnitRef;
  registrar: Actor;
  handler: Actor;
  supervisor: Actor;
}

export interface CampaignRegion {
  regionPath: string;
  cityOffice: UnitRef;
  cityZjj: UnitRef;
  citySupervisor: Actor;
  provinceSupervisor: Actor;
  counties: County[];
}

/** Inserts a city `k<tag>` under the demo province with counties a, b and d. */
export async function createCampaignRegion(
  dataSource: DataSource,
  countyKeys: string[] = ['a', 'b', 'd'],
): Promise<CampaignRegion> {
  const tag = randomUUID().slice(0, 6);
  const city = `k${tag}`;
  const cityPath = `p.${city}`;
  const office = (id: string, level: UnitRef['level'], parentId: string, offices: string[]): UnitRef => ({
    id,
    kind: 'petitionOffice',
    level,
    parentId,
    supervisingOfficeId: id,
    supervisingOffices: [id, ...offices],
  });
  const zjj = (id: string, level: UnitRef['level'], parentId: string, offices: string[]): UnitRef => ({
    id,
    kind: 'functionalDepartment',
    level,
    parentId,
    supervisingOfficeId: offices[0],
    supervisingOffices: offices,
  });
  const cityOffice = office(`${city}-xfj`, 'city', 'p-xfj', ['p-xfj']);
  const cityZjj = zjj(`${city}-zjj`, 'city', 'p-zjj', [cityOffice.id, 'p-xfj']);
  const rows: [UnitRef, string, string][] = [
    [cityOffice, cityPath, '示范市信访局'],
    [cityZjj, cityPath, '示范市住建局'],
  ];
  const counties = countyKeys.map((key) => {
    const id = `${city}${key}`;
    const countyOffice = office(`${id}-xfj`, 'county', cityOffice.id, [cityOffice.id, 'p-xfj']);
    const countyZjj = zjj(`${id}-zjj`, 'county', cityZjj.id, [countyOffice.id, cityOffice.id, 'p-xfj']);
    rows.push(
      [countyOffice, `${cityPath}.${key}`, `${key}县信访局`],
      [countyZjj, `${cityPath}.${key}`, `${key}县住建局`],
    );
    return {
      key,
      office: countyOffice,
      zjj: countyZjj,
      registrar: { userId: `${id}-registrar`, role: 'registrar', unitId: countyOffice.id },
      handler: { userId: `${id}-handler`, role: 'handler', unitId: countyZjj.id },
      supervisor: { userId: `${id}-supervisor`, role: 'supervisor', unitId: countyOffice.id },
    } satisfies County;
  });
  for (const [unit, regionPath, name] of rows) {
    await dataSource.query(
      `INSERT INTO units (id, name, kind, level, parent_id, region_path) VALUES ($1,$2,$3,$4,$5,$6)`,
      [unit.id, name, unit.kind, unit.level, unit.parentId, regionPath],
    );
    // Each unit's head: by default its person in charge of petition work (DOMAIN §5), whom a lapse there names.
    await dataSource.query(`INSERT INTO users (id, name, role, unit_id) VALUES ($1, $2, 'unitHead', $3)`, [
      `${unit.id}-head`,
      `${name}负责人`,
      unit.id,
    ]);
  }
  const citySupervisor: Actor = { userId: `${city}-supervisor`, role: 'supervisor', unitId: cityOffice.id };
  return {
    regionPath: cityPath,
    cityOffice,
    cityZjj,
    citySupervisor,
    provinceSupervisor: { userId: 'p-supervisor', role: 'supervisor', unitId: 'p-xfj' },
    counties,
  };
}

/**
 * What the API writes beside every registration (personal data and the accused stay in PostgreSQL,
 * never in workflow history); workflow tests that register directly write it themselves. The
 * fixture's staff are not users of the directory, so the row names a demo registrar as its author.
 */
export async function recordIntake(
  dataSource: DataSource,
  petitionId: string,
  registeringUnitId: string,
  accusedUnitId: string | null = null,
): Promise<void> {
  await dataSource.query(
    `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name, summary, accused_unit_id, query_code_hash)
     VALUES ($1, $2, 'test', 'p-registrar', $3, '某某', '测试信访事项', $4, 'test')`,
    [`test-${petitionId}`, petitionId, registeringUnitId, accusedUnitId],
  );
}

/** Drives one campaign workflow through the real worker, as the campaign office and the units would. */
export class CampaignDriver {
  readonly campaignId = randomUUID();
  handle!: WorkflowHandle<typeof campaignWorkflow>;

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
  ) {}

  /** Starts the workflow and launches it with its first update, as the API's update-with-start does. */
  async launch(
    actor: Actor,
    args: CampaignActionArgs['createCampaign'],
    requestId = `create-${this.campaignId}`,
    options: { continueAsNewAtHistoryLength?: number } = {},
  ): Promise<CampaignView> {
    this.handle = await this.env.client.workflow.start(campaignWorkflow, {
      workflowId: campaignWorkflowId(this.campaignId),
      taskQueue: this.taskQueue,
      args: [{ campaignId: this.campaignId, ...options }],
    });
    return this.act('createCampaign', actor, args, requestId);
  }

  act<A extends CampaignActionName>(
    action: A,
    actor: Actor,
    args: CampaignActionArgs[A],
    requestId: string = randomUUID(),
  ): Promise<CampaignView> {
    return executeCampaignAction(this.handle, action, { requestId, actor, args });
  }

  view(): Promise<CampaignView> {
    return this.handle.query(campaignViewQuery);
  }

  /**
   * Waits until the read model holds the campaign's current revision: a timer's transition (a
   * bulletin, a rung) is answered by the query before its projection activity has committed.
   */
  async projected(dataSource: DataSource, timeoutMs = 30_000): Promise<void> {
    const { revision } = await this.view();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows: { revision: number }[] = await dataSource.query(`SELECT revision FROM campaigns WHERE id = $1`, [
        this.campaignId,
      ]);
      if (rows.length > 0 && Number(rows[0].revision) >= revision) return;
      if (Date.now() > deadline)
        throw new Error(
          `the read model did not reach revision ${revision} of campaign ${this.campaignId} within ${timeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The action is refused with this code and reason, and the campaign is exactly as it was. */
  async expectRejected<A extends CampaignActionName>(
    action: A,
    actor: Actor,
    args: CampaignActionArgs[A],
    code: RejectionCode,
    reason: RegExp,
  ): Promise<void> {
    const before = await this.view();
    const error = await this.act(action, actor, args).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof WorkflowUpdateFailedError))
      throw new Error(`expected ${action} to be rejected, got ${error === undefined ? 'success' : String(error)}`);
    const cause = error.cause as ApplicationFailure;
    if (cause.type !== REJECTION_FAILURE_TYPE_PREFIX + code || !reason.test(cause.message)) {
      throw new Error(`expected ${code} matching ${reason}, got ${cause.type}: ${cause.message}`);
    }
    const after = await this.view();
    if (after.revision !== before.revision || JSON.stringify(after) !== JSON.stringify(before))
      throw new Error(`a rejected ${action} changed the campaign`);
  }
}
