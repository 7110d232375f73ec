import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../../../../libs/config/config';
import { queryCodeMatches } from '../../../../libs/auth/query-code';
import type { Rating } from '../../../../libs/process/policy';
import type { Actor, PetitionView } from '../../../../libs/process';
import { petitionUpdates, petitionViewQuery, petitionWorkflowId } from '../../../../workflows/petition/petition.contract';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';

const PETITIONER: Actor = { userId: 'petitioner', role: 'petitioner', unitId: null };

/** What the petitioner sees (阳光信访): milestones and the clock that concerns them, nothing internal. */
export interface PetitionerView {
  petitionId: string;
  step: PetitionView['step'];
  final: boolean;
  milestones: PetitionView['milestones'];
  /** The deadline the case is waiting on now, if any. */
  currentDeadline: { clockId: string; dueAt: string; lastDay: string | null } | null;
  canRequestReview: boolean;
  canRate: boolean;
}

/**
 * The petitioner's side, authenticated by the 查询码 only. A wrong code and an unknown case answer
 * the same 404, so a code cannot be used to probe which cases exist.
 */
@Injectable()
export class PublicPetitionsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private async requireCode(petitionId: string, code: string | undefined): Promise<void> {
    const notFound = new NotFoundException(`petition ${petitionId} not found, or the query code does not match`);
    if (!code || !queryCodeMatches(this.config.queryCodeSecret, petitionId, code)) throw notFound;
    const rows = await this.dataSource.query(`SELECT 1 FROM petition_intakes WHERE petition_id = $1`, [petitionId]);
    if (rows.length === 0) throw notFound;
  }

  async view(petitionId: string, code: string | undefined): Promise<PetitionerView> {
    await this.requireCode(petitionId, code);
    const view = await this.temporal.workflow.getHandle(petitionWorkflowId(petitionId)).query(petitionViewQuery);
    return toPetitionerView(view);
  }

  async rate(petitionId: string, code: string | undefined, requestId: string, rating: Rating): Promise<PetitionerView> {
    await this.requireCode(petitionId, code);
    const view = await this.temporal.workflow
      .getHandle(petitionWorkflowId(petitionId))
      .executeUpdate(petitionUpdates.rate, { args: [{ requestId, actor: PETITIONER, args: { rating } }], updateId: `rate:${requestId}` });
    return toPetitionerView(view);
  }

  /** 复查 or 复核, whichever window is open, received now. */
  async requestReview(petitionId: string, code: string | undefined, requestId: string): Promise<PetitionerView> {
    await this.requireCode(petitionId, code);
    const handle = this.temporal.workflow.getHandle(petitionWorkflowId(petitionId));
    const current = await handle.query(petitionViewQuery);
    const update = current.step === 'reReviewWindow' ? petitionUpdates.requestReReview : petitionUpdates.requestReview;
    const view = await handle.executeUpdate(update, { args: [{ requestId, actor: PETITIONER, args: { receivedAt: Date.now() } }], updateId: `review:${requestId}` });
    return toPetitionerView(view);
  }
}

const PETITIONER_CLOCKS = ['acceptanceNotice', 'handling', 'reviewRequestWindow', 'review', 'reReviewRequestWindow', 'reReview'];

export function toPetitionerView(view: PetitionView): PetitionerView {
  const current = view.clocks.find((c) => (c.status === 'running' || c.status === 'suspended') && PETITIONER_CLOCKS.includes(c.id)) ?? null;
  return {
    petitionId: view.petitionId,
    step: view.step,
    final: view.final,
    milestones: view.milestones,
    currentDeadline: current ? { clockId: current.id, dueAt: current.dueAt === null ? 'suspended' : new Date(current.dueAt).toISOString(), lastDay: current.lastDay } : null,
    canRequestReview: view.step === 'reviewWindow' || view.step === 'reReviewWindow',
    canRate: (view.step === 'reviewWindow' || view.step === 'reReviewWindow') && !view.ratings.some((r) => r.replyKey === (view.step === 'reReviewWindow' ? `reviewReply#${view.handlingRound}` : `reply#${view.handlingRound}`)),
  };
}
