/**
 * The auditor endpoints' answers. Their OpenAPI document declares no response schema, so the
 * shapes are written here from the API's own types (libs/audit/*: TrailVerification,
 * TimelineEntry, TimelineDifference, ReadModelVerification, CaseReplayOutcome, AuditRecord).
 */
export interface TrailVerificationView {
  ok: boolean;
  recordsChecked: number;
  /** The anchor to note now: a later verification given it finds a cut or rewritten tail. */
  head: { seq: number; hash: string } | null;
  firstBrokenLink: { kind: 'altered' | 'missing' | 'outOfOrder' | 'anchorMismatch'; seq: number; message: string; expected?: string; found?: string } | null;
  checkedAt: string;
}

export interface HistoryActor {
  userId: string;
  role: string;
  unitId: string | null;
}

export interface HistoryTimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: HistoryActor | null;
  requestId: string | null;
  clockKey: string | null;
  stepBefore: string | null;
  stepAfter: string;
  reasons: Record<string, unknown>;
  data: Record<string, unknown>;
  source: { runId: string; eventId: number };
}

export interface TimelineDifference {
  seq: number;
  kind: 'missing' | 'extra' | 'changed';
  field?: string;
  history?: unknown;
  readModel?: unknown;
}

interface HistorySummary {
  petitionId: string;
  workflowId: string;
  source: 'archive' | 'temporal';
  closeStatus: string | null;
  runCount: number;
  eventCount: number;
}

export interface HistoryTimelineView extends HistorySummary {
  agreesWithReadModel: boolean;
  differences: TimelineDifference[];
  entries: HistoryTimelineEntry[];
}

export interface ReadModelVerificationView extends HistorySummary {
  ok: boolean;
  rowsCompared: number;
  divergences: { table: string; key: string; kind: 'missing' | 'extra' | 'changed'; field?: string; expected?: unknown; actual?: unknown }[];
}

export interface Divergence {
  runId: string;
  eventId: number | null;
  historyHas: string | null;
  codeDid: string;
  message: string;
  kind: 'nondeterminism' | 'failure';
}

export type ReplayOutcome =
  | { petitionId: string; workflowId: string; source: 'archive' | 'temporal'; runs: number; events: number; deterministic: boolean; divergence: Divergence | null; durationMs: number }
  | { petitionId: string; deterministic: null; unavailable: string };

export interface ReplayJobView {
  jobId: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
  requestedBy: string;
  requestedAt: string | null;
  progress: { total: number; completed: number; percent: number };
  summary: { deterministic: number; diverged: number; unavailable: number };
  results: ReplayOutcome[];
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface AuditTrailRecord {
  seq: number;
  key: string | null;
  recordedAt: string;
  kind: string;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  petitionId: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
