/** Rename a unit; move a unit (with everything below it) under another parent of the level above. */
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ErrorAlert } from '../common/ErrorAlert';
import { adminWrites, useAdminChange } from './queries';
import { showRefusal } from './refusals';
import { levelBelow, type AdminUnit } from './types';

export function RenameUnitModal({ unit, onClose }: { unit: AdminUnit; onClose: () => void }) {
  const [form] = Form.useForm<{ name: string }>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const rename = useAdminChange(({ name }: { name: string }) => adminWrites.renameUnit(unit.id, name), onClose);
  return (
    <Modal
      open
      title={`重命名：${unit.name}`}
      okText="保存"
      onCancel={onClose}
      confirmLoading={rename.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            rename.mutate(values, { onError: (error) => setRefusal(showRefusal(form, ['name'], error)) }),
          )
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ name: unit.name }} name="rename-unit">
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The units below `id` (its subtree), which it cannot move under. */
function subtreeOf(units: AdminUnit[], id: string): Set<string> {
  const below = new Set([id]);
  for (let grown = true; grown;) {
    grown = false;
    for (const u of units) {
      if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
        below.add(u.id);
        grown = true;
      }
    }
  }
  return below;
}

export function MoveUnitModal({ unit, units, onClose }: { unit: AdminUnit; units: AdminUnit[]; onClose: () => void }) {
  const [form] = Form.useForm<{ parentId: string }>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const move = useAdminChange(({ parentId }: { parentId: string }) => adminWrites.moveUnit(unit.id, parentId), onClose);
  const subtree = subtreeOf(units, unit.id);
  const parents = units.filter(
    (u) => u.active && levelBelow(u.level) === unit.level && !subtree.has(u.id) && u.id !== unit.parentId,
  );
  return (
    <Modal
      open
      title={`移动：${unit.name}`}
      okText="移动"
      onCancel={onClose}
      confirmLoading={move.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            move.mutate(values, { onError: (error) => setRefusal(showRefusal(form, ['parentId'], error)) }),
          )
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form form={form} layout="vertical" name="move-unit">
        <Form.Item
          name="parentId"
          label="新的上级单位"
          rules={[{ required: true, message: '请选择新的上级单位' }]}
          extra="下属单位随之移动"
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={parents.map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
