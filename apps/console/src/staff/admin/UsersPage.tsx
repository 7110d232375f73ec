/** 用户管理: the accounts of the region's units; the admin's own account is not changed here. */
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS, labelOf } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { ChangesTable } from './ChangesTable';
import { adminWrites, useAdminChange, useUnits, useUsers } from './queries';
import type { AdminUser } from './types';
import { ChangeUserModal, CreateUserModal, ResetPasswordModal } from './UserModals';

type Editing = { kind: 'create' } | { kind: 'change' | 'password'; user: AdminUser } | null;

export default function UsersPage() {
  const me = useMe();
  const { message } = App.useApp();
  const users = useUsers();
  const units = useUnits();
  const [editing, setEditing] = useState<Editing>(null);
  const deactivate = useAdminChange(
    (id: string) => adminWrites.deactivateUser(id),
    () => void message.success('已停用，该用户已被登出'),
  );
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  // A region has many accounts: narrowed by id, name or unit as the admin types.
  const [query, setQuery] = useState('');
  const shown = (users.data ?? []).filter(
    (u) => !query || [u.id, u.name, unitName.get(u.unitId) ?? u.unitId].some((text) => text.includes(query.trim())),
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <section aria-label="用户列表">
        <Card
          title="用户管理"
          extra={
            <Space>
              <Input.Search
                aria-label="查找用户"
                placeholder="用户编号、姓名或单位"
                allowClear
                onChange={(event) => setQuery(event.target.value)}
                style={{ width: 240 }}
              />
              <Button type="primary" onClick={() => setEditing({ kind: 'create' })}>
                新建用户
              </Button>
            </Space>
          }
        >
          <ErrorAlert error={users.error ?? units.error ?? deactivate.error} />
          <Table<AdminUser>
            size="small"
            rowKey="id"
            loading={users.isPending}
            dataSource={shown}
            pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
            columns={[
              { title: '用户编号', dataIndex: 'id', render: (id: string) => <span data-login-id>{id}</span> },
              { title: '姓名', dataIndex: 'name' },
              { title: '角色', dataIndex: 'role', render: (role: string) => labelOf(ROLE_LABELS, role) },
              { title: '所属单位', dataIndex: 'unitId', render: (id: string) => unitName.get(id) ?? id },
              {
                title: '登录方式',
                key: 'signIn',
                render: (_, u) =>
                  [u.hasPassword && '密码', u.oidcSubject && '统一身份认证'].filter(Boolean).join('、') || '—',
              },
              {
                title: '状态',
                dataIndex: 'active',
                render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
              },
              {
                title: '操作',
                key: 'actions',
                render: (_, user) =>
                  user.active &&
                  user.id !== me.id && (
                    <Space size="small" wrap>
                      <Button size="small" type="link" onClick={() => setEditing({ kind: 'change', user })}>
                        修改
                      </Button>
                      <Button size="small" type="link" onClick={() => setEditing({ kind: 'password', user })}>
                        重置密码
                      </Button>
                      <Popconfirm
                        title={`停用 ${user.name}？`}
                        description="该用户随即被登出且不能再登录"
                        okText="停用"
                        cancelText="取消"
                        onConfirm={() => deactivate.mutateAsync(user.id).catch(() => undefined)}
                      >
                        <Button size="small" type="link" danger aria-label={`停用 ${user.id}`}>
                          停用
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
              },
            ]}
          />
        </Card>
      </section>
      <ChangesTable />
      {editing?.kind === 'create' && <CreateUserModal units={units.data ?? []} onClose={() => setEditing(null)} />}
      {editing?.kind === 'change' && (
        <ChangeUserModal user={editing.user} units={units.data ?? []} onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'password' && <ResetPasswordModal user={editing.user} onClose={() => setEditing(null)} />}
    </Space>
  );
}
