/**
 * A campaign's cases: how each joined, its leaders (包案, closest to the case first), its plan
 * (一案一策), status, whether it counts as 已化解, 回头看 and 销号. 办理 opens the case with the actions
 * the signed-in user may take (CampaignCaseDrawer); the campaign office adds a case here.
 */
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { labelOf, RATING_LABELS, UNIT_LEVEL_LABELS } from '../../shared/labels';
import { formatDeadline, formatInstant } from '../../shared/time';
import { CaseLink } from '../supervision/CaseLink';
import { useUnitNames } from '../common/UnitPicker';
import { CASE_STATUS_LABELS, FOLLOW_UP_LABELS, REASON_LABELS } from './labels';
import { AddCaseForm } from './CaseActionForms';
import { CampaignCaseDrawer } from './CampaignCaseDrawer';
import { CampaignPlan } from './CampaignPlan';

type CampaignCase = Schemas['CampaignCaseWireView'];

export function CampaignCases({ campaign, isOffice }: { campaign: Schemas['CampaignWireView']; isOffice: boolean }) {
  const unitName = useUnitNames();
  const [working, setWorking] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const active = campaign.status === 'active';
  const current = campaign.cases.find((c) => c.petitionId === working);

  return (
    <>
      {isOffice && active && (
        <Space style={{ marginBottom: 12 }}>
          <Button onClick={() => setAdding(true)}>纳入案件</Button>
        </Space>
      )}
      <Table<CampaignCase>
        aria-label="攻坚案件"
        rowKey="petitionId"
        dataSource={campaign.cases}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (c) => c.plan.length > 0,
          expandedRowRender: (c) => <CampaignPlan steps={c.plan} />,
        }}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          { title: '责任单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          {
            title: '纳入',
            key: 'joined',
            render: (_, c) => (
              <Space orientation="vertical" size={0}>
                <span>{c.reasons.length ? c.reasons.map((r) => REASON_LABELS[r]).join('、') : '人工纳入'}</span>
                <Typography.Text type="secondary">{formatInstant(c.joinedAt)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: '包案领导',
            dataIndex: 'leaders',
            render: (leaders: CampaignCase['leaders']) =>
              leaders.length
                ? leaders.map((l) => `${labelOf(UNIT_LEVEL_LABELS, l.level)}：${l.name ?? '（未知人员）'}`).join('；')
                : '—',
          },
          {
            title: '一案一策',
            dataIndex: 'plan',
            render: (plan: CampaignCase['plan']) =>
              plan.length ? `${plan.filter((s) => s.doneAt).length}/${plan.length} 步` : '未制定',
          },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => (
              <Space size={4} wrap>
                <Tag color={c.status === 'inProgress' ? 'processing' : c.status === 'notResolved' ? 'red' : 'green'}>
                  {CASE_STATUS_LABELS[c.status]}
                </Tag>
                {c.countedResolved && c.status !== 'resolved' && <Tag color="green">计入已化解</Tag>}
                {!c.countedResolved && c.status !== 'inProgress' && c.status !== 'notResolved' && (
                  <Tag color="orange">信访事项未办结，不计入</Tag>
                )}
                {c.removed && <Tag>已移出</Tag>}
                {c.relapses > 0 && <Tag color="red">反弹 {c.relapses} 次</Tag>}
              </Space>
            ),
          },
          {
            title: '回头看',
            dataIndex: 'followUp',
            render: (f: CampaignCase['followUp']) =>
              f ? `${FOLLOW_UP_LABELS[f.status]}（${formatDeadline({ dueAt: f.dueAt })}）` : '—',
          },
          {
            title: '销号',
            key: 'strikeOff',
            render: (_, c) =>
              c.strikeOff ? (
                <span title={c.strikeOff.note}>
                  已销号 {formatInstant(c.strikeOff.at)}（{c.strikeOff.documentRef}
                  {c.strikeOff.rating ? `，${RATING_LABELS[c.strikeOff.rating]}` : ''}
                  {c.strikeOff.evidenceFiles.length ? `，销号佐证材料 ${c.strikeOff.evidenceFiles.length} 件` : ''}）
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '办理',
            key: 'work',
            render: (_, c) => (
              <Button size="small" onClick={() => setWorking(c.petitionId)} aria-label={`办理 ${c.caseNumber ?? ''}`}>
                办理
              </Button>
            ),
          },
        ]}
      />
      {current && <CampaignCaseDrawer campaignId={campaign.campaignId} c={current} onClose={() => setWorking(null)} />}
      {adding && <AddCaseForm campaignId={campaign.campaignId} onClose={() => setAdding(false)} />}
    </>
  );
}
