/** A case as the workflow shows it: its step, clocks, milestones, supervision and follow-ups. */
import type { DeliveryRecord } from './delivery';
import type { DocumentRef, IssuedNotice, NoticeDetails, NoticeKind } from './notices';
import type { ClockId, PetitionCategory, Rating, ReplyOutcome, ReviewDecision, RungId, Step } from './policy';
import type { BacklogHistory } from './backlog';
import type { HandlerAssignment } from './lapse-supervision';

export type ClockStatus = 'running' | 'suspended' | 'stopped' | 'lapsed';

export interface ClockView {
  /** `${clockId}#${generation}`: a clock restarted (e.g. handling after a revoked review) is a new instance. */
  key: string;
  id: ClockId;
  generation: number;
  unitId: string;
  status: ClockStatus;
  startedAt: number;
  lengthDays: number;
  /** Days that do not count (hearing time). */
  excludedDays: number;
  /** null while suspended (a hearing is open). */
  dueAt: number | null;
  lastDay: string | null;
  rolledForward: boolean;
  remainingMs: number | null;
  overdue: boolean;
  stoppedAt: number | null;
  firedRungs: RungId[];
  calendarBasis: 'official' | 'statutory' | 'weekends-only';
  /**
   * The last day was counted through a year with no official holiday notice yet: it may move when
   * the notice arrives (如遇法定节假日顺延), and the case is re-projected then.
   */
  provisional: boolean;
  calendarVersion: string;
}

export type MilestoneType =
  | 'registered'
  | 'transferred'
  | 'handedDown'
  | 'returnedForRerouting'
  | 'accepted'
  | 'declined'
  | 'notAcceptedAgain'
  | 'redirected'
  | 'extended'
  | 'replied'
  | 'replyDelivered'
  | 'reviewRequested'
  | 'reviewDecided'
  | 'reviewReplyDelivered'
  | 'reReviewRequested'
  | 'hearingStarted'
  | 'hearingEnded'
  | 'reReviewDecided'
  | 'reReviewReplyDelivered'
  | 'final'
  | 'followUpChecked'
  | 'reopened'
  | 'rated'
  | 'takenOver';

/** What the petitioner may see (阳光信访): what happened and when, with public reasons only. */
export interface Milestone {
  type: MilestoneType;
  at: number;
  detail?: string;
  /** 提级办理: the unit that took the case over, and the last day of the fresh period it owes. */
  unitId?: string;
  lastDay?: string;
  /** The written notice of this milestone (受理告知书, 处理意见书, …): its id, hash and 文号. */
  document?: DocumentRef;
}

export interface PetitionView {
  petitionId: string;
  /** 信访件编号; absent for cases registered before numbers existed. */
  caseNumber?: string;
  step: Step;
  policyVersion: string;
  calendarVersion: string;
  category: PetitionCategory;
  urgent: boolean;
  /** 集体访 (5 or more people). */
  collective: boolean;
  /** 重复信访: the earlier cases this petition repeats, linked at registration. */
  repeatOf: string[];
  /** 检举控告: the accused unit, which never receives or sees the case. */
  accusedUnitId: string | null;
  receivedAt: number;
  registeredAt: number;
  routingUnitId: string;
  handlingUnitId: string | null;
  reviewUnitId: string | null;
  reReviewUnitId: string | null;
  handlingRound: number;
  extensionsUsed: number;
  replyOutcome: ReplyOutcome | null;
  implementationConfirmed: boolean;
  reviewDecision: ReviewDecision | null;
  reReviewDecision: ReviewDecision | null;
  hearingOpen: boolean;
  final: boolean;
  closedAt: number | null;
  clocks: ClockView[];
  milestones: Milestone[];
  caseLeader: { userId: string; assignedAt: number } | null;
  /** 交办 by a higher level: a case leader is needed before acceptance. */
  caseLeaderRequired: boolean;
  listedForSupervision: { byUnitId: string; at: number; reason: string } | null;
  supervisionTasks: SupervisionTask[];
  followUps: FollowUpView[];
  ratings: { replyKey: string; rating: Rating; at: number }[];
  /** 一次性化解: closed without review, relapse or repeat petition. */
  firstTimeResolution: boolean;
  reopenedCount: number;
  /** Backlog registered with its history from before the service (积案): its clocks run from the import. */
  imported: boolean;
  backlog: BacklogHistory | null;
  /** Every written notice issued to the petitioner, in order. */
  documents: IssuedNotice[];
  /** The reply, review or re-review decision waiting for delivery (送达), if its document is ready. */
  awaitingDelivery: (DocumentRef & { kind: NoticeKind }) | null;
  /**
   * The case names the unit that lapsed and the person who owed the act (no office supervises
   * itself; feedback from the unit that lapsed). Absent in views of cases started before.
   */
  accountableUnits?: boolean;
  /** 分办: each unit's 承办人 on the case (absent in views projected before). */
  handlers?: HandlerAssignment[];
  /** An objection to a misroute waiting for the routing office's verification (Art 23); absent in views projected before. */
  pendingObjection?: PendingObjection | null;
  /** 提级办理: each takeover, the unit it came from and the one that took it (absent in views projected before). */
  takeovers?: Takeover[];
  /** 交办: the report-back owed to the office that handed the case down (policy v2; absent before, null when not handed down). */
  reportBack?: ReportBackView | null;
  /** 送达: each delivery with its method, the 送达回证's date and who signed (absent before they were recorded). */
  deliveries?: DeliveryRecord[];
  /**
   * Written replies and decisions are drafted, then approved (签发) by the unit head (DOMAIN §2a).
   * False or absent for cases started before, which issue them in one step.
   */
  approvals?: boolean;
  /** The draft awaiting approval, if any. */
  draft?: DraftView | null;
  /** The last draft returned with comments, if any. */
  returnedDraft?: ReturnedDraftView | null;
  revision: number;
}

/** A 交办 report-back: filed (reportedBackAt), then accepted or returned by the office that handed the case down. */
export interface ReportBackView {
  reportBackDays: number;
  assignedAt: number;
  /** null while a report is owed (at first, or after the office returned one). */
  reportedBackAt: number | null;
  accepted: boolean;
}

/** An objection to a misroute the routing office has not yet verified. */
export interface PendingObjection {
  unitId: string;
  byUserId: string | null;
  reasons: string;
  at: number;
}

/** One 提级办理: the original unit keeps its lapses; the unit above owes a fresh period from `at`. */
export interface Takeover {
  fromUnitId: string;
  toUnitId: string;
  at: number;
  byUnitId: string | null;
}

/** The written replies and decisions that are drafted, then approved (签发) by the head of the drafting unit. */
export type DraftKind = Extract<NoticeKind, 'reply' | 'reviewDecision' | 'reReviewDecision'>;

/** A draft awaiting the unit head's approval (签发): what the document will say once issued, with no 文号 yet. */
export interface DraftView {
  /** Numbered per case from 1: approving or returning names the draft previewed. */
  draftNo: number;
  kind: DraftKind;
  /** The drafting unit, whose head approves. */
  unitId: string;
  /** The notice as it will be requested on approval (its outcome or decision and its grounds). */
  details: NoticeDetails;
  draftedAt: number;
  draftedBy: string;
}

/** The last draft the head returned, with the comments the drafter answers in the next draft. */
export interface ReturnedDraftView {
  draftNo: number;
  kind: DraftKind;
  unitId: string;
  comments: string;
  returnedAt: number;
  returnedBy: string;
}

export interface FollowUpView {
  key: string;
  /** 'scheduled' (after closure), 'dissatisfied' (after a 不满意 rating). */
  reason: 'scheduled' | 'dissatisfied';
  dueAt: number;
  status: 'scheduled' | 'open' | 'stable' | 'relapsed' | 'cancelled';
  clockKey: string | null;
  recordedAt: number | null;
}

/** 督办 (supervision), 挂牌 (listed) and 提级办理 (take-over) tasks of the supervising units. */
export interface SupervisionTask {
  key: string;
  kind: 'supervision' | 'listed' | 'takeoverAvailable';
  source: 'automatic' | 'manual';
  supervisingUnitId: string;
  supervisedUnitId: string;
  clockKey: string | null;
  openedAt: number;
  status: 'open' | 'answered' | 'closed';
  feedbackClockKey: string | null;
  closedAt: number | null;
}
