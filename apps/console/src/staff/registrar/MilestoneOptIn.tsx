import { Checkbox, Form, Input } from 'antd';

/**
 * 进展通知: the petitioner may ask to be told by e-mail of each milestone of the case. The mail names
 * only the case number and the milestone (never the matter, never the 查询码). `notifyMilestones` is
 * the form's own switch: the API receives only `milestoneEmail` (see withoutOptInSwitch).
 */
export function MilestoneOptIn() {
  const form = Form.useFormInstance();
  const on = Form.useWatch('notifyMilestones', form) === true;
  return (
    <>
      <Form.Item name="notifyMilestones" valuePropName="checked" style={{ marginBottom: on ? 8 : undefined }}>
        <Checkbox>信访人愿意通过电子邮件接收办理进展通知</Checkbox>
      </Form.Item>
      {on && (
        <Form.Item
          label="接收通知的电子邮箱"
          name="milestoneEmail"
          extra="通知只含信访件编号和办理进展，不含事项内容和查询码"
          rules={[{ required: true, type: 'email', message: '请填写有效的电子邮箱' }]}
        >
          <Input style={{ width: 320 }} placeholder="例：zhang@example.com" />
        </Form.Item>
      )}
    </>
  );
}

/** The API refuses fields it does not know: the switch is dropped, and the address with it when off. */
export function withoutOptInSwitch<T extends object>(values: T & { notifyMilestones?: boolean }): T {
  const { notifyMilestones, ...rest } = values;
  if (!notifyMilestones) delete (rest as { milestoneEmail?: string }).milestoneEmail;
  return rest as T;
}
