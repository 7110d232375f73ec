/** 变更记录: who changed which unit or user, when, from what to what (newest first). */
import { Card, Table, Tag } from 'antd';
import { ADMIN_CHANGE_LABELS, adminChangeSentence } from '@/libs/process/messages/zh-CN';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { PersonName } from '../common/PersonName';
import { useChanges } from './queries';
import type { AdminChange } from './types';

const show = (value: unknown) =>
  value == null ? '—' : <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value)}</code>;

export function ChangesTable() {
  const changes = useChanges();
  return (
    <section aria-label="变更记录">
      <Card title="变更记录" size="small">
        <ErrorAlert error={changes.error} />
        <Table<AdminChange>
          size="small"
          rowKey="id"
          loading={changes.isPending}
          dataSource={changes.data}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => formatInstant(at, true) },
            {
              title: '操作人',
              key: 'actor',
              width: 120,
              // User management names accounts by login id too: the admin types it to sign people in.
              render: (_, c) => <PersonName name={c.actorName} userId={c.actorUserId} showLoginId />,
            },
            {
              title: '操作',
              dataIndex: 'action',
              width: 140,
              render: (action: string) => ADMIN_CHANGE_LABELS[action] ?? action,
            },
            {
              title: '对象',
              key: 'target',
              width: 180,
              render: (_, c) => (
                <>
                  <Tag>{c.targetKind === 'unit' ? '单位' : '用户'}</Tag>
                  {c.targetName ?? ''}
                  <span data-login-id>{c.targetName ? `（${c.targetId}）` : c.targetId}</span>
                </>
              ),
            },
            { title: '变更内容', key: 'sentence', render: (_, c) => adminChangeSentence(c) },
          ]}
          expandable={{
            // The record as stored, for the admin who needs every field (the sentence leaves out ids and versions).
            expandedRowRender: (c) => (
              <div>
                <div>变更前：{show(c.before)}</div>
                <div>变更后：{show(c.after)}</div>
              </div>
            ),
          }}
        />
      </Card>
    </section>
  );
}
