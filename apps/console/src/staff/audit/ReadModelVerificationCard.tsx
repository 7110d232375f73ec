/** The read model the history implies, compared with PostgreSQL row by row and field by field. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Table, Tag } from 'antd';
import { ErrorAlert } from '../common/ErrorAlert';
import { readModelVerification } from './queries';
import type { ReadModelVerificationView } from './types';

type Divergence = ReadModelVerificationView['divergences'][number];
type QuarantinedBatch = ReadModelVerificationView['quarantine'][number];
const KIND_LABELS: Record<Divergence['kind'], string> = {
  missing: '缺少',
  extra: '多出',
  changed: '不同',
  quarantined: '隔离中',
};
const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/**
 * Batches the database refused for their content: kept whole in the quarantine until an operator
 * re-projects them (npm run audit -- resolve-quarantine); the auditor sees each, resolved or not.
 */
function Quarantine({
  batches,
  repaired,
}: {
  batches: QuarantinedBatch[];
  repaired: ReadModelVerificationView['repaired'];
}) {
  if (batches.length === 0) return null;
  const waiting = batches.filter((b) => b.resolvedAt === null).length;
  return (
    <section aria-label="投影隔离区">
      <Alert
        type={waiting > 0 ? 'error' : 'warning'}
        showIcon
        role={waiting > 0 ? 'alert' : undefined}
        title={
          waiting > 0
            ? `${waiting} 批投影被数据库拒收，隔离待处理：其中的事件尚未进入读模型`
            : `${batches.length} 批投影曾被数据库拒收，已由运维处理`
        }
        style={{ margin: '12px 0' }}
      />
      <Table<QuarantinedBatch>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={batches}
        columns={[
          { title: '隔离号', dataIndex: 'id' },
          { title: '修订号', dataIndex: 'revision' },
          { title: '事件序号', dataIndex: 'eventSeqs', render: (seqs: number[]) => seqs.join('、') || '—' },
          { title: 'SQLSTATE', dataIndex: 'sqlstate' },
          { title: '原因', dataIndex: 'reason' },
          { title: '隔离于', dataIndex: 'quarantinedAt' },
          {
            title: '处理',
            key: 'resolved',
            render: (_: unknown, b: QuarantinedBatch) =>
              b.resolvedAt === null ? (
                <Tag color="red">待处理</Tag>
              ) : (
                <Tag color="orange">{`${b.resolvedAt} 由 ${b.resolvedBy ?? '—'} 重新投影${b.repairs && b.repairs.length > 0 ? `（修复：${b.repairs.join('，')}）` : ''}`}</Tag>
              ),
          },
        ]}
      />
      {repaired.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`读模型中以 U+FFFD 修复保存的事件：${repaired.map((r) => `#${r.seq}（${r.fields.join('，')}）`).join('；')}`}
          style={{ marginTop: 12 }}
        />
      )}
    </section>
  );
}

export function ReadModelVerificationCard({ petitionId }: { petitionId: string }) {
  const verification = useQuery({
    queryKey: ['audit', 'read-model-verification', petitionId],
    queryFn: () => readModelVerification(petitionId),
  });
  const result = verification.data;
  return (
    <section aria-label="读模型核验">
      <Card title="读模型核验（依据历史重算，与数据库逐字段比对）" size="small">
        <ErrorAlert error={verification.error} />
        {verification.isPending && <Spin />}
        {result?.ok && <Alert type="success" showIcon title={`一致：已比对 ${result.rowsCompared} 行`} />}
        {result && <Quarantine batches={result.quarantine} repaired={result.repaired} />}
        {result && !result.ok && (
          <>
            <Alert
              type="error"
              showIcon
              role="alert"
              title={`不一致：${result.divergences.length} 处（已比对 ${result.rowsCompared} 行）`}
              style={{ marginBottom: 12 }}
            />
            <Table<Divergence>
              size="small"
              rowKey={(d) => `${d.table}/${d.key}/${d.field ?? ''}/${d.kind}`}
              pagination={false}
              dataSource={result.divergences}
              columns={[
                { title: '表', dataIndex: 'table' },
                { title: '行', dataIndex: 'key' },
                {
                  title: '差异',
                  dataIndex: 'kind',
                  render: (kind: Divergence['kind']) => <Tag color="red">{KIND_LABELS[kind]}</Tag>,
                },
                { title: '字段', dataIndex: 'field', render: (f?: string) => f ?? '—' },
                { title: '说明', dataIndex: 'detail', render: (d?: string) => d ?? '—' },
                { title: '依据历史应为', dataIndex: 'expected', render: show },
                { title: '数据库实为', dataIndex: 'actual', render: show },
              ]}
            />
          </>
        )}
      </Card>
    </section>
  );
}
