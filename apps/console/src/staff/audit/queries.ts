/** The auditor's requests, typed with the shapes of types.ts (the OpenAPI document has none for them). */
import { api, call } from '../../api/client';
import type { AuditTrailRecord, HistoryTimelineView, ReadModelVerificationView, ReplayJobView, TrailVerificationView } from './types';

export function verifyTrail(anchors: string[]): Promise<TrailVerificationView> {
  return call<TrailVerificationView>(api.GET('/audit/trail/verification', { params: { query: anchors.length ? { anchor: anchors } : {} } }));
}

export function startReplay(body: { petitionIds: string[] } | { all: true }): Promise<ReplayJobView> {
  return call<ReplayJobView>(api.POST('/audit/replays', { body }));
}

export function replayJob(jobId: string): Promise<ReplayJobView> {
  return call<ReplayJobView>(api.GET('/audit/replays/{jobId}', { params: { path: { jobId } } }));
}

export function historyTimeline(id: string): Promise<HistoryTimelineView> {
  return call<HistoryTimelineView>(api.GET('/audit/petitions/{id}/history-timeline', { params: { path: { id } } }));
}

export function readModelVerification(id: string): Promise<ReadModelVerificationView> {
  return call<ReadModelVerificationView>(api.GET('/audit/petitions/{id}/read-model-verification', { params: { path: { id } } }));
}

export function caseTrail(id: string): Promise<AuditTrailRecord[]> {
  return call<AuditTrailRecord[]>(api.GET('/audit/petitions/{id}/trail', { params: { path: { id } } }));
}
