/** The auditor's requests; their answers' types come from the API's OpenAPI document (types.ts names them). */
import { api, call } from '../../api/client';
import type {
  AuditTrailRecord,
  HistoryTimelineView,
  ReadModelVerificationView,
  ReplayJobView,
  TrailVerificationView,
} from './types';

export function verifyTrail(anchors: string[]): Promise<TrailVerificationView> {
  return call(api.GET('/audit/trail/verification', { params: { query: anchors.length ? { anchor: anchors } : {} } }));
}

export function startReplay(body: { petitionIds: string[] } | { all: true }): Promise<ReplayJobView> {
  return call(api.POST('/audit/replays', { body }));
}

export function replayJob(jobId: string): Promise<ReplayJobView> {
  return call(api.GET('/audit/replays/{jobId}', { params: { path: { jobId } } }));
}

export function historyTimeline(id: string): Promise<HistoryTimelineView> {
  return call(api.GET('/audit/petitions/{id}/history-timeline', { params: { path: { id } } }));
}

export function readModelVerification(id: string): Promise<ReadModelVerificationView> {
  return call(api.GET('/audit/petitions/{id}/read-model-verification', { params: { path: { id } } }));
}

export function caseTrail(id: string): Promise<AuditTrailRecord[]> {
  return call(api.GET('/audit/petitions/{id}/trail', { params: { path: { id } } }));
}
