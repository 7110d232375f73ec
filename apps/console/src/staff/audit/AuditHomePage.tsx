/** 审计核验: the audit trail's verification, replays, and a case to look into. */
import { Card, Form, Input, Space } from 'antd';
import { useNavigate } from 'react-router';
import { ReplayCard } from './ReplayCard';
import { TrailVerificationCard } from './TrailVerificationCard';

function CaseLookup() {
  const navigate = useNavigate();
  return (
    <Card title="案件核验">
      <Form layout="vertical">
        <Form.Item label="案件编号" htmlFor="audit-case-id" style={{ marginBottom: 0 }}>
          <Input.Search
            id="audit-case-id"
            enterButton="查看"
            onSearch={(value) => {
              const id = value.trim();
              if (id) void navigate(`/audit/cases/${encodeURIComponent(id)}`);
            }}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}

export default function AuditHomePage() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <CaseLookup />
      <TrailVerificationCard />
      <ReplayCard />
    </Space>
  );
}
