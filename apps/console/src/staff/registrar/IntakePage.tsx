/**
 * 登记 (registration) of a petition by the registrar: `POST /petitions` with an Idempotency-Key
 * drawn when the form opens (a double click or a retry registers once). Before submitting, the
 * earlier cases it may repeat are offered (RepeatHint). On success, the petition's number and the
 * 查询码 to hand to the petitioner.
 */
import { RegistrationFlags } from './RegistrationFlags';
import { MilestoneOptIn, withoutOptInSwitch } from './MilestoneOptIn';
import { Button, Card, DatePicker, Descriptions, Form, Input, Result, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ApiError, formFieldOf } from '../../api/errors';
import { CATEGORY_LABELS, CHANNEL_LABELS } from '../../shared/labels';
import { pickedInstantToWire, shanghaiNowForPicker } from '../common/shanghai-picker';
import { ErrorAlert } from '../common/ErrorAlert';
import { UnitPicker } from '../common/UnitPicker';
import { RepeatHint } from './RepeatHint';
import { ReceiptButton } from '../cases/ReceiptButton';

type Registration = Schemas['RegisterPetitionDto'];
type Registered = Schemas['RegistrationResultDto'];
type Values = Omit<Registration, 'receivedAt'> & { receivedAt: Dayjs; notifyMilestones?: boolean };

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

function bodyOf(values: Values): Registration {
  const body: Record<string, unknown> = {
    ...withoutOptInSwitch(values),
    receivedAt: pickedInstantToWire(values.receivedAt),
  };
  for (const [key, value] of Object.entries(body))
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete body[key];
  if (body.category !== 'accusation') {
    delete body.accusedUnitId;
    delete body.accusedPerson;
  }
  return body as unknown as Registration;
}

const FIELDS = [
  'category',
  'channel',
  'receivedAt',
  'petitionerName',
  'petitionerContact',
  'summary',
  'urgent',
  'collective',
  'handleDirectly',
  'lateRegistrationReason',
  'milestoneEmail',
];
/** The fields on the form now (the accused's only for an accusation): a refusal naming one is shown on it. */
const renderedFields = (category: string | undefined) =>
  category === 'accusation' ? [...FIELDS, 'accusedUnitId', 'accusedPerson'] : FIELDS;

function Registered({ result, onNext }: { result: Registered; onNext: () => void }) {
  return (
    <Result
      status={result.outcome === 'registered' ? 'success' : 'warning'}
      title={result.outcome === 'registered' ? '登记成功' : '已登记：重复信访，复核已终结，不再受理'}
      subTitle="请打印登记回执交信访人：凭信访件编号和查询码可查询办理进展。"
      extra={
        <Space direction="vertical" align="center">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="信访件编号">
              {/* The internal id only as data, for tools: a person names the case by its number. */}
              <Typography.Text
                copyable
                strong
                style={{ fontSize: 20 }}
                data-testid="case-number"
                data-petition-id={result.petitionId}
              >
                {result.caseNumber}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="查询码">
              <Typography.Text copyable strong style={{ fontSize: 20 }} data-testid="query-code">
                {result.queryCode}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Space>
            <ReceiptButton petitionId={result.petitionId} type="primary" />
            <Link to={`/cases/${result.petitionId}`}>查看案件</Link>
            <Button onClick={onNext}>继续登记</Button>
          </Space>
        </Space>
      }
    />
  );
}

export default function IntakePage() {
  const [form] = Form.useForm<Values>();
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Registered | null>(null);
  const category = Form.useWatch('category', form);
  const petitionerName = Form.useWatch('petitionerName', form);
  const petitionerContact = Form.useWatch('petitionerContact', form);
  const summary = Form.useWatch('summary', form);

  async function submit(values: Values) {
    setPending(true);
    setError(null);
    try {
      const registered = await call(
        api.POST('/petitions', { params: { header: { 'idempotency-key': idempotencyKey } }, body: bodyOf(values) }),
      );
      setResult(registered);
    } catch (failure) {
      const field = formFieldOf(failure);
      if (field && renderedFields(category).includes(field[0]))
        form.setFields([{ name: field as never, errors: [(failure as ApiError).message] }]);
      else setError(failure);
    } finally {
      setPending(false);
    }
  }

  function next() {
    form.resetFields();
    setResult(null);
    setError(null);
    setIdempotencyKey(crypto.randomUUID());
  }

  if (result) return <Registered result={result} onNext={next} />;
  return (
    <Card title="登记信访事项" style={{ maxWidth: 880 }}>
      <ErrorAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ receivedAt: shanghaiNowForPicker(), urgent: false, collective: false, handleDirectly: false }}
        name="intake"
      >
        <Space size="large" wrap>
          <Form.Item label="信访类别" name="category" rules={[{ required: true, message: '请选择信访类别' }]}>
            <Select style={{ width: 180 }} options={options(CATEGORY_LABELS)} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="来源渠道" name="channel" rules={[{ required: true, message: '请选择来源渠道' }]}>
            <Select style={{ width: 180 }} options={options(CHANNEL_LABELS)} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="收到时间" name="receivedAt" rules={[{ required: true, message: '请填写收到时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item
            label="信访人姓名"
            name="petitionerName"
            rules={[{ required: true, whitespace: true, message: '请填写信访人姓名' }]}
          >
            <Input style={{ width: 240 }} placeholder="例：张某" />
          </Form.Item>
          <Form.Item label="联系方式" name="petitionerContact">
            <Input style={{ width: 240 }} placeholder="例：138****0000" />
          </Form.Item>
        </Space>
        <Form.Item
          label="信访事项摘要"
          name="summary"
          rules={[{ required: true, whitespace: true, message: '请填写信访事项摘要' }]}
        >
          <Input.TextArea rows={4} placeholder="例：小区物业维修基金使用不透明" />
        </Form.Item>
        <Form.Item name="repeatOf" noStyle>
          <RepeatHint petitionerName={petitionerName} petitionerContact={petitionerContact} summary={summary} />
        </Form.Item>
        {category === 'accusation' && (
          <Space size="large" wrap>
            <Form.Item
              label="被检举单位"
              name="accusedUnitId"
              extra="被检举单位不会收到、也看不到本事项"
              style={{ minWidth: 320 }}
            >
              <UnitPicker allowClear />
            </Form.Item>
            <Form.Item label="被检举人" name="accusedPerson">
              <Input style={{ width: 240 }} />
            </Form.Item>
          </Space>
        )}
        <RegistrationFlags />
        <MilestoneOptIn />
        <Form.Item label="逾期登记理由" name="lateRegistrationReason" extra="收到时间早于一年前时必填，将记入问责台账">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={pending}>
          登记
        </Button>
      </Form>
    </Card>
  );
}
