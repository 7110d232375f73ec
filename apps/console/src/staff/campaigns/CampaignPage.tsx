/** One campaign (GET /campaigns/:id): its particulars, cases, bulletins and timeline. */
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, call } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { useUnitNames } from '../common/UnitPicker';
import { BulletinsPanel } from './BulletinsPanel';
import { CampaignCases } from './CampaignCases';
import { CampaignTimeline } from './CampaignTimeline';
import { CloseCampaignModal } from './CloseCampaignModal';
import { CAMPAIGN_STATUS_LABELS, REASON_LABELS } from './labels';

export default function CampaignPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const unitName = useUnitNames();
  const [closing, setClosing] = useState(false);
  const campaign = useQuery({
    queryKey: ['campaign', id],
    queryFn: () => call(api.GET('/campaigns/{id}', { params: { path: { id } } })),
  });
  if (campaign.isLoading) return <Spin />;
  if (!campaign.data) return <ErrorAlert error={campaign.error} />;
  const c = campaign.data;
  const isOffice = me.role === 'supervisor' && me.unitId === c.office.unitId;
  const rules = [
    c.rules.openLongerThanDays != null ? `超过 ${c.rules.openLongerThanDays} 天未办结` : null,
    c.rules.repeatPetitions ? REASON_LABELS.repeatPetition : null,
    c.rules.reopenedAfterRelapse ? REASON_LABELS.reopenedAfterRelapse : null,
    c.rules.listedForSupervision ? REASON_LABELS.listedForSupervision : null,
    c.rules.importedBacklog ? REASON_LABELS.importedBacklog : null,
  ].filter(Boolean);

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{c.name}</Typography.Title>
        {isOffice && c.status === 'active' && (
          <Button danger onClick={() => setClosing(true)}>
            结束专项攻坚
          </Button>
        )}
      </Space>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'status',
            label: '状态',
            children: (
              <Tag color={c.status === 'active' ? 'processing' : 'default'}>{CAMPAIGN_STATUS_LABELS[c.status]}</Tag>
            ),
          },
          { key: 'office', label: '牵头单位', children: unitName(c.office.unitId) },
          { key: 'plan', label: '实施方案', children: c.planRef },
          { key: 'dates', label: '起止日期', children: `${c.startDate} 至 ${c.targetDate}` },
          { key: 'cadence', label: '调度周期', children: `每 ${c.cadenceDays} 天` },
          { key: 'next', label: '下次通报', children: formatInstant(c.nextBulletinAt) },
          { key: 'rules', label: '纳入规则', children: rules.join('、') || '—' },
          { key: 'count', label: '案件数', children: c.caseCount },
          { key: 'bulletins', label: '已发布通报', children: `${c.bulletinsIssued} 期` },
          ...(c.closedAt
            ? [
                {
                  key: 'closed',
                  label: '结束',
                  children: `${formatInstant(c.closedAt)}${c.closeReason ? `（${c.closeReason}）` : ''}`,
                },
              ]
            : []),
        ]}
      />
      <Tabs
        items={[
          {
            key: 'cases',
            label: `案件（${c.cases.length}）`,
            children: <CampaignCases campaign={c} isOffice={isOffice} />,
          },
          { key: 'bulletins', label: '调度通报', children: <BulletinsPanel campaignId={c.campaignId} /> },
          {
            key: 'timeline',
            label: '时间线',
            children: <CampaignTimeline campaignId={c.campaignId} cases={c.cases} />,
          },
        ]}
      />
      {closing && <CloseCampaignModal campaignId={c.campaignId} onClose={() => setClosing(false)} />}
    </>
  );
}
