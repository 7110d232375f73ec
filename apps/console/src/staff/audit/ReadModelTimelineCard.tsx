/** The read model's timeline (GET /petitions/:id/timeline), lines the history disagrees with marked. */
import { useQuery } from '@tanstack/react-query';
import { Card, Spin, Timeline } from 'antd';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../common/ErrorAlert';
import { TimelineLine } from './TimelineLine';
import type { TimelineDifference } from './types';

/** The read model's timeline, one cached query: the history's card reads its names from it too. */
export function useReadModelTimeline(petitionId: string) {
  return useQuery({
    queryKey: ['audit', 'read-model-timeline', petitionId],
    queryFn: () => call(api.GET('/petitions/{id}/timeline', { params: { path: { id: petitionId } } })),
  });
}

/** The names of the users and units the read model's timeline names, by id. */
export function useTimelineNames(petitionId: string): { user: Map<string, string>; unit: Map<string, string> } {
  const { data } = useReadModelTimeline(petitionId);
  const user = new Map<string, string>();
  const unit = new Map<string, string>();
  for (const e of data ?? []) {
    if (e.actorUserId && e.actorName) user.set(e.actorUserId, e.actorName);
    if (e.actorUnitId && e.actorUnitName) unit.set(e.actorUnitId, e.actorUnitName);
  }
  return { user, unit };
}

export function ReadModelTimelineCard({
  petitionId,
  differences,
}: {
  petitionId: string;
  differences: TimelineDifference[];
}) {
  const timeline = useReadModelTimeline(petitionId);
  const differing = new Set(differences.filter((d) => d.kind !== 'missing').map((d) => d.seq));
  return (
    <section aria-label="读模型时间线">
      <Card title="读模型时间线（数据库）" size="small">
        <ErrorAlert error={timeline.error} />
        {timeline.isPending && <Spin />}
        {timeline.data && (
          <Timeline
            items={timeline.data.map((event) => ({
              key: event.seq,
              color: differing.has(event.seq) ? 'red' : 'gray',
              content: (
                <TimelineLine
                  seq={event.seq}
                  type={event.type}
                  at={event.at}
                  data={event.data}
                  userId={event.actorUserId}
                  name={event.actorName}
                  role={event.actorRole}
                  unitId={event.actorUnitId}
                  unitName={event.actorUnitName}
                  differs={differing.has(event.seq)}
                />
              ),
            }))}
          />
        )}
      </Card>
    </section>
  );
}
