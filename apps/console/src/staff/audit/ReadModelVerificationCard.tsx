/** The read model the history implies, compared with PostgreSQL row by row and field by field. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Spin, Table, Tag } from 'antd';
import { ErrorAlert } from '../common/ErrorAlert';
import { readModelVerification } from './queries';
import type { ReadModelVerificationView } from './types';

type Divergence = ReadModelVerificationView['divergences'][number];
const KIND_LABELS: Record<Divergence['kind'], string> = { missing: '缺少', extra: '多出', changed: '不同' };
const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

export function ReadModelVerificationCard({ petitionId }: { petitionId: string }) {
  const verification = useQuery({ queryKey: ['audit', 'read-model-verification', petitionId], queryFn: () => readModelVerification(petitionId) });
  const result = verification.data;
  return (
    <section aria-label="读模型核验">
      <Card title="读模型核验（依据历史重算，与数据库逐字段比对）" size="small">
        <ErrorAlert error={verification.error} />
        {verification.isPending && <Spin />}
        {result?.ok && <Alert type="success" showIcon title={`一致：已比对 ${result.rowsCompared} 行`} />}
        {result && !result.ok && (
          <>
            <Alert type="error" showIcon role="alert" title={`不一致：${result.divergences.length} 处（已比对 ${result.rowsCompared} 行）`} style={{ marginBottom: 12 }} />
            <Table<Divergence>
              size="small"
              rowKey={(d) => `${d.table}/${d.key}/${d.field ?? ''}/${d.kind}`}
              pagination={false}
              dataSource={result.divergences}
              columns={[
                { title: '表', dataIndex: 'table' },
                { title: '行', dataIndex: 'key' },
                { title: '差异', dataIndex: 'kind', render: (kind: Divergence['kind']) => <Tag color="red">{KIND_LABELS[kind]}</Tag> },
                { title: '字段', dataIndex: 'field', render: (f?: string) => f ?? '—' },
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
