/** One ledger record opened: what is suggested, the trigger's particulars, and the decisions taken on it. */
import { Descriptions, Table, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { CLOCK_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { PersonName } from '../common/PersonName';
import { DISPOSITION_LABELS, SUGGESTED_ACTION_LABELS } from './labels';

type LedgerRecord = Schemas['AccountabilityRecordView'];

/** The particulars' usual keys in Chinese; any other key is shown as it is. */
const DETAIL_LABELS: Record<string, string> = {
  clockId: '期限',
  dueAt: '到期时间',
  receivedAt: '收到时间',
  registeredAt: '登记时间',
  allowedDays: '允许天数',
  action: '操作',
  level: '层级',
  decision: '复查（复核）意见',
  field: '更正项目',
  from: '原值',
  to: '新值',
  campaignId: '专项攻坚',
  suggests: '建议',
  followUpKey: '回头看',
  objections: '异议次数',
  basis: '记录依据',
  reasons: '理由',
  reroutings: '重新转送次数',
  threshold: '次数上限',
  refersTo: '所指时间',
  attempt: '行为',
  userId: '用户',
};

/** The particulars' usual values in Chinese (the rest are numbers, names and ids). */
const DETAIL_VALUES: Record<string, Record<string, string>> = {
  attempt: { read: '查看', act: '操作' },
  basis: { objectionRefused: '异议经核实不予同意', reroutingThreshold: '多次核实同意后重新转送' },
};

/** A particular as text: instants in Beijing time, lists and objects as JSON. */
function particular(key: string, value: unknown): string {
  if (key === 'clockId' && typeof value === 'string') return labelOf(CLOCK_LABELS, value);
  if (typeof value === 'string' && DETAIL_VALUES[key]?.[value]) return DETAIL_VALUES[key][value];
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatInstant(value);
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function LedgerRecordDetail({ record }: { record: LedgerRecord }) {
  const suggested =
    (SUGGESTED_ACTION_LABELS as Record<string, string>)[record.suggestedAction] ?? record.suggestedAction;
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'suggested', label: '建议处理', children: suggested },
          { key: 'recorded', label: '记录时间', children: formatInstant(record.recordedAt) },
          ...Object.entries(record.detail).map(([key, value]) => ({
            key: `detail.${key}`,
            label: DETAIL_LABELS[key] ?? key,
            children: particular(key, value),
          })),
        ]}
      />
      <Typography.Title level={5}>处置记录</Typography.Title>
      <Table
        aria-label="处置记录"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={record.dispositions}
        locale={{ emptyText: '尚无处置' }}
        columns={[
          {
            title: '处置结果',
            dataIndex: 'disposition',
            render: (d: keyof typeof DISPOSITION_LABELS) => DISPOSITION_LABELS[d],
          },
          { title: '说明', dataIndex: 'note' },
          {
            title: '记录人',
            key: 'recordedBy',
            render: (_, d) => <PersonName name={d.recordedByName} userId={d.recordedBy} />,
          },
          { title: '记录时间', dataIndex: 'recordedAt', render: (at: string) => formatInstant(at) },
        ]}
      />
    </>
  );
}
