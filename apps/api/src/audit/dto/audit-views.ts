/**
 * What the replay and audit-trail endpoints answer (OpenAPI schemas and the types the services
 * return): a replay job with its per-case results, the trail's verification, a case's records.
 */
import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import type { AuditKind, AuditOutcome } from '@/libs/audit/audit-trail';
import type { CaseReplayOutcome } from '@/libs/audit/replay-runner';
import type { BrokenLinkKind } from '@/libs/audit/trail-verification';
import { ApiInstant } from '../../common/wire-instant';

const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, required: true, description });
const FREE_FORM = { type: 'object', additionalProperties: true } as const;

export const REPLAY_JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'interrupted'] as const;
export type ReplayJobStatus = (typeof REPLAY_JOB_STATUSES)[number];
export const AUDIT_KINDS = Object.keys({
  staffAction: 1,
  caseRead: 1,
  historyRead: 1,
  disposition: 1,
  login: 1,
  auditorAction: 1,
  adminChange: 1,
  refusedRequest: 1,
} satisfies Record<AuditKind, 1>) as AuditKind[];
export const AUDIT_OUTCOMES = Object.keys({
  accepted: 1,
  refused: 1,
  read: 1,
  succeeded: 1,
  failed: 1,
} satisfies Record<AuditOutcome, 1>) as AuditOutcome[];
export const BROKEN_LINK_KINDS = Object.keys({
  altered: 1,
  missing: 1,
  outOfOrder: 1,
  anchorMismatch: 1,
} satisfies Record<BrokenLinkKind, 1>) as BrokenLinkKind[];

export class ReplayDivergenceView {
  @ApiProperty() runId!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    required: true,
    description: 'the history event where replay parted from the code (null if it cannot be told)',
  })
  eventId!: number | null;
  @nullableString('what the history holds there, e.g. "ActivityTaskScheduled projectPetition"') historyHas!:
    string | null;
  @ApiProperty({ description: 'what the code did instead' }) codeDid!: string;
  @ApiProperty({ description: "the SDK's own message" }) message!: string;
  @ApiProperty({ enum: ['nondeterminism', 'failure'] }) kind!: 'nondeterminism' | 'failure';
}

/** A case replayed: deterministic, or where the code parted from the history. */
export class CaseReplayedView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ enum: ['archive', 'temporal'] }) source!: 'archive' | 'temporal';
  @ApiProperty() runs!: number;
  @ApiProperty() events!: number;
  @ApiProperty() deterministic!: boolean;
  @ApiProperty({ type: ReplayDivergenceView, nullable: true, required: true }) divergence!: ReplayDivergenceView | null;
  @ApiProperty() durationMs!: number;
}

/** A case that could not be replayed (its history is neither archived nor in Temporal). */
export class CaseNotReplayedView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  // Not `enum: [null]`: openapi-fetch's Readable drops a property whose only value is null from the typed response.
  @ApiProperty({ type: Boolean, nullable: true, required: true, description: 'always null: not replayed' })
  deterministic!: null;
  @ApiProperty({ description: 'why not' }) unavailable!: string;
}

export class ReplayProgressView {
  @ApiProperty() total!: number;
  @ApiProperty() completed!: number;
  @ApiProperty({ description: '0–100' }) percent!: number;
}

export class ReplaySummaryView {
  @ApiProperty() deterministic!: number;
  @ApiProperty() diverged!: number;
  @ApiProperty() unavailable!: number;
}

export class ReplayJobView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({
    enum: REPLAY_JOB_STATUSES,
    description: 'interrupted: running, but its runner has not reported for two minutes',
  })
  status!: ReplayJobStatus;
  @ApiProperty() requestedBy!: string;
  @ApiInstant(undefined, { nullable: true }) requestedAt!: string | null;
  @ApiProperty({
    ...FREE_FORM,
    description: 'what was asked: { petitionIds: [...] } or { all: true }',
    example: { petitionIds: ['0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a'] },
  })
  scope!: Record<string, unknown>;
  @ApiProperty({ type: ReplayProgressView }) progress!: ReplayProgressView;
  @ApiProperty({ type: ReplaySummaryView }) summary!: ReplaySummaryView;
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: getSchemaPath(CaseReplayedView) }, { $ref: getSchemaPath(CaseNotReplayedView) }] },
    description: 'per case, in the order replayed',
  })
  results!: (CaseReplayOutcome & { caseNumber: string | null })[];
  @nullableString('why the job failed') error!: string | null;
  @ApiInstant(undefined, { nullable: true }) startedAt!: string | null;
  @ApiInstant(undefined, { nullable: true }) finishedAt!: string | null;
}

export class TrailHeadView {
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'SHA-256, hex' }) hash!: string;
}

export class BrokenLinkView {
  @ApiProperty({ enum: BROKEN_LINK_KINDS }) kind!: BrokenLinkKind;
  @ApiProperty() seq!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ required: false }) expected?: string;
  @ApiProperty({ required: false }) found?: string;
}

export class TrailVerificationView {
  @ApiProperty() ok!: boolean;
  @ApiProperty() recordsChecked!: number;
  @ApiProperty({
    type: TrailHeadView,
    nullable: true,
    required: true,
    description: 'the anchor to note now (seq:hash): a later verification given it finds a cut or rewritten tail',
  })
  head!: TrailHeadView | null;
  @ApiProperty({ type: BrokenLinkView, nullable: true, required: true }) firstBrokenLink!: BrokenLinkView | null;
  @ApiInstant() checkedAt!: string;
}

export class AuditTrailRecordView {
  @ApiProperty() seq!: number;
  @nullableString('the key that makes a repeated record harmless') key!: string | null;
  @ApiInstant() recordedAt!: string;
  @ApiProperty({ enum: AUDIT_KINDS }) kind!: string;
  @ApiProperty({ example: 'route' }) action!: string;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome!: string;
  @nullableString() actorUserId!: string | null;
  @nullableString("the account's name (张三), read from the directory beside the record") actorName!: string | null;
  @nullableString() actorRole!: string | null;
  @nullableString() actorUnitId!: string | null;
  @nullableString("the unit's name (县住建局)") actorUnitName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, required: true }) petitionId!: string | null;
  @ApiProperty({ ...FREE_FORM }) detail!: Record<string, unknown>;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}
