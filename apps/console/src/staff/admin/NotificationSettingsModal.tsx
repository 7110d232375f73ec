/**
 * 通知设置 of a unit: where the office is reached on each channel (its mailbox, its 企业微信 / 钉钉
 * robot, its gateway, a mobile for SMS) and its quiet hours. The API checks each address and
 * records the change; the robots' signing secrets are the deployment's, not set here.
 */
import { Alert, Form, Input, Modal, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../common/ErrorAlert';
import { adminWrites, useAdminChange } from './queries';
import type { AdminUnit } from './types';

const CHANNELS = [
  { channel: 'email', label: '电子邮件', placeholder: 'xfj@example.gov.cn' },
  {
    channel: 'wecom',
    label: '企业微信机器人地址',
    placeholder: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  },
  { channel: 'dingtalk', label: '钉钉机器人地址', placeholder: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
  { channel: 'webhook', label: '推送网关地址', placeholder: 'https://' },
  { channel: 'sms', label: '短信手机号码', placeholder: '13800138000' },
] as const;
type Channel = (typeof CHANNELS)[number]['channel'];
type Values = Record<Channel, string | undefined> & { startsAt?: string; endsAt?: string };

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

export function NotificationSettingsModal({ unit, onClose }: { unit: AdminUnit; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [refusal, setRefusal] = useState<unknown>(null);
  const settings = useQuery({
    queryKey: ['admin', 'units', unit.id, 'notifications'],
    queryFn: () => call(api.GET('/admin/units/{id}/notifications', { params: { path: { id: unit.id } } })),
  });
  const save = useAdminChange(async (values: Values) => {
    const addresses = CHANNELS.flatMap(({ channel }) => {
      const address = values[channel]?.trim();
      return address ? [{ channel, address }] : [];
    });
    await adminWrites.setNotificationAddresses(unit.id, addresses);
    const startsAt = values.startsAt?.trim() || null;
    const endsAt = values.endsAt?.trim() || null;
    await adminWrites.setQuietHours(unit.id, startsAt, endsAt);
  }, onClose);
  const initial: Values | undefined = settings.data && {
    ...(Object.fromEntries(settings.data.addresses.map((a) => [a.channel, a.address])) as Record<Channel, string>),
    startsAt: settings.data.quietHours?.startsAt,
    endsAt: settings.data.quietHours?.endsAt,
  };
  const time = (label: string) => ({
    validator: (_: unknown, value?: string) =>
      !value || TIME.test(value.trim())
        ? Promise.resolve()
        : Promise.reject(new Error(`${label}须为“时:分”，如 22:00`)),
  });
  return (
    <Modal
      open
      title={`通知设置：${unit.name}`}
      okText="保存"
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !settings.data }}
      onOk={() =>
        form
          .validateFields()
          .then((values) => save.mutate(values, { onError: (error) => setRefusal(error) }))
          .catch(() => undefined)
      }
    >
      <ErrorAlert error={refusal ?? settings.error} />
      {!initial ? (
        <Spin />
      ) : (
        <Form form={form} layout="vertical" initialValues={initial} name="notification-settings">
          {CHANNELS.map(({ channel, label, placeholder }) => (
            <Form.Item key={channel} name={channel} label={label}>
              <Input placeholder={placeholder} autoComplete="off" />
            </Form.Item>
          ))}
          <Space align="start">
            <Form.Item name="startsAt" label="免打扰开始" rules={[time('开始时间')]}>
              <Input placeholder="22:00" style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="endsAt" label="免打扰结束" rules={[time('结束时间')]}>
              <Input placeholder="07:00" style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Alert
            type="info"
            showIcon
            title="免打扰时段（北京时间）内，非紧急的邮件和机器人消息顺延至时段结束后发送；超期、督办和紧急事项即时发送。两项都留空即取消免打扰。钉钉加签密钥和推送网关签名密钥由部署环境配置，不在此填写。"
          />
        </Form>
      )}
    </Modal>
  );
}
