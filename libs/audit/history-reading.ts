/**
 * What a case's history says, read from the history alone (decoded by the codec): the staff
 * actions the workflow accepted (update requests), and every projection the workflow handed to
 * the read model (projectPetition activity inputs, or, run as a local activity, the batch its marker
 * records as the result: timeline events, the view after each change,
 * ledger and escalation entries). From these the timeline and the read model the history implies
 * are rebuilt, without reading PostgreSQL.
 */
import type { Actor, ProjectionBatch } from '../process';
import type { CaseHistory } from './case-history';

export const PROJECTION_ACTIVITY = 'projectPetition';
/** The marker Temporal's SDK core records for each completed local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

export interface StaffRequest {
  eventId: number;
  runId: string;
  at: string;
  action: string;
  requestId: string;
  actor: Actor | null;
  args: Record<string, unknown>;
  /** Filled from the update's completion: accepted, or refused with the workflow's reason. */
  outcome: 'accepted' | 'refused' | 'pending';
  reason: string | null;
}

export interface ProjectionInHistory {
  eventId: number;
  runId: string;
  batch: ProjectionBatch;
}

export interface HistoryReading {
  workflowId: string;
  requests: StaffRequest[];
  projections: ProjectionInHistory[];
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** A decoded json/plain payload's value. */
function valueOf(payload: JsonPayload | undefined): unknown {
  if (!payload?.data) return undefined;
  const encoding = payload.metadata?.encoding ? Buffer.from(payload.metadata.encoding, 'base64').toString() : '';
  if (encoding === 'binary/null') return null;
  if (encoding !== 'json/plain')
    throw new Error(`a payload in ${encoding || 'an unknown encoding'}: decode the history with the codec first`);
  return JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
}

function firstPayload(container: unknown): JsonPayload | undefined {
  return (container as { payloads?: JsonPayload[] } | undefined)?.payloads?.[0];
}

export function readHistory(caseHistory: CaseHistory): HistoryReading {
  const requests: StaffRequest[] = [];
  const byUpdateId = new Map<string, StaffRequest>();
  const projections: ProjectionInHistory[] = [];
  for (const run of caseHistory.runs) {
    for (const event of run.history.events) {
      const eventId = Number(event.eventId);
      switch (event.eventType) {
        case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED': {
          const attrs = event.activityTaskScheduledEventAttributes as {
            activityType?: { name?: string };
            input?: unknown;
          };
          if (attrs.activityType?.name !== PROJECTION_ACTIVITY) break;
          projections.push({ eventId, runId: run.runId, batch: valueOf(firstPayload(attrs.input)) as ProjectionBatch });
          break;
        }
        case 'EVENT_TYPE_MARKER_RECORDED': {
          const attrs = event.markerRecordedEventAttributes as {
            markerName?: string;
            details?: Record<string, unknown>;
          };
          if (attrs.markerName !== LOCAL_ACTIVITY_MARKER) break;
          const marker = valueOf(firstPayload(attrs.details?.data)) as { activity_type?: string } | undefined;
          if (marker?.activity_type !== PROJECTION_ACTIVITY) break;
          const batch = valueOf(firstPayload(attrs.details?.result)) as ProjectionBatch | null | undefined;
          if (batch) projections.push({ eventId, runId: run.runId, batch });
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
          const attrs = event.workflowExecutionUpdateAcceptedEventAttributes as {
            acceptedRequest?: { meta?: { updateId?: string }; input?: { name?: string; args?: unknown } };
          };
          const request = valueOf(firstPayload(attrs.acceptedRequest?.input?.args)) as
            { requestId?: string; actor?: Actor; args?: Record<string, unknown> } | undefined;
          const staff: StaffRequest = {
            eventId,
            runId: run.runId,
            at: String(event.eventTime),
            action: attrs.acceptedRequest?.input?.name ?? 'unknown',
            requestId: request?.requestId ?? '',
            actor: request?.actor ?? null,
            args: request?.args ?? {},
            outcome: 'pending',
            reason: null,
          };
          requests.push(staff);
          if (attrs.acceptedRequest?.meta?.updateId) byUpdateId.set(attrs.acceptedRequest.meta.updateId, staff);
          break;
        }
        case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
          const attrs = event.workflowExecutionUpdateCompletedEventAttributes as {
            meta?: { updateId?: string };
            outcome?: { success?: unknown; failure?: { message?: string } };
          };
          const staff = attrs.meta?.updateId ? byUpdateId.get(attrs.meta.updateId) : undefined;
          if (!staff) break;
          staff.outcome = attrs.outcome?.failure ? 'refused' : 'accepted';
          staff.reason = attrs.outcome?.failure?.message ?? null;
          break;
        }
        default:
          break;
      }
    }
  }
  return { workflowId: caseHistory.workflowId, requests, projections };
}
