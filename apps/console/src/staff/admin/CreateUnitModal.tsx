/** A new unit under an active parent, one level below it, with its kind and region segment. */
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import { adminWrites, useAdminChange } from './queries';
import { showRefusal } from './refusals';
import { levelBelow, type AdminUnit } from './types';

const FIELDS = ['parentId', 'level', 'kind', 'id', 'name', 'region'] as const;
interface Values {
  parentId: string;
  kind: AdminUnit['kind'];
  id: string;
  name: string;
  region: string;
}

export function CreateUnitModal({
  units,
  parent,
  onClose,
}: {
  units: AdminUnit[];
  parent?: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const parents = units.filter((u) => u.active && levelBelow(u.level) !== null);
  const parentId = Form.useWatch('parentId', form);
  const chosen = units.find((u) => u.id === parentId);
  const level = chosen ? levelBelow(chosen.level) : null;
  const create = useAdminChange((values: Values) => adminWrites.createUnit({ ...values, level: level! }), onClose);

  return (
    <Modal
      open
      title="新建单位"
      okText="创建"
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) => create.mutate(values, { onError: (error) => setRefusal(showRefusal(form, FIELDS, error)) }))
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form form={form} layout="vertical" initialValues={{ parentId: parent }} name="create-unit">
        <Form.Item name="parentId" label="上级单位" rules={[{ required: true, message: '请选择上级单位' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={parents.map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }))}
          />
        </Form.Item>
        <Form.Item label="层级（上级的下一级）">
          <Input value={level ? UNIT_LEVEL_LABELS[level] : ''} disabled aria-label="层级" />
        </Form.Item>
        <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="id"
          label="单位编号"
          rules={[{ required: true, message: '请填写单位编号' }]}
          extra="小写字母、数字和短横线，如 y-xfj"
        >
          <Input />
        </Form.Item>
        <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="region"
          label="行政区划段"
          rules={[{ required: true, message: '请填写行政区划段' }]}
          extra={`接在上级单位的区划${chosen ? `（${chosen.regionPath}）` : ''}之后；同一县的单位共用一段`}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
