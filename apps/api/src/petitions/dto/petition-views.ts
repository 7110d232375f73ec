/**
 * The case as the API shows it (OpenAPI schemas and the types the wire mappers return): the
 * workflow's view with every instant as ISO-8601 +08:00 and every date as YYYY-MM-DD.
 */
import { DELIVERY_METHODS, DELIVERY_SIGNERS } from '@/libs/process/delivery';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EARLIER_DECISION_KINDS } from '@/libs/process/backlog';
import { CLOCKS, RATINGS, REPLY_OUTCOMES, REVIEW_DECISIONS } from '@/libs/process/policy';
import { NOTICE_KINDS } from '@/libs/process/notices';
import { ApiDate, ApiInstant, ApiRemainingDays } from '../../common/wire-instant';

const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, required: true, description });

export class ClockWireView {
  @ApiProperty({
    example: 'handling#1',
    description: '`${clockId}#${generation}`: a restarted clock is a new instance',
  })
  key!: string;
  @ApiProperty({ enum: Object.keys(CLOCKS) }) id!: string;
  @ApiProperty() generation!: number;
  @ApiProperty({ description: 'the unit that owes the act (or whose window it is)' }) unitId!: string;
  @ApiProperty({
    enum: ['running', 'suspended', 'stopped', 'lapsed'],
    description: 'suspended while a re-review hearing (听证) is open',
  })
  status!: string;
  @ApiInstant('when the period started (the start day is not counted)') startedAt!: string;
  @ApiProperty({ description: 'the period in days of its unit (calendar or working days), extensions included' })
  lengthDays!: number;
  @ApiProperty({ description: 'days that do not count (hearing days)' }) excludedDays!: number;
  @ApiInstant('when the period ends: 24:00 of the last day, i.e. 00:00 of the next; null while suspended', {
    nullable: true,
  })
  dueAt!: string | null;
  @ApiDate('the last day of the period, after a rest day rolled it forward; null while suspended', { nullable: true })
  lastDay!: string | null;
  @ApiRemainingDays('`asOf`', { nullable: true })
  remainingDays!: number | null;
  @ApiProperty({ description: 'the last day rolled forward past a rest day' }) rolledForward!: boolean;
  @ApiProperty({ description: 'running and past `dueAt` at `asOf`, or stopped after `dueAt`' }) overdue!: boolean;
  @ApiInstant('when the clock stopped or lapsed', { nullable: true }) stoppedAt!: string | null;
  @ApiProperty({ type: [String], example: ['warning70'], description: 'escalation rungs fired on this clock' })
  firedRungs!: string[];
  @ApiProperty({
    enum: ['official', 'statutory', 'weekends-only'],
    description:
      "how the rest days of the period's years are known: official (the State Council's notice), statutory (computed from 《全国年节及纪念日放假办法》, no 调休 yet), weekends-only (an older calendar version: Monday–Friday)",
  })
  calendarBasis!: string;
  @ApiProperty({
    description:
      'the last day was counted through a year with no official holiday notice yet: it may move when the notice arrives (如遇法定节假日顺延)',
  })
  provisional!: boolean;
  @ApiProperty({ example: 'chinese-days@1.5.7+statutory' }) calendarVersion!: string;
}

/** A stored document as the workflow references it: never its content (download it by id). */
export class DocumentRefWireView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ description: 'SHA-256 of the PDF (hex)' }) sha256!: string;
  @ApiProperty({ example: '示住建信〔2026〕12号', description: '文号' }) number!: string;
}

export class IssuedNoticeWireView extends DocumentRefWireView {
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: string;
  @ApiProperty({ description: 'the timeline event the notice belongs to' }) eventSeq!: number;
  @ApiProperty({ description: 'the issuing unit' }) unitId!: string;
  @ApiInstant() issuedAt!: string;
}

export class AwaitingDeliveryWireView extends DocumentRefWireView {
  @ApiProperty({ enum: ['reply', 'reviewDecision', 'reReviewDecision'] }) kind!: string;
}

/** 签发: a draft reply or decision awaiting the drafting unit's head (no 文号 until approved). */
export class DraftWireView {
  @ApiProperty({ description: 'the draft number to name in approveDraft / returnDraft', example: 1 }) draftNo!: number;
  @ApiProperty({ enum: ['reply', 'reviewDecision', 'reReviewDecision'] }) kind!: string;
  @ApiProperty({ description: 'the drafting unit: its head approves' }) unitId!: string;
  @ApiProperty({ enum: REPLY_OUTCOMES, nullable: true, required: true, description: "a reply's outcome" })
  outcome!: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true, required: true, description: "a decision's outcome" })
  decision!: string | null;
  @ApiProperty() facts!: string;
  @ApiProperty() reasons!: string;
  @ApiProperty() legalBasis!: string;
  @ApiInstant() draftedAt!: string;
  @ApiProperty({ description: 'the drafter (承办人)' }) draftedBy!: string;
  @ApiProperty({
    example: '/petitions/0b0c6c1e-8b4a-4d8e-9a53-2f1f7f7e1d10/draft.pdf',
    description: 'the preview PDF, marked 草稿',
  })
  previewPath!: string;
}

/** The last draft the head returned, with the comments to answer in the next draft. */
export class ReturnedDraftWireView {
  @ApiProperty() draftNo!: number;
  @ApiProperty({ enum: ['reply', 'reviewDecision', 'reReviewDecision'] }) kind!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ description: '修改意见' }) comments!: string;
  @ApiInstant() returnedAt!: string;
  @ApiProperty({ description: 'the unit head who returned it' }) returnedBy!: string;
}

export class MilestoneWireView {
  @ApiProperty({ example: 'accepted' }) type!: string;
  @ApiInstant() at!: string;
  @ApiPropertyOptional({ description: 'a public reason or outcome' }) detail?: string;
  @ApiPropertyOptional({ description: '提级办理: the unit that took the case over' }) unitId?: string;
  @ApiPropertyOptional({ description: "提级办理: that unit's name (the petitioner's page shows it)" })
  unitName?: string;
  @ApiPropertyOptional({
    format: 'date',
    description: '提级办理: the last day of the fresh period the unit taking over owes',
  })
  lastDay?: string;
  @ApiPropertyOptional({
    type: DocumentRefWireView,
    description: 'the written notice of this milestone (受理告知书, 处理意见书, …)',
  })
  document?: DocumentRefWireView;
}

export class CaseLeaderWireView {
  @ApiProperty() userId!: string;
  @ApiInstant() assignedAt!: string;
}

export class ListingWireView {
  @ApiProperty({ description: 'the petition office that listed the case (挂牌督办)' }) byUnitId!: string;
  @ApiInstant() at!: string;
  @ApiProperty() reason!: string;
}

export class CaseSupervisionTaskWireView {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['supervision', 'listed', 'takeoverAvailable'] }) kind!: string;
  @ApiProperty({ enum: ['automatic', 'manual'] }) source!: string;
  @ApiProperty() supervisingUnitId!: string;
  @ApiProperty() supervisedUnitId!: string;
  @nullableString('the overdue clock that opened it') clockKey!: string | null;
  @ApiInstant() openedAt!: string;
  @ApiProperty({ enum: ['open', 'answered', 'closed'] }) status!: string;
  @nullableString('the 30-day feedback clock (督办)') feedbackClockKey!: string | null;
  @ApiInstant(undefined, { nullable: true }) closedAt!: string | null;
}

export class FollowUpWireView {
  @ApiProperty({ example: 'followUp#1' }) key!: string;
  @ApiProperty({ enum: ['scheduled', 'dissatisfied'] }) reason!: string;
  @ApiInstant('when the 回头看 check falls due') dueAt!: string;
  @ApiProperty({ enum: ['scheduled', 'open', 'stable', 'relapsed', 'cancelled'] }) status!: string;
  @nullableString() clockKey!: string | null;
  @ApiInstant(undefined, { nullable: true }) recordedAt!: string | null;
}

export class RatingWireView {
  @ApiProperty({ example: 'reply#1' }) replyKey!: string;
  @ApiProperty({ enum: RATINGS }) rating!: string;
  @ApiInstant() at!: string;
}

export class EarlierDecisionView {
  @ApiProperty({
    enum: EARLIER_DECISION_KINDS,
    description: 'reply 处理意见书 · reviewDecision 复查 · reReviewDecision 复核 · terminationFiled 终结备案 · other',
  })
  kind!: string;
  @ApiProperty({ example: '某县信访复查〔2021〕12号' }) documentRef!: string;
  @ApiDate() date!: string;
}

export class BacklogHistoryView {
  @ApiInstant('when the petitioner first came with the matter') firstReceivedAt!: string;
  @ApiProperty({ description: '信访次数: how many times the petitioner came, this registration included' })
  visits!: number;
  @ApiProperty({ type: [EarlierDecisionView] }) earlierDecisions!: EarlierDecisionView[];
  @ApiProperty({ description: 'the 台账 or file the case was imported from' }) sourceRef!: string;
}

/** 分办: the 承办人 a unit named on the case. */
export class HandlerAssignmentWireView {
  @ApiProperty({ description: 'the unit holding the case' }) unitId!: string;
  @ApiProperty({ description: 'the 承办人' }) userId!: string;
  @ApiInstant('when the unit assigned the case') assignedAt!: string;
  @ApiProperty({ description: 'who assigned it (the unit head or its petition staff)' }) assignedBy!: string;
  @nullableString('why the case was reassigned; null for a first assignment') reason!: string | null;
}

export class PendingObjectionWireView {
  @ApiProperty({ description: 'the unit that objects it has no authority over the matter' }) unitId!: string;
  @nullableString('who filed the objection') byUserId!: string | null;
  @ApiProperty() reasons!: string;
  @ApiInstant('when the objection was filed') at!: string;
}

export class TakeoverWireView {
  @ApiProperty({ description: 'the unit the case was taken from (its lapses stay its own)' }) fromUnitId!: string;
  @ApiProperty({ description: 'the unit of the level above that took the case over' }) toUnitId!: string;
  @ApiInstant() at!: string;
  @nullableString('the petition office that decided the takeover') byUnitId!: string | null;
}

/** 交办: the report-back owed to the office that handed the case down, and whether it accepted it. */
export class ReportBackWireView {
  @ApiProperty({ description: 'the days the unit was given to report back' }) reportBackDays!: number;
  @ApiInstant('when the case was handed down (交办)') assignedAt!: string;
  @ApiInstant('when the report was filed; null while one is owed (at first, or after the office returned it)', {
    nullable: true,
  })
  reportedBackAt!: string | null;
  @ApiProperty({ description: 'the office that handed the case down accepted the report' }) accepted!: boolean;
}

/** 送达 as a record: the method, the date on the 送达回证 and who signed it. */
export class DeliveryWireView {
  @ApiProperty({ enum: ['reply', 'reviewDecision', 'reReviewDecision'], description: 'what was delivered' })
  of!: string;
  @nullableString('the document delivered') documentId!: string | null;
  @ApiProperty({ enum: DELIVERY_METHODS, description: '直接送达 · 邮寄送达 · 电子送达 · 留置送达 · 公告送达' })
  method!: string;
  @ApiInstant('the date on the 送达回证 (never before the document was issued)') deliveredAt!: string;
  @ApiProperty({
    enum: DELIVERY_SIGNERS,
    nullable: true,
    required: true,
    type: String,
    description: 'who signed the 送达回证, by capacity; null for 电子送达 and 公告送达',
  })
  signedBy!: string | null;
  @nullableString("the scanned 送达回证 among the case's materials (its fileId), when one was uploaded")
  receiptFileId!: string | null;
  @ApiInstant('when the delivery was recorded') recordedAt!: string;
}

export class PetitionWireView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @nullableString('信访件编号 as the registration carried it (null for cases registered before numbers existed)')
  caseNumber!: string | null;
  @ApiProperty({ example: 'handling' }) step!: string;
  @ApiProperty() policyVersion!: string;
  @ApiProperty() calendarVersion!: string;
  @ApiProperty({ enum: ['suggestion', 'accusation', 'appeal'] }) category!: string;
  @ApiProperty({ description: '重大紧急' }) urgent!: boolean;
  @ApiProperty({ description: '集体访 (5 or more people)' }) collective!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: '重复信访: the earlier cases this petition repeats' })
  repeatOf!: string[];
  @nullableString('检举控告: the accused unit (it never receives or sees the case)') accusedUnitId!: string | null;
  @ApiInstant('when the petition was received') receivedAt!: string;
  @ApiInstant('when it was registered') registeredAt!: string;
  @ApiProperty() routingUnitId!: string;
  @nullableString() handlingUnitId!: string | null;
  @nullableString() reviewUnitId!: string | null;
  @nullableString() reReviewUnitId!: string | null;
  @ApiProperty() handlingRound!: number;
  @ApiProperty() extensionsUsed!: number;
  @ApiProperty({ enum: REPLY_OUTCOMES, nullable: true, required: true }) replyOutcome!: string | null;
  @ApiProperty() implementationConfirmed!: boolean;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true, required: true }) reviewDecision!: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true, required: true }) reReviewDecision!: string | null;
  @ApiProperty() hearingOpen!: boolean;
  @ApiProperty({ description: 'the reply is final (终结 or no review asked in time)' }) final!: boolean;
  @ApiInstant(undefined, { nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: [ClockWireView] }) clocks!: ClockWireView[];
  @ApiProperty({ type: [MilestoneWireView] }) milestones!: MilestoneWireView[];
  @ApiProperty({ type: CaseLeaderWireView, nullable: true, required: true, description: '包案 leader' })
  caseLeader!: CaseLeaderWireView | null;
  @ApiProperty() caseLeaderRequired!: boolean;
  @ApiProperty({ type: ListingWireView, nullable: true, required: true }) listedForSupervision!: ListingWireView | null;
  @ApiProperty({ type: [CaseSupervisionTaskWireView] }) supervisionTasks!: CaseSupervisionTaskWireView[];
  @ApiProperty({ type: [FollowUpWireView] }) followUps!: FollowUpWireView[];
  @ApiProperty({ type: [RatingWireView] }) ratings!: RatingWireView[];
  @ApiProperty({ description: '一次性化解: closed without review, relapse or repeat petition' })
  firstTimeResolution!: boolean;
  @ApiProperty() reopenedCount!: number;
  @ApiProperty({
    description: 'imported backlog (积案) registered with its history: its statutory clocks run from the import',
  })
  imported!: boolean;
  @ApiProperty({
    type: BacklogHistoryView,
    nullable: true,
    required: true,
    description: 'the history an imported case came with',
  })
  backlog!: BacklogHistoryView | null;
  @ApiProperty({ type: [IssuedNoticeWireView], description: 'the written notices issued in the case, in order' })
  documents!: IssuedNoticeWireView[];
  @ApiProperty({
    type: AwaitingDeliveryWireView,
    nullable: true,
    required: true,
    description: 'the written reply awaiting delivery (送达): name its documentId in recordDelivery',
  })
  awaitingDelivery!: AwaitingDeliveryWireView | null;
  @ApiProperty({
    description:
      'the case names the unit that lapsed and the person who owed the act: no office supervises itself, 督办 feedback comes from the unit that lapsed (false for cases started before)',
  })
  accountableUnits!: boolean;
  @ApiProperty({ type: [HandlerAssignmentWireView], description: '分办: the 承办人 of each unit on the case' })
  handlers!: HandlerAssignmentWireView[];
  @ApiProperty({
    type: PendingObjectionWireView,
    nullable: true,
    required: true,
    description: 'an objection to a misroute waiting for the routing office to agree or refuse it (Art 23)',
  })
  pendingObjection!: PendingObjectionWireView | null;
  @ApiProperty({ type: [TakeoverWireView], description: '提级办理: each takeover, in order' })
  takeovers!: TakeoverWireView[];
  @ApiProperty({
    type: ReportBackWireView,
    nullable: true,
    required: true,
    description:
      '交办: the report-back and its acceptance by the office that handed the case down (null when not handed down, or for cases started before)',
  })
  reportBack!: ReportBackWireView | null;
  @ApiProperty({
    type: [DeliveryWireView],
    description: '送达: each delivery with its method and signer (empty for cases that recorded a date alone)',
  })
  deliveries!: DeliveryWireView[];
  @ApiProperty({
    description:
      '签发: replies and decisions are drafted, then approved by the head of the drafting unit (false for cases started before, which issue in one step)',
  })
  approvals!: boolean;
  @ApiProperty({ type: DraftWireView, nullable: true, required: true, description: 'the draft awaiting 签发' })
  draft!: DraftWireView | null;
  @ApiProperty({ type: ReturnedDraftWireView, nullable: true, required: true, description: 'the last draft returned' })
  returnedDraft!: ReturnedDraftWireView | null;
  @ApiProperty({ description: 'the workflow revision this view reflects' }) revision!: number;
  @ApiInstant('the instant `remainingDays` and `overdue` of the clocks are judged at (the response time)')
  asOf!: string;
}

export class IntakeView {
  @ApiProperty() petitionerName!: string;
  @ApiProperty() summary!: string;
  @nullableString() accusedPerson!: string | null;
}

export class ReadModelView {
  @ApiProperty() step!: string;
  @ApiProperty() revision!: number;
  @ApiInstant('when the read model was last written') projectedAt!: string;
  @ApiProperty({ type: PetitionWireView, description: 'the workflow view as projected at `revision`' })
  view!: PetitionWireView;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @nullableString('信访件编号, e.g. 示县信〔2026〕第00123号 (null only until an older case is numbered)')
  caseNumber!: string | null;
  @ApiProperty() workflowId!: string;
  @ApiProperty() temporalUiUrl!: string;
  @ApiProperty({ type: IntakeView }) intake!: IntakeView;
  @ApiProperty({ type: ReadModelView, nullable: true, required: true, description: 'null until the first projection' })
  readModel!: ReadModelView | null;
  @ApiProperty({
    type: PetitionWireView,
    nullable: true,
    required: true,
    description: "the workflow's own answer; null when Temporal cannot be reached",
  })
  live!: PetitionWireView | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'names (users.name) of the people the view names by login id: the 包案 leader, the drafter and returner of drafts',
    example: { 'x-leader': '赵包案' },
  })
  userNames!: Record<string, string>;
}

export class TimelineEventView {
  @ApiProperty({ description: "the event's number within the case" }) seq!: number;
  @ApiProperty({ example: 'clockStarted' }) type!: string;
  @ApiInstant('when the service recorded the event') at!: string;
  @ApiInstant(
    'the instant the event is about, when that is not when it was recorded (a deadline rung that was already due when a backdated receipt was registered); null otherwise',
    { nullable: true },
  )
  refersTo!: string | null;
  @nullableString() actorUserId!: string | null;
  @nullableString("the acting user's name (张三) as people read it; null for the system") actorName!: string | null;
  @nullableString() actorRole!: string | null;
  @nullableString() actorUnitId!: string | null;
  @nullableString("the acting unit's name (县住建局)") actorUnitName!: string | null;
  @nullableString() requestId!: string | null;
  @nullableString() clockKey!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'what happened; instants in it are ISO-8601 +08:00, dates YYYY-MM-DD',
  })
  data!: Record<string, unknown>;
}

export class CaseNumberLookupView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ example: '示县信〔2026〕第00123号', description: 'the number in its canonical form' })
  caseNumber!: string;
}
