import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { describeUnits } from '@/libs/persistence/unit-directory';
import type { ActionName } from '@/libs/process/policy';
import type { ActionArgs, ActionRequest, LeaderPlacement, PetitionView } from '@/libs/process';
import { requestFingerprint } from '@/libs/process/request-fingerprint';
import { ACTIONS } from '@/libs/process/action-rules';
import { findLeaderPlacement } from '@/libs/persistence/leader-placement';
import { executeAction, petitionViewQuery, petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { ApiError } from '../../common/api-error';
import { refuseUnprintable } from '../../common/unprintable';
import { OpenApiDocument } from '../../common/openapi-document';
import { TEMPORAL_CLIENT } from '../../common/tokens';
import { formatInstant } from '@/libs/process/wire-time';
import { petitionViewToWire } from '../../common/wire-views';
import { unlessEnded } from '../../common/workflow-ended';
import type { PetitionWireView } from '../dto/petition-views';
import type { AvailableActionsDto } from '../dto/case-views.dto';
import { PetitionAccessService } from '../petition-access.service';
import { awaitingTemporal } from '../../observability/server-timing';
import {
  ActionRequestBody,
  argsSchemaName,
  describeAction,
  exampleArgsOf,
  requestSchemaName,
  toWorkflowArgs,
} from './action-catalog';
import { CaseUnits, availableActions, unitIdsOf } from './available-actions';

/** Staff actions on a case: each one a workflow update, refused by its validator with a reason. */
@Injectable()
export class PetitionActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    private readonly openApi: OpenApiDocument,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async act<A extends ActionName>(
    user: AuthenticatedUser,
    petitionId: string,
    action: A,
    body: ActionRequestBody,
  ): Promise<PetitionWireView> {
    // An action's reasons, facts and grounds are what its notice prints.
    refuseUnprintable(body?.args, 'args');
    await this.access.requireVisible(user, petitionId, 'act');
    // Only for a caller who may 分办 at all: anyone else hears the workflow's refusal of who they are.
    if (action === 'assignHandler' && ACTIONS.assignHandler.roles.includes(user.role))
      await this.requireStaffOf(user.unitId, (body.args as { handlerUserId: string }).handlerUserId);
    if (action === 'recordDelivery') await this.requireCaseMaterial(petitionId, body.args, 'receiptFileId');
    const leaderPlacement =
      action === 'assignCaseLeader'
        ? await this.requireCaseLeader((body.args as { leaderUserId: string }).leaderUserId)
        : undefined;
    const request: ActionRequest<ActionArgs[A]> = {
      requestId: body.requestId,
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      args: toWorkflowArgs(action, body.args),
      ...(leaderPlacement ? { leaderPlacement } : {}),
    };
    const handle = this.temporal.workflow.getHandle(petitionWorkflowId(petitionId));
    // Temporal answers a repeated update id with the first outcome without asking the workflow: the
    // id carries the request's fingerprint, so only a true retry is deduplicated there, and a
    // request id reused for anything else reaches the workflow, which refuses it (idempotencyConflict).
    const updateId = `${action}:${body.requestId}:${requestFingerprint(action, request.actor, request.args)}`;
    // A refusal travels as the workflow's failure; the error filter maps its code, field and key.
    const view = await awaitingTemporal(() =>
      unlessEnded(handle, () => executeAction(handle, action, request, updateId)),
    );
    return petitionViewToWire(view, Date.now());
  }

  /** A file an action names (the scanned 送达回证) must be one of this case's materials. */
  private async requireCaseMaterial(petitionId: string, args: unknown, field: string): Promise<void> {
    const fileId = (args as Record<string, unknown> | undefined)?.[field];
    if (typeof fileId !== 'string') return;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM case_materials WHERE petition_id = $1 AND file_id = $2`,
      [petitionId, fileId],
    );
    if (rows.length === 0)
      throw new ApiError('validation', `args.${field} is not a material of this case`, `args.${field}`, undefined, {
        messageKey: 'material.notFound',
      });
  }

  /** The action's argument schema as the OpenAPI document has it (the argument names and their examples). */
  private argsSchema(action: ActionName): { properties?: Record<string, { example?: unknown }> } {
    return this.openApi.schema(argsSchemaName(action));
  }

  /**
   * The workflow cannot look users up: a 包案 leader must be a known user with that role, and the
   * workflow is told where the leader sits, to judge whether they may lead this case.
   */
  private async requireCaseLeader(leaderUserId: string): Promise<LeaderPlacement> {
    const leader = await findLeaderPlacement(this.dataSource, leaderUserId);
    if (!leader || leader.role !== 'caseLeader') {
      throw new ApiError(
        'validation',
        'args.leaderUserId is not a user with the role caseLeader',
        'args.leaderUserId',
        undefined,
        {
          messageKey: 'action.leaderNotCaseLeader',
        },
      );
    }
    return leader.placement;
  }

  /**
   * 分办 names a 承办人 of the assigning unit (the workflow checks that the unit holds the case; it
   * cannot look users up): an active user of that unit.
   */
  private async requireStaffOf(unitId: string, userId: string): Promise<void> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM users WHERE id = $1 AND unit_id = $2 AND active AND role <> 'petitioner'`,
      [userId, unitId],
    );
    if (rows.length === 0)
      throw new ApiError(
        'badArgument',
        `args.handlerUserId is not an active user of unit ${unitId}`,
        'args.handlerUserId',
        undefined,
        { messageKey: 'action.handlerNotInUnit' },
      );
  }

  /** The workflow's own view; once a finished case is archived and its workflow gone, the last projected one. */
  private async currentView(petitionId: string): Promise<PetitionView> {
    try {
      return await this.temporal.workflow.getHandle(petitionWorkflowId(petitionId)).query(petitionViewQuery);
    } catch (error) {
      const [row]: { view: PetitionView | null }[] = await this.dataSource.query(
        `SELECT view FROM petitions WHERE id = $1`,
        [petitionId],
      );
      if (!row?.view) throw error;
      return row.view;
    }
  }

  async available(user: AuthenticatedUser, petitionId: string): Promise<AvailableActionsDto> {
    await this.access.requireVisible(user, petitionId);
    const view = await this.currentView(petitionId);
    const found = await describeUnits(this.dataSource, unitIdsOf(view));
    const units: CaseUnits = {
      routing: found[view.routingUnitId]!,
      handling: view.handlingUnitId ? found[view.handlingUnitId] : null,
      review: view.reviewUnitId ? found[view.reviewUnitId] : null,
      reReview: view.reReviewUnitId ? found[view.reReviewUnitId] : null,
    };
    const now = Date.now();
    return {
      petitionId,
      step: view.step,
      asOf: formatInstant(now),
      actions: availableActions({ role: user.role, unitId: user.unitId }, view, units, now).map((action) => ({
        action,
        description: describeAction(action),
        method: 'POST' as const,
        path: `/petitions/${petitionId}/actions/${action}`,
        requestSchema: requestSchemaName(action),
        argsSchema: this.argsSchema(action),
        example: exampleArgsOf(this.argsSchema(action)),
      })),
    };
  }
}
