/**
 * Campaigns (专项攻坚) at the edge: every write is an update on the campaign's workflow (its
 * validator refuses with a reason); reads come from the read model the workflow projects. The
 * launch is an update-with-start, so a campaign exists only once its launch was accepted.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { selectCampaignCases } from '@/libs/persistence/campaign-selection';
import { campaignDefinitionProblem } from '@/libs/process/campaign-definition';
import {
  CURRENT_CAMPAIGN_POLICY,
  campaignPolicyByVersion,
  petitionSettled,
  type CampaignActionName,
} from '@/libs/process/campaign-policy';
import { availableCaseActions } from '@/libs/process/campaign-case-actions';
import type { UnitLevel } from '@/libs/process/units';
import type { ActionRequest, LeaderPlacement } from '@/libs/process';
import { requestFingerprint } from '@/libs/process/request-fingerprint';
import { findLeaderPlacement } from '@/libs/persistence/leader-placement';
import { formatInstant } from '@/libs/process/wire-time';
import {
  CAMPAIGN_WORKFLOW_TYPE,
  CampaignActionArgs,
  CampaignView,
  CampaignWorkflowInput,
  campaignUpdates,
  executeCampaignAction,
  campaignWorkflowId,
} from '@/workflows/campaign/campaign.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { unlessEnded } from '../common/workflow-ended';
import { CampaignAccess, CampaignScope } from './campaign-access';
import { userNamesOf } from '../common/user-names';
import { campaignToWire, campaignUserIds } from './campaign-wire';
import { caseNumbersOf } from '@/libs/persistence/case-numbers';
import type { CreateCampaignDto, SelectionRulesDto } from './dto/campaign-requests';
import type { CampaignCaseActionsView } from './dto/campaign-case-actions-view';
import type {
  CampaignEventView,
  CampaignSummaryView,
  CampaignWireView,
  SelectionPreviewView,
} from './dto/campaign-views';

interface EventRow {
  seq: number;
  type: string;
  at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_unit_id: string | null;
  actor_unit_name: string | null;
  request_id: string | null;
  petition_id: string | null;
  data: Record<string, unknown>;
}

/** Instants the campaign writes into its events' data (campaign.state.ts, campaign.time.ts). */
const EVENT_INSTANT_FIELDS = ['at', 'dueAt', 'asOf'];

function eventDataToWire(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const field of EVENT_INSTANT_FIELDS)
    if (typeof out[field] === 'number') out[field] = formatInstant(out[field] as number);
  return out;
}

/** A campaign id is a pure function of who launched it and their Idempotency-Key: a retry finds the same campaign. */
function campaignIdFor(userId: string, key: string): string {
  const h = createHash('sha256').update(`campaign:${userId}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const rulesOf = (dto: SelectionRulesDto) => ({
  openLongerThanDays: dto.openLongerThanDays,
  repeatPetitions: dto.repeatPetitions,
  reopenedAfterRelapse: dto.reopenedAfterRelapse,
  listedForSupervision: dto.listedForSupervision,
  importedBacklog: dto.importedBacklog,
});

@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CampaignAccess,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** The petition office a supervisor launches campaigns from: province, city or county. */
  private async officeOf(
    user: AuthenticatedUser,
  ): Promise<{ unitId: string; level: 'province' | 'city' | 'county'; regionPath: string }> {
    const [unit]: { kind: string; level: string; region_path: string }[] = await this.dataSource.query(
      `SELECT kind, level, region_path FROM units WHERE id = $1`,
      [user.unitId],
    );
    if (!unit || unit.kind !== 'petitionOffice' || !['province', 'city', 'county'].includes(unit.level)) {
      throw new ApiError(
        'forbidden',
        'campaigns are run by a petition office (信访部门) at province, city or county level',
      );
    }
    return { unitId: user.unitId, level: unit.level as 'province' | 'city' | 'county', regionPath: unit.region_path };
  }

  async create(user: AuthenticatedUser, dto: CreateCampaignDto, key: string | undefined): Promise<CampaignWireView> {
    if (!key || key.length > 200)
      throw new ApiError(
        'validation',
        'header Idempotency-Key is required (1–200 characters): a retried request with the same key launches nothing new',
        'Idempotency-Key',
      );
    const args: CampaignActionArgs['createCampaign'] = {
      name: dto.name,
      planRef: dto.planRef,
      startDate: dto.startDate,
      targetDate: dto.targetDate,
      cadenceDays: dto.cadenceDays ?? CURRENT_CAMPAIGN_POLICY.cadenceDays.default,
      rules: rulesOf(dto.rules),
      office: await this.officeOf(user),
    };
    const problem = campaignDefinitionProblem(args, Date.now());
    // Refused here, so nothing is started; the problem names its field first.
    if (problem) throw new ApiError('validation', problem, /^[A-Za-z.]+(?= )/.exec(problem)?.[0]);
    const campaignId = campaignIdFor(user.id, key);
    const request: ActionRequest<CampaignActionArgs['createCampaign']> = {
      requestId: `create:${key}`,
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      args,
    };
    let view: CampaignView;
    try {
      view = await this.temporal.workflow.executeUpdateWithStart(campaignUpdates.createCampaign, {
        args: [request],
        // Temporal answers a repeated update id with the first result: the arguments are part of
        // the id, so the same key with another body reaches the validator and is refused (409).
        updateId: `createCampaign:${key}:${createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 32)}`,
        startWorkflowOperation: new WithStartWorkflowOperation(CAMPAIGN_WORKFLOW_TYPE, {
          workflowId: campaignWorkflowId(campaignId),
          taskQueue: this.config.taskQueue,
          args: [{ campaignId } satisfies CampaignWorkflowInput],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError)
        throw new ApiError(
          'idempotencyConflict',
          'the campaign launched with this Idempotency-Key is closed; use a new key for a new campaign',
          'Idempotency-Key',
        );
      throw error;
    }
    // The launching office sees all of its campaign, but for an accusation against itself.
    const launcher: CampaignScope = {
      campaignId,
      officeUnitId: user.unitId,
      regionPath: args.office.regionPath,
      status: view.status,
      full: true,
      unitIds: new Set(),
      userId: user.id,
      ownUnitId: user.unitId,
    };
    const { visible, caseCount } = await this.access.visibleAndCounted(launcher, view.cases);
    const numbers = await caseNumbersOf(
      this.dataSource.manager,
      visible.map((c) => c.petitionId),
    );
    const names = await userNamesOf(this.dataSource.manager, campaignUserIds(visible));
    return campaignToWire(view, visible, caseCount, numbers, names);
  }

  /** What rules would select in the caller's region now, before a campaign is launched. */
  async previewRules(user: AuthenticatedUser, rules: SelectionRulesDto): Promise<SelectionPreviewView> {
    const office = await this.officeOf(user);
    return this.preview(office.regionPath, office.unitId, rulesOf(rules), new Set());
  }

  /** What a campaign's rules select now, marking the cases already in it. */
  async previewCampaign(user: AuthenticatedUser, campaignId: string): Promise<SelectionPreviewView> {
    const scope = await this.access.requireVisible(user, campaignId);
    if (!scope.full)
      throw new ApiError('forbidden', 'the selection preview is for the campaign office and the levels above');
    const [row]: { rules: CampaignView['rules'] }[] = await this.dataSource.query(
      `SELECT rules FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    const members: { petition_id: string }[] = await this.dataSource.query(
      `SELECT petition_id FROM campaign_cases WHERE campaign_id = $1 AND removed_at IS NULL`,
      [campaignId],
    );
    return this.preview(scope.regionPath, scope.officeUnitId, row.rules, new Set(members.map((m) => m.petition_id)));
  }

  private async preview(
    regionPath: string,
    officeUnitId: string,
    rules: CampaignView['rules'],
    members: Set<string>,
  ): Promise<SelectionPreviewView> {
    const asOf = Date.now();
    const { selected } = await selectCampaignCases(this.dataSource, {
      campaignId: null,
      regionPath,
      officeUnitId,
      rules,
      asOf,
      watch: [],
    });
    const numbers = await caseNumbersOf(
      this.dataSource.manager,
      selected.map((c) => c.petitionId),
    );
    return {
      asOf: formatInstant(asOf),
      regionPath,
      cases: selected.map((c) => ({
        petitionId: c.petitionId,
        caseNumber: numbers.get(c.petitionId) ?? null,
        category: c.category,
        unitId: c.unitId,
        step: c.step,
        receivedAt: formatInstant(c.receivedAt),
        imported: c.imported,
        reasons: c.reasons,
        inCampaign: members.has(c.petitionId),
      })),
    };
  }

  /** Campaigns the caller may see: those of their region and above, and those whose cases they lead. */
  async list(user: AuthenticatedUser): Promise<CampaignSummaryView[]> {
    const rows: {
      id: string;
      name: string;
      office_unit_id: string;
      status: 'active' | 'closed';
      start_date: string;
      target_date: string;
      created_at: Date;
    }[] = await this.dataSource.query(
      `SELECT c.id, c.name, c.office_unit_id, c.status, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.target_date, 'YYYY-MM-DD') AS target_date, c.created_at
         FROM campaigns c
        WHERE c.region_path = $1 OR starts_with($1, c.region_path || '.') OR starts_with(c.region_path, $1 || '.')
           OR EXISTS (SELECT 1 FROM campaign_cases cc WHERE cc.campaign_id = c.id AND $2 = ANY(cc.leader_ids))
        ORDER BY c.created_at DESC, c.id LIMIT 200`,
      [user.regionPath, user.id],
    );
    return rows.map((r) => ({
      campaignId: r.id,
      name: r.name,
      officeUnitId: r.office_unit_id,
      status: r.status,
      startDate: r.start_date,
      targetDate: r.target_date,
      createdAt: formatInstant(r.created_at),
    }));
  }

  async get(user: AuthenticatedUser, campaignId: string): Promise<CampaignWireView> {
    const scope = await this.access.requireVisible(user, campaignId);
    const [row]: { view: CampaignView }[] = await this.dataSource.query(`SELECT view FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    return this.toWire(scope, row.view);
  }

  /**
   * Who did what and when in the campaign, oldest first: the office and the levels above see every
   * event; others the campaign's own events and those of the cases they may see.
   */
  async timeline(user: AuthenticatedUser, campaignId: string): Promise<CampaignEventView[]> {
    const scope = await this.access.requireVisible(user, campaignId);
    const [row]: { view: CampaignView }[] = await this.dataSource.query(`SELECT view FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    const visible = new Set((await this.access.visibleCases(scope, row.view.cases)).map((c) => c.petitionId));
    const rows: EventRow[] = await this.dataSource.query(
      `SELECT e.seq, e.type, e.at, e.actor_user_id, au.name AS actor_name, e.actor_role, e.actor_unit_id, an.name AS actor_unit_name,
              e.request_id, e.petition_id, e.data
         FROM campaign_events e
         LEFT JOIN users au ON au.id = e.actor_user_id
         LEFT JOIN units an ON an.id = e.actor_unit_id
        WHERE e.campaign_id = $1 ORDER BY e.seq`,
      [campaignId],
    );
    return rows
      .filter((e) => e.petition_id === null || visible.has(e.petition_id))
      .map((e) => ({
        seq: e.seq,
        type: e.type,
        at: formatInstant(e.at),
        actorUserId: e.actor_user_id,
        actorName: e.actor_name,
        actorRole: e.actor_role,
        actorUnitId: e.actor_unit_id,
        actorUnitName: e.actor_unit_name,
        requestId: e.request_id,
        petitionId: e.petition_id,
        data: eventDataToWire(e.data),
      }));
  }

  /**
   * The actions the caller may take on one case now, by the rule the campaign workflow applies
   * (libs/process/campaign-case-actions.ts) over the projected view; a case the caller may not see is 404.
   */
  async caseActions(user: AuthenticatedUser, campaignId: string, petitionId: string): Promise<CampaignCaseActionsView> {
    const scope = await this.access.requireVisible(user, campaignId);
    const [row]: { view: CampaignView }[] = await this.dataSource.query(`SELECT view FROM campaigns WHERE id = $1`, [
      campaignId,
    ]);
    const c = (await this.access.visibleCases(scope, row.view.cases)).find((x) => x.petitionId === petitionId);
    if (!c) throw new ApiError('notFound', `case ${petitionId} is not in campaign ${campaignId}`);
    // The case's unit and the petition offices over it (who assigns leaders of each level), as the
    // campaign's selection reads them; and the petition's own step now.
    const [unit]: { level: UnitLevel; offices: { unitId: string; level: UnitLevel }[] }[] = await this.dataSource.query(
      `SELECT u.level,
                COALESCE((SELECT json_agg(json_build_object('unitId', o.id, 'level', o.level) ORDER BY length(o.region_path) DESC, o.id)
                            FROM units o
                           WHERE o.kind = 'petitionOffice' AND (u.region_path = o.region_path OR starts_with(u.region_path, o.region_path || '.'))), '[]'::json) AS offices
           FROM units u WHERE u.id = $1`,
      [c.unitId],
    );
    const [petition]: { step: CampaignView['cases'][number]['petitionStep'] }[] = await this.dataSource.query(
      `SELECT step FROM petitions WHERE id = $1`,
      [petitionId],
    );
    const policy = campaignPolicyByVersion(row.view.policyVersion);
    const actions = unit
      ? availableCaseActions(
          policy,
          { status: scope.status, office: row.view.office },
          { ...c, unitLevel: unit.level, offices: unit.offices },
          { userId: user.id, role: user.role, unitId: user.unitId },
        )
      : [];
    return {
      petitionId,
      actions: actions.map((a) => ({ action: a.action, ...(a.levels ? { levels: a.levels } : {}) })),
      petitionSettled: petitionSettled(petition?.step),
      resolutionNeedsSettledPetition: policy.resolvedFrom === 'petitionState',
    };
  }

  private async toWire(scope: CampaignScope, view: CampaignView): Promise<CampaignWireView> {
    const { visible, caseCount } = await this.access.visibleAndCounted(scope, view.cases);
    const numbers = await caseNumbersOf(
      this.dataSource.manager,
      visible.map((c) => c.petitionId),
    );
    const names = await userNamesOf(this.dataSource.manager, campaignUserIds(visible));
    return campaignToWire(view, visible, caseCount, numbers, names);
  }

  /** A staff action on the campaign: checks that need the directory, then the workflow update. */
  async act<A extends Exclude<CampaignActionName, 'createCampaign'>>(
    user: AuthenticatedUser,
    campaignId: string,
    action: A,
    requestId: string,
    args: CampaignActionArgs[A],
  ): Promise<CampaignWireView> {
    const scope = await this.access.requireVisible(user, campaignId);
    if (scope.status === 'closed') throw new ApiError('conflict', 'the campaign is closed; it takes no more actions');
    const leaderPlacement = await this.checkDirectory(campaignId, action, args);
    const request: ActionRequest<CampaignActionArgs[A]> = {
      requestId,
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      args,
      ...(leaderPlacement ? { leaderPlacement } : {}),
    };
    const handle = this.temporal.workflow.getHandle(campaignWorkflowId(campaignId));
    // The fingerprint in the update id: only a true retry is deduplicated by Temporal; a request id
    // reused for another request reaches the workflow, which refuses it (idempotencyConflict).
    const updateId = `${action}:${requestId}:${requestFingerprint(action, request.actor, request.args)}`;
    const view = await unlessEnded(
      handle,
      () => executeCampaignAction(handle, action, request, updateId),
      'the campaign workflow has completed; it takes no more actions',
    );
    return this.toWire(scope, view);
  }

  /** The workflow cannot look people up: a leader, a responsible person and a step owner must be known users. */
  private async checkDirectory(
    campaignId: string,
    action: CampaignActionName,
    args: unknown,
  ): Promise<LeaderPlacement | undefined> {
    const user = async (id: string): Promise<{ role: string; unit_id: string; level: string } | undefined> =>
      (
        await this.dataSource.query(
          `SELECT u.role, u.unit_id, n.level FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1`,
          [id],
        )
      )[0];
    if (action === 'assignLeader') {
      const a = args as CampaignActionArgs['assignLeader'];
      const leader = await findLeaderPlacement(this.dataSource, a.leaderUserId);
      if (!leader || leader.role !== 'caseLeader' || leader.placement.level !== a.level) {
        throw new ApiError(
          'validation',
          `leaderUserId is not a case leader (包案领导) of a ${a.level}-level unit`,
          'leaderUserId',
        );
      }
      // Whether this leader may lead this case (over it, not of the accused) is the workflow's rule.
      return leader.placement;
    } else if (action === 'setResponsiblePerson') {
      const a = args as CampaignActionArgs['setResponsiblePerson'];
      const [c]: { unit_id: string }[] = await this.dataSource.query(
        `SELECT unit_id FROM campaign_cases WHERE campaign_id = $1 AND petition_id = $2`,
        [campaignId, a.petitionId],
      );
      const person = await user(a.personUserId);
      if (c && (!person || person.unit_id !== c.unit_id))
        throw new ApiError(
          'validation',
          `personUserId is not a user of the responsible unit ${c.unit_id}`,
          'personUserId',
        );
    } else if (action === 'editPlan') {
      for (const [i, step] of (args as CampaignActionArgs['editPlan']).steps.entries()) {
        if (!(await user(step.ownerUserId)))
          throw new ApiError('validation', `steps[${i}].ownerUserId is not a known user`, `steps.${i}.ownerUserId`);
      }
    }
    return undefined;
  }
}
