/**
 * One 网上信访 submission, whole: who, what, the files; then 登记为信访事项 (prefilled from the
 * submission; channel online and receivedAt the submission instant are fixed by the API) or
 * 不予登记 with the reason the submitter will read with the 查询码.
 */
import { RegistrationFlags } from './RegistrationFlags';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Divider, Form, Input, Result, Select, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { api, call, openPdf, type Schemas } from '../../api/client';
import { CATEGORY_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';

type Detail = Schemas['OnlineIntakeDetailView'];
type Registration = Schemas['RegisterOnlineDto'];

const options = Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }));

function prefill(d: Detail): Registration {
  return {
    category: d.category,
    petitionerName: d.petitionerName,
    petitionerContact: d.phone ?? undefined,
    summary: `${d.request}\n${d.facts}`.slice(0, 5000),
    urgent: false,
    collective: false,
    handleDirectly: false,
  };
}

function clean(values: Registration): Registration {
  const body: Record<string, unknown> = { ...values };
  for (const [key, value] of Object.entries(body)) if (value === undefined || value === '') delete body[key];
  return body as unknown as Registration;
}

export function OnlineSubmissionPanel({ id, onDecided }: { id: string; onDecided(): void }) {
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['online-intake', id],
    queryFn: () => call(api.GET('/online-intake/{id}', { params: { path: { id } } })),
  });
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: ['online-intake'] });
    onDecided();
  };
  const register = useMutation({
    mutationFn: (body: Registration) =>
      call(api.POST('/online-intake/{id}/register', { params: { path: { id } }, body: clean(body) })),
    onSuccess: done,
  });
  const refuse = useMutation({
    mutationFn: (reason: string) =>
      call(api.POST('/online-intake/{id}/not-registered', { params: { path: { id } }, body: { reason } })),
    onSuccess: done,
  });

  const d = detail.data;
  if (!d) return <ErrorAlert error={detail.error} />;
  if (register.data)
    return (
      <Result
        status="success"
        title="已登记为信访事项"
        subTitle={`收到时间 ${formatInstant(register.data.receivedAt)}（网上提交时间）；信访人凭提交编号或信访件编号与原查询码查询。`}
        extra={
          <Space direction="vertical" align="center">
            <Typography.Text strong style={{ fontSize: 20 }} data-testid="online-case-number">
              {register.data.caseNumber}
            </Typography.Text>
            <Link to={`/cases/${register.data.petitionId}`}>查看案件</Link>
          </Space>
        }
      />
    );
  return (
    <>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="提交编号">{d.submissionNumber}</Descriptions.Item>
        <Descriptions.Item label="提交时间">{formatInstant(d.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label="类别">{labelOf(CATEGORY_LABELS, d.category)}</Descriptions.Item>
        <Descriptions.Item label="姓名">{d.petitionerName}</Descriptions.Item>
        <Descriptions.Item label="身份证号码">{d.idNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="联系电话">{d.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="住址">{d.address}</Descriptions.Item>
        <Descriptions.Item label="进展通知">
          {d.milestoneEmail || d.milestonePhone
            ? [d.milestoneEmail, d.milestonePhone].filter(Boolean).join('；')
            : '未申请'}
        </Descriptions.Item>
        <Descriptions.Item label="信访请求">{d.request}</Descriptions.Item>
        <Descriptions.Item label="事实和理由">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.facts}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="材料">
          {d.files.length === 0
            ? '无'
            : d.files.map((f) => (
                <div key={f.seq}>
                  <Button type="link" onClick={() => void openPdf(`/online-intake/${id}/files/${f.seq}`)}>
                    {f.fileName}
                  </Button>
                  <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label="同意个人信息告知">{formatInstant(d.consentedAt)}</Descriptions.Item>
      </Descriptions>
      {d.status === 'notRegistered' ? (
        <Result status="info" title="已告知不予登记" subTitle={d.notRegisteredReason} />
      ) : (
        <>
          <Divider>登记为信访事项</Divider>
          <ErrorAlert error={register.error} />
          <Form<Registration>
            layout="vertical"
            name="online-register"
            initialValues={prefill(d)}
            onFinish={(values) => register.mutate(values)}
          >
            <Form.Item label="信访类别" name="category" rules={[{ required: true, message: '请选择信访类别' }]}>
              <Select style={{ width: 180 }} options={options} />
            </Form.Item>
            <Form.Item label="信访人姓名" name="petitionerName" rules={[{ required: true, whitespace: true }]}>
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item label="联系方式" name="petitionerContact">
              <Input style={{ width: 240 }} />
            </Form.Item>
            <Form.Item label="信访事项摘要" name="summary" rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <RegistrationFlags />
            <Button type="primary" htmlType="submit" loading={register.isPending}>
              登记为信访事项
            </Button>
          </Form>
          <Divider>不予登记</Divider>
          <ErrorAlert error={refuse.error} />
          <Form<{ reason: string }>
            layout="vertical"
            name="online-not-registered"
            onFinish={(values) => refuse.mutate(values.reason)}
          >
            <Form.Item
              label="不予登记理由（告知信访人）"
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请填写理由' }]}
            >
              <Input.TextArea rows={3} placeholder="例：所反映事项属于民事纠纷，请依法向人民法院提起诉讼。" />
            </Form.Item>
            <Button danger htmlType="submit" loading={refuse.isPending}>
              不予登记
            </Button>
          </Form>
        </>
      )}
    </>
  );
}
