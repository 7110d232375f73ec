/**
 * Launching a campaign (POST /campaigns): its name, plan, dates, cadence and the rules that select
 * the open cases of the office's region; 预览 shows what the rules select now (POST
 * /campaigns/preview). The Idempotency-Key is made when the form opens: a retry launches nothing new.
 */
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { formFieldOf } from '../../api/errors';
import { shanghaiToday } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { RulesPreview } from './RulesPreview';

type Rules = Schemas['SelectionRulesDto'];
interface Values {
  name: string;
  planRef: string;
  startDate: Dayjs;
  targetDate: Dayjs;
  cadenceDays: 7 | 14 | 30;
  rules: Omit<Rules, 'openLongerThanDays'> & { openLongerThanDays?: number | null };
}

const SWITCHES: [keyof Omit<Rules, 'openLongerThanDays'>, string][] = [
  ['repeatPetitions', '重复信访'],
  ['reopenedAfterRelapse', '反弹后重新办理'],
  ['listedForSupervision', '挂牌督办'],
  ['importedBacklog', '导入的积案'],
];

const rulesOf = (values: Values['rules']): Rules => ({
  openLongerThanDays: values.openLongerThanDays ?? null,
  repeatPetitions: Boolean(values.repeatPetitions),
  reopenedAfterRelapse: Boolean(values.reopenedAfterRelapse),
  listedForSupervision: Boolean(values.listedForSupervision),
  importedBacklog: Boolean(values.importedBacklog),
});

export function LaunchCampaignModal({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [key] = useState(() => crypto.randomUUID());
  const [previewRules, setPreviewRules] = useState<Rules | null>(null);
  const navigate = useNavigate();
  const today = dayjs(shanghaiToday());
  const launch = useMutation({
    mutationFn: (values: Values) =>
      call(
        api.POST('/campaigns', {
          params: { header: { 'idempotency-key': key } },
          body: {
            name: values.name,
            planRef: values.planRef,
            startDate: values.startDate.format('YYYY-MM-DD'),
            targetDate: values.targetDate.format('YYYY-MM-DD'),
            cadenceDays: values.cadenceDays,
            rules: rulesOf(values.rules),
          },
        }),
      ),
    onSuccess: (campaign) => navigate(`/campaigns/${campaign.campaignId}`),
    onError: (error) => {
      const field = formFieldOf(error, '');
      if (field) form.setFields([{ name: field as never, errors: [(error as Error).message] }]);
    },
  });

  return (
    <Modal
      open
      width={760}
      title="启动专项攻坚"
      okText="启动"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={launch.isPending}
    >
      <ErrorAlert error={launch.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          startDate: today,
          targetDate: today.add(90, 'day'),
          cadenceDays: 7,
          rules: { openLongerThanDays: 180 },
        }}
        onFinish={(values) => launch.mutate(values)}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={200} placeholder="如：全县信访积案化解专项攻坚行动" />
        </Form.Item>
        <Form.Item name="planRef" label="实施方案文号" rules={[{ required: true, message: '请填写实施方案文号' }]}>
          <Input maxLength={200} placeholder="如：县信访联席办〔2026〕1号" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startDate" label="开始日期" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="targetDate" label="目标日期" rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="cadenceDays" label="调度周期">
            <Radio.Group
              optionType="button"
              options={[7, 14, 30].map((days) => ({ value: days, label: `每 ${days} 天` }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name={['rules', 'openLongerThanDays']} label="纳入超过天数仍未办结的案件（留空则不按此条）">
          <InputNumber min={1} max={3650} suffix="天" />
        </Form.Item>
        <Space wrap>
          {SWITCHES.map(([name, label]) => (
            <Form.Item key={name} name={['rules', name]} valuePropName="checked" noStyle>
              <Checkbox>{label}</Checkbox>
            </Form.Item>
          ))}
        </Space>
        <div style={{ marginTop: 16 }}>
          <Button onClick={() => setPreviewRules(rulesOf(form.getFieldValue('rules') ?? {}))}>预览选中案件</Button>
        </div>
      </Form>
      {previewRules && <RulesPreview rules={previewRules} />}
    </Modal>
  );
}
