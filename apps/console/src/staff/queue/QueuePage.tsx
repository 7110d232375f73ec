/**
 * 我的待办: the signed-in user's queue as the API keeps it for the role: handlers and unit heads
 * each case of the unit once, by the soonest clock the unit owes on it (statutory, 交办 report-back,
 * 督办 feedback, 包案 resolution, 回头看), named and coloured by it; unit heads also see whether the
 * one extension is still available; case leaders their cases, supervisors their open 督办 tasks.
 */
import { Card, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatInstant } from '../../shared/time';
import { useMe } from '../session';
import { useUnitNames } from '../common/UnitPicker';
import { QueueTable, type QueueItem } from './QueueTable';

const TASK_LABELS = { supervision: '督办', listed: '挂牌督办', takeoverAvailable: '可提级办理' } as const;
const SOURCE_LABELS = { automatic: '超期自动', manual: '人工' } as const;

function useRoleColumns(): ColumnsType<QueueItem> {
  const me = useMe();
  const unitName = useUnitNames();
  if (me.role === 'unitHead')
    return [
      {
        title: '延期',
        key: 'extension',
        render: (_, item) =>
          item.extensionAvailable == null ? (
            '—'
          ) : item.extensionAvailable ? (
            <Tag color="blue">可延期一次</Tag>
          ) : (
            <Tag>已延期</Tag>
          ),
      },
    ];
  if (me.role === 'supervisor')
    return [
      {
        title: '任务',
        key: 'task',
        render: (_, item) => (item.task ? `${TASK_LABELS[item.task.kind]}（${SOURCE_LABELS[item.task.source]}）` : '—'),
      },
      { title: '被督办单位', key: 'unit', render: (_, item) => unitName(item.task?.supervisedUnitId) },
      { title: '开始时间', key: 'openedAt', render: (_, item) => formatInstant(item.task?.openedAt) },
    ];
  return [];
}

export default function QueuePage() {
  const columns = useRoleColumns();
  return (
    <Card title="我的待办">
      <QueueTable columns={columns} />
    </Card>
  );
}
