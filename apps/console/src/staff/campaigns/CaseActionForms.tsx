/**
 * The forms of a campaign case's actions, one per action the API offers (GET …/actions): 包案领导,
 * 责任人, 一案一策, 进展, 回头看, 反弹 and 移出 (销号 has its own modal, StrikeOffModal). Each posts to
 * its route with the typed client; the workflow's refusal comes back on its field.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { UNIT_LEVEL_LABELS } from '../../shared/labels';
import { CampaignActionModal } from './CampaignActionModal';
import { CASE_STATUS_LABELS, FOLLOW_UP_RESULT_LABELS } from './labels';

type CampaignCase = Schemas['CampaignCaseWireView'];
type Level = Schemas['AssignLeaderDto']['level'];
type Without<T> = Omit<T, 'requestId'>;

interface FormProps {
  campaignId: string;
  c: CampaignCase;
  onClose: () => void;
}

const path = (campaignId: string, petitionId: string) => ({ params: { path: { id: campaignId, petitionId } } });
const required = (message: string) => [{ required: true, whitespace: true, message }];

export function AssignLeaderForm({ campaignId, c, onClose, levels }: FormProps & { levels: Level[] }) {
  return (
    <CampaignActionModal<Without<Schemas['AssignLeaderDto']>>
      campaignId={campaignId}
      title="确定包案领导"
      okText="确定"
      onClose={onClose}
      initialValues={{ level: levels[0] }}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/leaders', {
            ...path(campaignId, c.petitionId),
            body: { ...body, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="level" label="包案层级" rules={[{ required: true, message: '请选择层级' }]}>
            <Radio.Group options={levels.map((level) => ({ value: level, label: UNIT_LEVEL_LABELS[level] }))} />
          </Form.Item>
          <Form.Item
            name="leaderUserId"
            label="包案领导（用户名）"
            rules={required('请填写包案领导的用户名')}
            extra="须为该层级单位的包案领导"
          >
            <Input maxLength={100} placeholder="如：x-leader" />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}

export function ResponsiblePersonForm({ campaignId, c, onClose }: FormProps) {
  return (
    <CampaignActionModal<Without<Schemas['SetResponsiblePersonDto']>>
      campaignId={campaignId}
      title="确定责任人"
      okText="确定"
      onClose={onClose}
      initialValues={{ personUserId: c.responsiblePersonId ?? undefined }}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/responsible-person', {
            ...path(campaignId, c.petitionId),
            body: { ...body, requestId },
          }),
        )
      }
    >
      {() => (
        <Form.Item
          name="personUserId"
          label="责任人（用户名）"
          rules={required('请填写责任人的用户名')}
          extra="须为责任单位的工作人员"
        >
          <Input maxLength={100} placeholder="如：x-handler" />
        </Form.Item>
      )}
    </CampaignActionModal>
  );
}

type PlanValues = Without<Schemas['EditPlanDto']>;

export function PlanForm({ campaignId, c, onClose }: FormProps) {
  const steps = c.plan.length
    ? c.plan.map((s) => ({ stepId: s.stepId, title: s.title, dueDate: s.dueDate, ownerUserId: s.ownerUserId }))
    : [{ title: '', dueDate: '', ownerUserId: c.responsiblePersonId ?? '' }];
  return (
    <CampaignActionModal<PlanValues>
      campaignId={campaignId}
      title="一案一策"
      okText="保存方案"
      onClose={onClose}
      initialValues={{ steps }}
      submit={(body, requestId) =>
        call(
          api.PUT('/campaigns/{id}/cases/{petitionId}/plan', {
            ...path(campaignId, c.petitionId),
            body: {
              note: body.note,
              steps: body.steps.map((s) => ({ ...s, stepId: s.stepId || undefined })),
              requestId,
            },
          }),
        )
      }
    >
      {() => (
        <>
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" wrap role="group" aria-label={`第 ${i + 1} 步`}>
                    <Form.Item name={[field.name, 'stepId']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} label={`第 ${i + 1} 步措施`} rules={required('请填写措施')}>
                      <Input maxLength={200} placeholder="如：约谈信访人，摸清诉求" />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'dueDate']}
                      label={`第 ${i + 1} 步期限`}
                      rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请按 YYYY-MM-DD 填写日期' }]}
                    >
                      <Input maxLength={10} placeholder="YYYY-MM-DD" />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'ownerUserId']}
                      label={`第 ${i + 1} 步责任人`}
                      rules={required('请填写责任人')}
                    >
                      <Input maxLength={100} placeholder="用户名" />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        aria-label={`删除第 ${i + 1} 步`}
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                      />
                    )}
                  </Space>
                ))}
                <Form.Item>
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ title: '', dueDate: '', ownerUserId: '' })}
                  >
                    增加步骤
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>
          <Form.Item name="note" label="方案说明" rules={required('请填写方案说明')}>
            <Input.TextArea rows={2} maxLength={2000} placeholder="一案一策：明确责任、明确时限、明确措施" />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}

export function ProgressForm({
  campaignId,
  c,
  onClose,
  petitionSettled,
  needsSettled,
}: FormProps & { petitionSettled: boolean; needsSettled: boolean }) {
  const open = c.plan.filter((s) => !s.doneAt);
  return (
    <CampaignActionModal<Without<Schemas['RecordProgressDto']>>
      campaignId={campaignId}
      title="报告进展"
      okText="报告"
      onClose={onClose}
      initialValues={{ status: 'inProgress', stepsDone: [] }}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/progress', {
            ...path(campaignId, c.petitionId),
            body: { ...body, stepsDone: body.stepsDone?.length ? body.stepsDone : undefined, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          {needsSettled && !petitionSettled && (
            <Typography.Paragraph type="warning">
              信访事项尚未办结（处理意见书未送达或未办结）：此时只能报告“化解中”或“未化解”。
            </Typography.Paragraph>
          )}
          <Form.Item name="status" label="化解状态" rules={[{ required: true, message: '请选择状态' }]}>
            <Select
              options={Object.entries(CASE_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              aria-label="化解状态"
            />
          </Form.Item>
          {open.length > 0 && (
            <Form.Item name="stepsDone" label="已完成的步骤">
              <Checkbox.Group options={open.map((s) => ({ value: s.stepId, label: `${s.title}（${s.dueDate}）` }))} />
            </Form.Item>
          )}
          <Form.Item name="note" label="进展说明" rules={required('请填写进展说明')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：补偿款已兑现，签订化解协议" />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}

export function FollowUpCheckForm({ campaignId, c, onClose }: FormProps) {
  return (
    <CampaignActionModal<Without<Schemas['FollowUpCheckDto']>>
      campaignId={campaignId}
      title="回头看"
      okText="记录回头看"
      onClose={onClose}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/follow-up-check', {
            ...path(campaignId, c.petitionId),
            body: { ...body, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="result" label="回头看结果" rules={[{ required: true, message: '请选择结果' }]}>
            <Radio.Group
              options={Object.entries(FOLLOW_UP_RESULT_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Form.Item name="note" label="回访情况" rules={required('请填写回访情况')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：回访：补偿到位，未再信访" />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}

export function RelapseForm({ campaignId, c, onClose }: FormProps) {
  return (
    <CampaignActionModal<Without<Schemas['ReportRelapseDto']>>
      campaignId={campaignId}
      title="报告反弹"
      okText="报告反弹"
      danger
      onClose={onClose}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/relapse', {
            ...path(campaignId, c.petitionId),
            body: { ...body, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">
            案件将退回攻坚（未化解），并记入责任单位“化解不实”。
          </Typography.Paragraph>
          <Form.Item name="note" label="反弹情况" rules={required('请填写反弹情况')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}

export function RemoveCaseForm({ campaignId, c, onClose }: FormProps) {
  return (
    <CampaignActionModal<Without<Schemas['RemoveCaseDto']>>
      campaignId={campaignId}
      title="移出专项"
      okText="移出"
      danger
      onClose={onClose}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/remove', {
            ...path(campaignId, c.petitionId),
            body: { ...body, requestId },
          }),
        )
      }
    >
      {() => (
        <Form.Item name="reason" label="移出理由" rules={required('请填写移出理由')}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：已纳入省级专项，避免重复交办" />
        </Form.Item>
      )}
    </CampaignActionModal>
  );
}

/** 纳入案件 (the campaign office): a case of the region by its id, with a reason. */
export function AddCaseForm({ campaignId, onClose }: { campaignId: string; onClose: () => void }) {
  return (
    <CampaignActionModal<Without<Schemas['AddCaseDto']>>
      campaignId={campaignId}
      title="纳入案件"
      okText="纳入"
      onClose={onClose}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases', {
            params: { path: { id: campaignId } },
            body: { petitionId: body.petitionId.trim(), reason: body.reason, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          <Form.Item name="petitionId" label="信访事项编号" rules={required('请填写信访事项编号')}>
            <Input maxLength={36} placeholder="信访事项的编号（UUID）" />
          </Form.Item>
          <Form.Item name="reason" label="纳入理由" rules={required('请填写纳入理由')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：省交办积案，纳入专项" />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}
