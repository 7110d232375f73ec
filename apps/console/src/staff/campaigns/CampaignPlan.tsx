/** A case's plan (一案一策): its dated steps with owners, done, overdue or under way. */
import { List, Space, Tag } from 'antd';
import type { Schemas } from '../../api/client';
import { formatInstant } from '../../shared/time';

export function CampaignPlan({ steps }: { steps: Schemas['CampaignCaseWireView']['plan'] }) {
  return (
    <List
      size="small"
      header="一案一策"
      dataSource={steps}
      renderItem={(step) => (
        <List.Item>
          <Space wrap>
            <span>{step.title}</span>
            <span>责任人 {step.ownerName ?? '（未知人员）'}</span>
            <span>期限 {step.dueDate}</span>
            {step.doneAt ? (
              <Tag color="green">已完成 {formatInstant(step.doneAt)}</Tag>
            ) : step.overdue ? (
              <Tag color="red">已超期</Tag>
            ) : (
              <Tag>进行中</Tag>
            )}
          </Space>
        </List.Item>
      )}
    />
  );
}
