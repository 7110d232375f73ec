/** Every clock of the case: what it times, when it is due (24:00 of the last day), how long is left. */
import { Table, Tag } from 'antd';
import { CLOCK_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { useUnitNames } from '../common/UnitPicker';
import type { CaseWire } from './CaseHeader';

const STATUS = {
  running: ['进行中', 'processing'],
  suspended: ['中止（听证）', 'warning'],
  stopped: ['已停止', 'default'],
  lapsed: ['已届满', 'default'],
} as const;

export function ClocksTable({ clocks }: { clocks: CaseWire['clocks'] }) {
  const unitName = useUnitNames();
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={clocks}
      aria-label="期限"
      locale={{ emptyText: '暂无期限' }}
      columns={[
        { title: '期限', key: 'id', render: (_, c) => labelOf(CLOCK_LABELS, c.id) },
        { title: '责任单位', key: 'unit', render: (_, c) => unitName(c.unitId) },
        { title: '天数', key: 'length', render: (_, c) => c.lengthDays },
        { title: '到期时间', key: 'dueAt', render: (_, c) => formatInstant(c.dueAt) },
        {
          title: '最后一日',
          key: 'lastDay',
          render: (_, c) => (
            <>
              {c.lastDay ?? '—'}
              {c.provisional && c.lastDay && (
                <Tag
                  color="gold"
                  title="该年度国务院放假安排尚未发布，按《全国年节及纪念日放假办法》推算，发布后重新计算"
                >
                  暂定
                </Tag>
              )}
            </>
          ),
        },
        {
          title: '剩余',
          key: 'remaining',
          render: (_, c) => (c.status === 'running' ? <DueTag remainingDays={c.remainingDays} /> : '—'),
        },
        {
          title: '状态',
          key: 'status',
          render: (_, c) => (
            <>
              <Tag color={STATUS[c.status][1]}>{STATUS[c.status][0]}</Tag>
              {c.overdue && <Tag color="red">超期</Tag>}
            </>
          ),
        },
      ]}
    />
  );
}
