/**
 * A campaign's cases: how each joined, its leaders (包案, closest to the case first), its plan
 * (一案一策), status, 回头看 and 销号; the campaign office strikes off a case here.
 */
import { Button, List, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { labelOf, RATING_LABELS, UNIT_LEVEL_LABELS } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { CaseLink } from '../supervision/CaseLink';
import { useUnitNames } from '../common/UnitPicker';
import { CASE_STATUS_LABELS, FOLLOW_UP_LABELS, REASON_LABELS } from './labels';
import { StrikeOffModal } from './StrikeOffModal';

type CampaignCase = Schemas['CampaignCaseWireView'];

export function CampaignCases({ campaign, isOffice }: { campaign: Schemas['CampaignWireView']; isOffice: boolean }) {
  const unitName = useUnitNames();
  const [striking, setStriking] = useState<string | null>(null);
  const active = campaign.status === 'active';
  // 销号 is offered once the 回头看 check has passed (the campaign refuses it before).

  return (
    <>
      <Table<CampaignCase>
        aria-label="攻坚案件"
        rowKey="petitionId"
        dataSource={campaign.cases}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ rowExpandable: (c) => c.plan.length > 0, expandedRowRender: (c) => <Plan steps={c.plan} /> }}
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
                ? leaders.map((l) => `${labelOf(UNIT_LEVEL_LABELS, l.level)}：${l.userId}`).join('；')
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
                {c.removed && <Tag>已移出</Tag>}
                {c.relapses > 0 && <Tag color="red">反弹 {c.relapses} 次</Tag>}
              </Space>
            ),
          },
          {
            title: '回头看',
            dataIndex: 'followUp',
            render: (f: CampaignCase['followUp']) =>
              f ? `${FOLLOW_UP_LABELS[f.status]}（${formatInstant(f.dueAt).slice(0, 10)}）` : '—',
          },
          {
            title: '销号',
            key: 'strikeOff',
            render: (_, c) =>
              c.strikeOff ? (
                <span title={c.strikeOff.note}>
                  已销号 {formatInstant(c.strikeOff.at)}（{c.strikeOff.documentRef}
                  {c.strikeOff.rating ? `，${RATING_LABELS[c.strikeOff.rating]}` : ''}）
                </span>
              ) : isOffice && active && !c.removed && c.followUp?.status === 'passed' ? (
                <Button size="small" onClick={() => setStriking(c.petitionId)}>
                  销号
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {striking && (
        <StrikeOffModal campaignId={campaign.campaignId} petitionId={striking} onClose={() => setStriking(null)} />
      )}
    </>
  );
}

function Plan({ steps }: { steps: CampaignCase['plan'] }) {
  return (
    <List
      size="small"
      header="一案一策"
      dataSource={steps}
      renderItem={(step) => (
        <List.Item>
          <Space wrap>
            <span>{step.title}</span>
            <span>责任人 {step.ownerUserId}</span>
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
