/** The case's records in the audit trail, in chain order: actions, refusals, reads. */
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag, Typography } from 'antd';
import { ROLE_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { PersonName } from '../common/PersonName';
import { useUnitNames } from '../common/UnitPicker';
import { TRAIL_KIND_LABELS, TRAIL_OUTCOME_LABELS, trailActionLabel } from './eventLabels';
import { caseTrail } from './queries';
import type { AuditTrailRecord } from './types';

const OUTCOME_COLORS: Record<string, string> = {
  accepted: 'green',
  succeeded: 'green',
  refused: 'red',
  failed: 'red',
  read: 'default',
};

export function CaseTrailTable({ petitionId }: { petitionId: string }) {
  const unitName = useUnitNames();
  const trail = useQuery({ queryKey: ['audit', 'case-trail', petitionId], queryFn: () => caseTrail(petitionId) });
  return (
    <Card title="本案审计记录" size="small">
      <ErrorAlert error={trail.error} />
      <Table<AuditTrailRecord>
        size="small"
        rowKey="seq"
        loading={trail.isPending}
        dataSource={trail.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'recordedAt', render: (at: string) => formatInstant(at, true) },
          { title: '类别', dataIndex: 'kind', render: (kind: string) => TRAIL_KIND_LABELS[kind] ?? kind },
          { title: '操作', dataIndex: 'action', render: trailActionLabel },
          {
            title: '结果',
            dataIndex: 'outcome',
            render: (o: string) => <Tag color={OUTCOME_COLORS[o]}>{TRAIL_OUTCOME_LABELS[o] ?? o}</Tag>,
          },
          {
            title: '人员',
            key: 'actor',
            render: (_, r) =>
              r.actorUserId ? (
                <>
                  <PersonName name={r.actorName} userId={r.actorUserId} showLoginId />
                  {`（${labelOf(ROLE_LABELS, r.actorRole)}，${r.actorUnitName ?? unitName(r.actorUnitId)}）`}
                </>
              ) : (
                '—'
              ),
          },
          {
            title: '哈希',
            dataIndex: 'hash',
            render: (hash: string) => (
              <Typography.Text code copyable={{ text: hash }}>
                {hash.slice(0, 12)}
              </Typography.Text>
            ),
          },
        ]}
        expandable={{
          // The record as the hash chain holds it (internal ids, the developer's English): evidence
          // an auditor opens on purpose, not text the table shows.
          expandedRowRender: (r) => (
            <details>
              <summary>原始记录（含内部编号与开发人员信息）</summary>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.detail, null, 2)}</pre>
            </details>
          ),
        }}
      />
    </Card>
  );
}
