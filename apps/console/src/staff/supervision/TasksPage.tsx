/**
 * 督办任务: the 督办 / 挂牌督办 / 提级办理 tasks of the petition offices at and below the user's
 * (GET /supervision/tasks), newest first. A supervisor opens an open task's row to act on its case.
 * A case's own tasks are found by its number (`?petitionId=` in the address, so a link can name it).
 */
import { useQuery } from '@tanstack/react-query';
import { Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { CaseLink } from './CaseLink';
import { openedBy, TASK_KIND_LABELS, TASK_STATUS_LABELS } from './labels';
import { TaskActions } from './TaskActions';
import { LabelFilter } from './LabelFilter';
import { TaskDue } from './TaskDue';
import { useUnitNames } from '../common/UnitPicker';

type Task = Schemas['SupervisionTaskView'];
const STATUS_COLOURS: Record<Task['status'], string> = { open: 'red', answered: 'blue', closed: 'default' };

export default function TasksPage() {
  const me = useMe();
  const unitName = useUnitNames();
  const [status, setStatus] = useState<Task['status'] | undefined>('open');
  const [kind, setKind] = useState<Task['kind']>();
  const [params, setParams] = useSearchParams();
  const petitionId = params.get('petitionId') ?? undefined;
  const tasks = useQuery({
    queryKey: ['supervision', 'tasks', status, kind, petitionId],
    queryFn: () => call(api.GET('/supervision/tasks', { params: { query: { status, kind, petitionId, limit: 200 } } })),
  });
  const canAct = me.role === 'supervisor';

  return (
    <>
      <Typography.Title level={3}>督办任务</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <LabelFilter label="状态" labels={TASK_STATUS_LABELS} value={status} onChange={setStatus} />
        <LabelFilter label="类型" labels={TASK_KIND_LABELS} value={kind} onChange={setKind} />
        <Input.Search
          aria-label="案件编号"
          placeholder="案件编号"
          allowClear
          style={{ width: 340 }}
          defaultValue={petitionId}
          onSearch={(value) => setParams(value.trim() ? { petitionId: value.trim() } : {})}
        />
      </Space>
      <ErrorAlert error={tasks.error} />
      <Table<Task>
        rowKey="taskKey"
        loading={tasks.isLoading}
        dataSource={tasks.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        expandable={
          canAct
            ? {
                rowExpandable: (task) => task.status === 'open',
                expandedRowRender: (task) => <TaskActions petitionId={task.petitionId} />,
                columnTitle: '办理',
              }
            : undefined
        }
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          { title: '类型', dataIndex: 'kind', render: (value: Task['kind']) => TASK_KIND_LABELS[value] },
          { title: '发起', key: 'openedBy', render: (_, task) => openedBy(task) },
          { title: '督办单位', dataIndex: 'supervisingUnitId', render: (id: string) => unitName(id) },
          { title: '被督办单位', dataIndex: 'supervisedUnitId', render: (id: string) => unitName(id) },
          { title: '发起时间', dataIndex: 'openedAt', render: (at: string) => formatInstant(at) },
          { title: '期限', key: 'due', render: (_, task) => <TaskDue task={task} /> },
          {
            title: '状态',
            dataIndex: 'status',
            render: (value: Task['status']) => <Tag color={STATUS_COLOURS[value]}>{TASK_STATUS_LABELS[value]}</Tag>,
          },
        ]}
      />
    </>
  );
}
