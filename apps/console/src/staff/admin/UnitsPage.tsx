/**
 * 单位管理: the unit tree at and below the admin's region; create, rename, move, deactivate. Only what
 * the API allows is offered: no deactivation of the admin's own unit or of a unit with active units below.
 */
import { App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS, labelOf } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { ChangesTable } from './ChangesTable';
import { CreateUnitModal } from './CreateUnitModal';
import { adminWrites, useAdminChange, useUnits } from './queries';
import { levelBelow, type AdminUnit } from './types';
import { NotificationSettingsModal } from './NotificationSettingsModal';
import { MoveUnitModal, RenameUnitModal } from './UnitEditModals';

type TreeRow = AdminUnit & { children?: TreeRow[] };
type Editing =
  { kind: 'create'; parentId?: string } | { kind: 'rename' | 'move' | 'notifications'; unit: AdminUnit } | null;

/** Units as a tree by parent; a unit whose parent is outside the region is a root. */
function treeOf(units: AdminUnit[]): TreeRow[] {
  const rows = new Map<string, TreeRow>(units.map((u) => [u.id, { ...u }]));
  const roots: TreeRow[] = [];
  for (const row of rows.values()) {
    const parent = row.parentId ? rows.get(row.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

export default function UnitsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const units = useUnits();
  const [editing, setEditing] = useState<Editing>(null);
  const deactivate = useAdminChange(
    (id: string) => adminWrites.deactivateUnit(id),
    () => void message.success('已停用'),
  );
  const tree = useMemo(() => treeOf(units.data ?? []), [units.data]);
  const all = units.data ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <section aria-label="单位树">
        <Card
          title="单位管理"
          extra={
            <Button type="primary" onClick={() => setEditing({ kind: 'create' })}>
              新建单位
            </Button>
          }
        >
          <ErrorAlert error={units.error ?? deactivate.error} />
          {units.data && (
            <Table<TreeRow>
              size="small"
              rowKey="id"
              dataSource={tree}
              pagination={false}
              expandable={{ defaultExpandAllRows: true }}
              columns={[
                { title: '单位名称', dataIndex: 'name' },
                { title: '编号', dataIndex: 'id', render: (id: string) => <span data-login-id>{id}</span> },
                { title: '类别', dataIndex: 'kind', render: (kind: string) => labelOf(UNIT_KIND_LABELS, kind) },
                { title: '层级', dataIndex: 'level', render: (level: string) => labelOf(UNIT_LEVEL_LABELS, level) },
                { title: '行政区划', dataIndex: 'regionPath' },
                {
                  title: '状态',
                  dataIndex: 'active',
                  render: (active: boolean) => (active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
                },
                {
                  title: '操作',
                  key: 'actions',
                  render: (_, unit) =>
                    unit.active && (
                      <Space size="small" wrap>
                        {levelBelow(unit.level) && (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => setEditing({ kind: 'create', parentId: unit.id })}
                          >
                            新建下级
                          </Button>
                        )}
                        <Button size="small" type="link" onClick={() => setEditing({ kind: 'rename', unit })}>
                          重命名
                        </Button>
                        <Button size="small" type="link" onClick={() => setEditing({ kind: 'notifications', unit })}>
                          通知设置
                        </Button>
                        {unit.parentId && (
                          <Button size="small" type="link" onClick={() => setEditing({ kind: 'move', unit })}>
                            移动
                          </Button>
                        )}
                        {unit.id !== me.unitId && !all.some((u) => u.parentId === unit.id && u.active) && (
                          <Popconfirm
                            title={`停用 ${unit.name}？`}
                            description="其用户将被登出且不能再登录"
                            okText="停用"
                            cancelText="取消"
                            onConfirm={() => deactivate.mutateAsync(unit.id).catch(() => undefined)}
                          >
                            <Button size="small" type="link" danger>
                              停用
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                },
              ]}
            />
          )}
        </Card>
      </section>
      <ChangesTable />
      {editing?.kind === 'create' && (
        <CreateUnitModal units={all} parent={editing.parentId} onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'rename' && <RenameUnitModal unit={editing.unit} onClose={() => setEditing(null)} />}
      {editing?.kind === 'notifications' && (
        <NotificationSettingsModal unit={editing.unit} onClose={() => setEditing(null)} />
      )}
      {editing?.kind === 'move' && <MoveUnitModal unit={editing.unit} units={all} onClose={() => setEditing(null)} />}
    </Space>
  );
}
