import { useQuery } from '@tanstack/react-query';
import { Timeline, Typography } from 'antd';
import { api, call } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { EVENT_LABELS } from './labels';

/**
 * Who did what and when in the campaign (GET /campaigns/:id/timeline), oldest first. A case is
 * named by its number, read from the campaign's cases (removed ones included).
 */
export function CampaignTimeline({
  campaignId,
  cases,
}: {
  campaignId: string;
  cases: { petitionId: string; caseNumber: string | null }[];
}) {
  const numberOf = new Map(cases.map((c) => [c.petitionId, c.caseNumber]));
  const events = useQuery({
    queryKey: ['campaign', campaignId, 'timeline'],
    queryFn: () => call(api.GET('/campaigns/{id}/timeline', { params: { path: { id: campaignId } } })),
  });
  if (events.error) return <ErrorAlert error={events.error} />;
  return (
    <Timeline
      items={(events.data ?? []).map((event) => ({
        key: event.seq,
        children: (
          <>
            <Typography.Text strong>{EVENT_LABELS[event.type] ?? event.type}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {formatInstant(event.at)}
              {event.actorUserId ? ` · ${event.actorName ?? '（未知人员）'}` : ' · 系统'}
              {event.petitionId ? ` · 案件 ${numberOf.get(event.petitionId) ?? '（未编号）'}` : ''}
            </Typography.Text>
          </>
        ),
      }))}
    />
  );
}
