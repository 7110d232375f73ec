/** Create an account; change a user's role, unit or name; reset a password. Refusals on their field. */
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import type { StaffRole } from '../session';
import { adminWrites, useAdminChange } from './queries';
import { showRefusal } from './refusals';
import type { AdminUnit, AdminUser } from './types';

const STAFF_ROLES: StaffRole[] = ['registrar', 'handler', 'unitHead', 'caseLeader', 'supervisor', 'auditor', 'admin'];
const roleOptions = STAFF_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const unitOptions = (units: AdminUnit[]) =>
  units.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }));

interface NewUser {
  id: string;
  name: string;
  role: StaffRole;
  unitId: string;
  password?: string;
  oidcSubject?: string;
}

export function CreateUserModal({ units, onClose }: { units: AdminUnit[]; onClose: () => void }) {
  const [form] = Form.useForm<NewUser>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const create = useAdminChange(
    (values: NewUser) =>
      adminWrites.createUser({
        ...values,
        password: values.password || undefined,
        oidcSubject: values.oidcSubject || undefined,
      }),
    onClose,
  );
  return (
    <Modal
      open
      title="新建用户"
      okText="创建"
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            create.mutate(values, {
              onError: (error) =>
                setRefusal(showRefusal(form, ['id', 'name', 'role', 'unitId', 'password', 'oidcSubject'], error)),
            }),
          )
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form form={form} layout="vertical" name="create-user">
        <Form.Item
          name="id"
          label="用户编号"
          rules={[{ required: true, message: '请填写用户编号' }]}
          extra="小写字母、数字和短横线，用于登录"
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={roleOptions} />
        </Form.Item>
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions(units)} />
        </Form.Item>
        <Form.Item name="password" label="初始密码" extra="至少 12 个字符；仅通过统一身份认证登录的用户可不填">
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="oidcSubject" label="统一身份认证标识（OIDC）">
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Change = Pick<AdminUser, 'role' | 'unitId' | 'name'>;

export function ChangeUserModal({
  user,
  units,
  onClose,
}: {
  user: AdminUser;
  units: AdminUnit[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<Change>();
  const [refusal, setRefusal] = useState<unknown>(null);
  // Only what changed is sent: a new role or unit signs the user out, a new name does not.
  const change = useAdminChange(
    (values: Change) =>
      adminWrites.changeUser(user.id, {
        ...(values.role !== user.role ? { role: values.role } : {}),
        ...(values.unitId !== user.unitId ? { unitId: values.unitId } : {}),
        ...(values.name !== user.name ? { name: values.name } : {}),
      }),
    onClose,
  );
  return (
    <Modal
      open
      title={
        <>
          修改用户：{user.name}
          <span data-login-id>（{user.id}）</span>
        </>
      }
      okText="保存"
      onCancel={onClose}
      confirmLoading={change.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            change.mutate(values, {
              onError: (error) => setRefusal(showRefusal(form, ['role', 'unitId', 'name'], error)),
            }),
          )
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: user.role, unitId: user.unitId, name: user.name }}
        name="change-user"
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label="角色" extra="改变角色或单位后该用户须重新登录">
          <Select showSearch={{ optionFilterProp: 'label' }} options={roleOptions} />
        </Form.Item>
        <Form.Item name="unitId" label="所属单位">
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions(units)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const reset = useAdminChange(
    ({ password }: { password: string }) => adminWrites.resetPassword(user.id, password),
    onClose,
  );
  return (
    <Modal
      open
      title={
        <>
          重置密码：{user.name}
          <span data-login-id>（{user.id}）</span>
        </>
      }
      okText="重置"
      onCancel={onClose}
      confirmLoading={reset.isPending}
      onOk={() =>
        form
          .validateFields()
          .then((values) =>
            reset.mutate(values, { onError: (error) => setRefusal(showRefusal(form, ['password'], error)) }),
          )
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal} />
      <Form form={form} layout="vertical" name="reset-password">
        <Form.Item
          name="password"
          label="新密码"
          rules={[{ required: true, message: '请填写新密码' }]}
          extra="至少 12 个字符；该用户的所有登录会话随即结束"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
