/**
 * A work queue as a table, soonest due first (the API's order): each row's clock as due date and
 * remaining days in colour, a link to the case, and whatever the screen adds in `extra`.
 */
import { caseTitle } from '../../shared/case-title';
import { Button, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { CATEGORY_LABELS, CLOCK_LABELS, STEP_LABELS, labelOf } from '../../shared/labels';
import { dueState, formatInstant } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { ErrorAlert } from '../common/ErrorAlert';
import { useQueue } from './useQueue';

export type QueueItem = Schemas['QueueItem'];

interface Props {
  columns?: ColumnsType<QueueItem>;
  extra?: (item: QueueItem) => ReactNode;
}

/** Rows coloured by how near their clock is (the DueTag's colours, lighter). */
const ROW_CLASS = { overdue: 'due-overdue', nearDue: 'due-near', onTime: '', none: '' } as const;
const ROW_STYLE =
  '.due-overdue > td { background: #fff1f0 !important; } .due-near > td { background: #fff7e6 !important; }';

const BASE: ColumnsType<QueueItem> = [
  {
    title: '信访事项',
    key: 'summary',
    render: (_, item) => (
      <Space direction="vertical" size={0}>
        <Link to={`/cases/${item.petitionId}`}>{caseTitle(item)}</Link>
        {item.caseNumber && <span>{item.caseNumber}</span>}
        <Space size={4}>
          <Tag>{labelOf(CATEGORY_LABELS, item.category)}</Tag>
          {item.urgent && <Tag color="red">重大紧急</Tag>}
          {item.collective && <Tag color="purple">集体访</Tag>}
        </Space>
      </Space>
    ),
  },
  { title: '环节', key: 'step', render: (_, item) => labelOf(STEP_LABELS, item.step) },
  {
    // The soonest of the case's running clocks, named: 督办反馈期限 … 剩余 1 天.
    title: '最近期限',
    key: 'clock',
    render: (_, item) =>
      item.clock ? (
        <Space direction="vertical" size={0} data-clock-id={item.clock.clockId}>
          <Typography.Text strong>{labelOf(CLOCK_LABELS, item.clock.clockId)}</Typography.Text>
          <DueTag deadline={item.clock} />
        </Space>
      ) : (
        '—'
      ),
  },
];

export function QueueTable({ columns = [], extra }: Props) {
  const queue = useQueue();
  const all = [
    ...BASE,
    ...columns,
    ...(extra ? [{ title: '操作', key: 'extra', render: (_: unknown, item: QueueItem) => extra(item) }] : []),
  ];
  return (
    <>
      <style>{ROW_STYLE}</style>
      <ErrorAlert error={queue.error} />
      {queue.first && (
        <Typography.Paragraph type="secondary">
          共 {queue.first.total} 件 · 截至 {formatInstant(queue.first.asOf)}
        </Typography.Paragraph>
      )}
      <Table<QueueItem>
        rowKey={(item) => `${item.petitionId}-${item.task?.taskKey ?? item.clock?.clockKey ?? ''}`}
        columns={all}
        dataSource={queue.items}
        loading={queue.isLoading}
        pagination={false}
        onRow={(item) =>
          ({ 'data-due-state': dueState(item.clock?.remainingDays), 'data-petition-id': item.petitionId }) as never
        }
        rowClassName={(item) => ROW_CLASS[dueState(item.clock?.remainingDays)]}
        locale={{ emptyText: '暂无待办' }}
      />
      {queue.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
          加载更多
        </Button>
      )}
    </>
  );
}
