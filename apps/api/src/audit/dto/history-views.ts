/**
 * What the auditors' history endpoints answer (OpenAPI schemas and the types the controller
 * returns): the history itself, the timeline rebuilt from it, and the read-model verification.
 * Values copied from the history or the read model as they are (a changed field's two sides) may
 * be any JSON value.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { ReadModelTable } from '@/libs/audit/read-model-verification';
import { STAFF_ROLES, type Role } from '@/libs/process/policy';
import { ApiInstant } from '../../common/wire-instant';

/** An optional field holding any JSON value (null included): a value as the history or the read model holds it. */
const anyJson = (description: string) =>
  ApiProperty({
    required: false,
    nullable: true,
    oneOf: [
      { type: 'string' },
      { type: 'number' },
      { type: 'boolean' },
      { type: 'object', additionalProperties: true },
      { type: 'array', items: {} },
    ],
    description,
  });
const FREE_FORM = { type: 'object', additionalProperties: true } as const;
const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, required: true, description });

export const CLOSE_STATUSES = ['completed', 'failed', 'timed_out', 'terminated', 'canceled'] as const;
export const ACTOR_ROLES: readonly Role[] = [...STAFF_ROLES, 'petitioner'];
export const READ_MODEL_TABLES = Object.keys({
  petitions: 1,
  petition_events: 1,
  petition_clocks: 1,
  escalations: 1,
  accountability_records: 1,
  supervision_tasks: 1,
} satisfies Record<ReadModelTable, 1>) as ReadModelTable[];

export class HistoryArchiveView {
  @ApiProperty({
    description: 'SHA-256 of the archived history JSON (checked on every read; a mismatch is a 409 finding)',
  })
  contentSha256!: string;
  @ApiInstant('when it was archived') archivedAt!: string;
  @ApiProperty({ example: 'archiver' }) archivedBy!: string;
  @ApiProperty() compressedBytes!: number;
  @ApiProperty() uncompressedBytes!: number;
}

/** Where the history was read from and how big it is: the head of every history answer. */
export class HistorySummaryView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ example: 'petition-0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a' }) workflowId!: string;
  @ApiProperty({
    enum: ['archive', 'temporal'],
    description: "archive: PostgreSQL's copy of a closed case; temporal: a running (or not yet archived) case",
  })
  source!: 'archive' | 'temporal';
  @ApiProperty({
    enum: CLOSE_STATUSES,
    nullable: true,
    required: true,
    description: 'how the last run ended (null while it runs)',
  })
  closeStatus!: string | null;
  @ApiProperty({ description: 'runs across continue-as-new' }) runCount!: number;
  @ApiProperty() eventCount!: number;
  @ApiProperty({
    type: HistoryArchiveView,
    nullable: true,
    required: true,
    description: 'the archive read (null when read from Temporal)',
  })
  archive!: HistoryArchiveView | null;
}

export class HistoryJsonView {
  @ApiProperty({ type: 'array', items: FREE_FORM, description: "the run's events in Temporal's JSON format" })
  events!: Record<string, unknown>[];
}

export class HistoryRunView {
  @ApiProperty() runId!: string;
  @ApiProperty({ type: HistoryJsonView, description: "Temporal's history JSON of the run" }) history!: HistoryJsonView;
}

export class CaseHistoryView extends HistorySummaryView {
  @ApiProperty({ enum: ['decoded', 'raw'] }) encoding!: 'decoded' | 'raw';
  @ApiProperty({ type: [HistoryRunView], description: 'every run, first to last' }) runs!: HistoryRunView[];
}

export class HistoryActorView {
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ACTOR_ROLES }) role!: Role;
  @nullableString('null only for the petitioner acting with a query code') unitId!: string | null;
}

export class HistoryEventSourceView {
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'the projectPetition ActivityTaskScheduled (or marker) event' }) eventId!: number;
}

export class HistoryTimelineEntryView {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'routed' }) type!: string;
  @ApiInstant() at!: string;
  @ApiProperty({
    type: HistoryActorView,
    nullable: true,
    required: true,
    description: 'null: the process itself (a clock, an escalation)',
  })
  actor!: HistoryActorView | null;
  @nullableString() requestId!: string | null;
  @nullableString('the clock started or stopped') clockKey!: string | null;
  @nullableString() stepBefore!: string | null;
  @ApiProperty() stepAfter!: string;
  @ApiProperty({
    ...FREE_FORM,
    description: 'the reasons, notes and decisions given with the event (free text as entered)',
  })
  reasons!: Record<string, unknown>;
  @ApiProperty({ ...FREE_FORM, description: 'what happened; instants in it are ISO-8601 +08:00' }) data!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: HistoryEventSourceView, description: 'where in the history it was read' })
  source!: HistoryEventSourceView;
}

export class TimelineDifferenceView {
  @ApiProperty() seq!: number;
  @ApiProperty({
    enum: ['missing', 'extra', 'changed'],
    description: 'missing from the read model, extra in it, or a field changed',
  })
  kind!: 'missing' | 'extra' | 'changed';
  @ApiProperty({ required: false, description: 'the changed field' }) field?: string;
  @anyJson('what the history says') history?: unknown;
  @anyJson('what the read model holds') readModel?: unknown;
}

export class StaffRequestView {
  @ApiProperty() eventId!: number;
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'the event time as Temporal records it' }) at!: string;
  @ApiProperty({ example: 'route' }) action!: string;
  @ApiProperty() requestId!: string;
  @ApiProperty({ type: HistoryActorView, nullable: true, required: true }) actor!: HistoryActorView | null;
  @ApiProperty({ ...FREE_FORM, description: "the action's arguments" }) args!: Record<string, unknown>;
  @ApiProperty({ enum: ['accepted', 'refused', 'pending'] }) outcome!: 'accepted' | 'refused' | 'pending';
  @nullableString('why it was refused') reason!: string | null;
}

export class HistoryTimelineView extends HistorySummaryView {
  @ApiProperty({
    description: 'false while any line differs or a batch of the case waits in the projection quarantine',
  })
  agreesWithReadModel!: boolean;
  @ApiProperty({
    type: [TimelineDifferenceView],
    description: 'every line where the read model differs: each is a finding',
  })
  differences!: TimelineDifferenceView[];
  @ApiProperty({
    type: () => [QuarantinedBatchView],
    description: 'batches of the case the read model refused for their content, resolved or not',
  })
  quarantine!: QuarantinedBatchView[];
  @ApiProperty({
    type: [StaffRequestView],
    description: 'every staff action the workflow was asked to take, accepted or refused',
  })
  staffRequests!: StaffRequestView[];
  @ApiProperty({ type: [HistoryTimelineEntryView] }) entries!: HistoryTimelineEntryView[];
}

export class ReadModelDivergenceView {
  @ApiProperty({ enum: [...READ_MODEL_TABLES, 'projection_quarantine'] }) table!:
    ReadModelTable | 'projection_quarantine';
  @ApiProperty({ description: "the row's key in that table (an event's seq, a quarantined batch's id)" }) key!: string;
  @ApiProperty({
    enum: ['missing', 'extra', 'changed', 'quarantined'],
    description: 'quarantined: a batch the read model refused for its content, not yet resolved',
  })
  kind!: 'missing' | 'extra' | 'changed' | 'quarantined';
  @ApiProperty({ required: false, description: 'the changed column' }) field?: string;
  @anyJson('what the history implies') expected?: unknown;
  @anyJson('what PostgreSQL holds') actual?: unknown;
  @ApiProperty({ required: false, description: 'why, when the kind alone does not say it' }) detail?: string;
}

export class QuarantinedBatchView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the case revision the batch carried' }) revision!: number;
  @ApiProperty({ type: [Number], description: 'the seqs of the timeline events in the batch' }) eventSeqs!: number[];
  @ApiProperty({
    example: '22P05',
    description: "PostgreSQL's SQLSTATE: class 22 data exception, 23 integrity violation",
  })
  sqlstate!: string;
  @ApiProperty({ description: "PostgreSQL's message" }) reason!: string;
  @ApiInstant('when the read model refused it') quarantinedAt!: string;
  @ApiInstant('when an operator re-projected it; null while it waits', { nullable: true }) resolvedAt!: string | null;
  @nullableString('who resolved it') resolvedBy!: string | null;
  @ApiProperty({
    type: [String],
    nullable: true,
    required: true,
    description: 'where the stored copy was repaired (lone surrogates and NUL as U+FFFD)',
  })
  repairs!: string[] | null;
}

export class RepairedEventView {
  @ApiProperty() seq!: number;
  @ApiProperty() quarantineId!: string;
  @ApiProperty({ type: [String], example: ['events[0].data.instructions'] }) fields!: string[];
}

export class ReadModelVerificationView extends HistorySummaryView {
  @ApiProperty({
    description:
      'true when PostgreSQL holds exactly what the history implies and no batch of the case waits in the quarantine',
  })
  ok!: boolean;
  @ApiProperty() rowsCompared!: number;
  @ApiProperty({ type: [ReadModelDivergenceView] }) divergences!: ReadModelDivergenceView[];
  @ApiProperty({
    type: [QuarantinedBatchView],
    description: 'every batch of the case the read model refused for its content, resolved or not',
  })
  quarantine!: QuarantinedBatchView[];
  @ApiProperty({
    type: [RepairedEventView],
    description:
      'events the read model holds repaired after a quarantine was resolved: not a divergence, but not as the workflow wrote them',
  })
  repaired!: RepairedEventView[];
}
