/** The auditor endpoints' answers, as the API's OpenAPI document gives them. */
import type { Schemas } from '../../api/client';

export type TrailVerificationView = Schemas['TrailVerificationView'];
export type HistoryActor = Schemas['HistoryActorView'];
export type HistoryTimelineEntry = Schemas['HistoryTimelineEntryView'];
export type TimelineDifference = Schemas['TimelineDifferenceView'];
export type HistoryTimelineView = Schemas['HistoryTimelineView'];
export type ReadModelVerificationView = Schemas['ReadModelVerificationView'];
export type Divergence = Schemas['ReplayDivergenceView'];
export type ReplayOutcome = Schemas['CaseReplayedView'] | Schemas['CaseNotReplayedView'];
export type ReplayJobView = Schemas['ReplayJobView'];
export type AuditTrailRecord = Schemas['AuditTrailRecordView'];
