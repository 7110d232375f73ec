import { Form, Space, Switch } from 'antd';

/** The registration's three switches, the same at the desk and for an online submission. */
export function RegistrationFlags() {
  return (
    <Space size="large" wrap>
      <Form.Item label="重大紧急" name="urgent" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item label="集体访（5 人以上）" name="collective" valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item label="本单位直接办理" name="handleDirectly" valuePropName="checked">
        <Switch />
      </Form.Item>
    </Space>
  );
}
