/**
 * What happened in the case: its milestones (the statute's steps, with their notices) and the full
 * timeline of events (`GET /petitions/{id}/timeline`: who, in which role and unit, when, what).
 */
import { useQuery } from '@tanstack/react-query';
import { Table, Timeline } from 'antd';
import { api, call } from '../../api/client';
import {
  DECISION_LABELS,
  milestoneLabel,
  OUTCOME_LABELS,
  RATING_LABELS,
  REDIRECT_LABELS,
  ROLE_LABELS,
  labelOf,
} from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { PersonName } from '../common/PersonName';
import { useUnitNames } from '../common/UnitPicker';
import type { CaseWire } from './CaseHeader';
import { eventLabel } from '../../shared/event-labels';

/** A milestone's detail is a public reason or an outcome; an outcome (supported, upheld…) in its Chinese word. */
const OUTCOME_WORDS: Record<string, string> = {
  ...OUTCOME_LABELS,
  ...DECISION_LABELS,
  ...RATING_LABELS,
  ...REDIRECT_LABELS,
};
const detailOf = (detail: string) => OUTCOME_WORDS[detail] ?? detail;

export function Milestones({ milestones }: { milestones: CaseWire['milestones'] }) {
  return (
    <Timeline
      data-testid="case-milestones"
      items={milestones.map((m) => ({
        children: (
          <>
            <strong>{milestoneLabel(m.type, milestones)}</strong> {formatInstant(m.at)}
            {m.detail && <div>{detailOf(m.detail)}</div>}
            {m.document && <div>文号：{m.document.number}</div>}
          </>
        ),
      }))}
    />
  );
}

/** `revision`: the read model's; a newer one (the projection caught up) asks for the timeline again. */
export function EventTimeline({ petitionId, revision }: { petitionId: string; revision: number | undefined }) {
  const unitName = useUnitNames();
  const timeline = useQuery({
    queryKey: ['petition', petitionId, 'timeline', revision],
    placeholderData: (previous) => previous,
    queryFn: () => call(api.GET('/petitions/{id}/timeline', { params: { path: { id: petitionId } } })),
  });
  return (
    <>
      <ErrorAlert error={timeline.error} />
      <Table
        rowKey="seq"
        size="small"
        loading={timeline.isLoading}
        dataSource={timeline.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '时间', key: 'at', render: (_, e) => formatInstant(e.at, true) },
          { title: '事项', key: 'type', render: (_, e) => eventLabel(e.type, e.data) },
          { title: '经办人', key: 'who', render: (_, e) => <PersonName name={e.actorName} userId={e.actorUserId} /> },
          { title: '角色', key: 'role', render: (_, e) => (e.actorRole ? labelOf(ROLE_LABELS, e.actorRole) : '—') },
          {
            title: '单位',
            key: 'unit',
            render: (_, e) => (e.actorUnitId ? (e.actorUnitName ?? unitName(e.actorUnitId)) : '—'),
          },
        ]}
      />
    </>
  );
}
