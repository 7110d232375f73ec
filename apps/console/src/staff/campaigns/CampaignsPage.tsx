/**
 * 专项攻坚: the campaigns the user may see (GET /campaigns); a supervisor of a province, city or
 * county petition office launches one.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { useUnitNames } from '../common/UnitPicker';
import { CAMPAIGN_STATUS_LABELS } from './labels';
import { LaunchCampaignModal } from './LaunchCampaignModal';

type Summary = Schemas['CampaignSummaryView'];

export default function CampaignsPage() {
  const me = useMe();
  const unitName = useUnitNames();
  const [launching, setLaunching] = useState(false);
  const list = useQuery({ queryKey: ['campaigns'], queryFn: () => call(api.GET('/campaigns')) });
  const mayLaunch = me.role === 'supervisor' && me.unit.kind === 'petitionOffice' && me.unit.level !== 'township';

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>专项攻坚</Typography.Title>
        {mayLaunch && (
          <Button type="primary" onClick={() => setLaunching(true)}>
            启动专项攻坚
          </Button>
        )}
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Summary>
        rowKey="campaignId"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (name: string, c) => <Link to={`/campaigns/${c.campaignId}`}>{name}</Link>,
          },
          { title: '牵头单位', dataIndex: 'officeUnitId', render: (id: string) => unitName(id) },
          { title: '开始日期', dataIndex: 'startDate' },
          { title: '目标日期', dataIndex: 'targetDate' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: Summary['status']) => (
              <Tag color={s === 'active' ? 'processing' : 'default'}>{CAMPAIGN_STATUS_LABELS[s]}</Tag>
            ),
          },
          { title: '创建时间', dataIndex: 'createdAt', render: (at: string) => formatInstant(at) },
        ]}
      />
      {launching && <LaunchCampaignModal onClose={() => setLaunching(false)} />}
    </>
  );
}
