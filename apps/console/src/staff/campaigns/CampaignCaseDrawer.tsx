/**
 * One case of a campaign, to work on (案件办理): its leaders, responsible person, plan, status, the
 * petition's own state, 回头看 and 销号, and a button for each action the API says the signed-in user
 * may take now (GET /campaigns/:id/cases/:petitionId/actions, the campaign workflow's own rule):
 * nothing is offered that the campaign would refuse for the user's role, unit or the case's state.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Empty, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { labelOf, RATING_LABELS, STEP_LABELS, UNIT_LEVEL_LABELS } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useUnitNames } from '../common/UnitPicker';
import {
  AssignLeaderForm,
  FollowUpCheckForm,
  PlanForm,
  ProgressForm,
  RelapseForm,
  RemoveCaseForm,
  ResponsiblePersonForm,
} from './CaseActionForms';
import { CampaignPlan } from './CampaignPlan';
import { CASE_ACTION_LABELS, CASE_STATUS_LABELS, FOLLOW_UP_LABELS } from './labels';
import { StrikeOffModal } from './StrikeOffModal';

type CampaignCase = Schemas['CampaignCaseWireView'];
type Action = Schemas['AvailableCampaignCaseActionView'];

export function CampaignCaseDrawer({
  campaignId,
  c,
  onClose,
}: {
  campaignId: string;
  c: CampaignCase;
  onClose: () => void;
}) {
  const unitName = useUnitNames();
  const [open, setOpen] = useState<Action | null>(null);
  const actions = useQuery({
    queryKey: ['campaign', campaignId, 'case-actions', c.petitionId],
    queryFn: () =>
      call(
        api.GET('/campaigns/{id}/cases/{petitionId}/actions', {
          params: { path: { id: campaignId, petitionId: c.petitionId } },
        }),
      ),
  });
  const close = () => setOpen(null);
  const form = open && renderForm(open, campaignId, c, actions.data, close);

  // The action's modal is rendered beside the drawer, not inside it: a dialog of its own.
  return (
    <>
      <Drawer open title={`案件办理：${c.caseNumber ?? ''}`} size="large" onClose={onClose}>
        <Descriptions
          bordered
          size="small"
          column={1}
          items={[
            { key: 'unit', label: '责任单位', children: unitName(c.unitId) },
            { key: 'person', label: '责任人', children: c.responsiblePersonId ?? '未确定' },
            {
              key: 'leaders',
              label: '包案领导',
              children: c.leaders.length
                ? c.leaders.map((l) => `${labelOf(UNIT_LEVEL_LABELS, l.level)}：${l.name ?? '（未知人员）'}`).join('；')
                : '未确定',
            },
            {
              key: 'status',
              label: '化解状态',
              children: (
                <Space wrap>
                  <span>{CASE_STATUS_LABELS[c.status]}</span>
                  {c.statusNote && <Typography.Text type="secondary">{c.statusNote}</Typography.Text>}
                </Space>
              ),
            },
            {
              key: 'petition',
              label: '信访事项办理状态',
              children: c.petitionStep ? labelOf(STEP_LABELS, c.petitionStep) : '—',
            },
            {
              key: 'counted',
              label: '计入已化解',
              children: c.countedResolved ? <Tag color="green">是</Tag> : <Tag>否</Tag>,
            },
            {
              key: 'followUp',
              label: '回头看',
              children: c.followUp
                ? `${FOLLOW_UP_LABELS[c.followUp.status]}（${formatInstant(c.followUp.dueAt).slice(0, 10)} 到期）${c.followUp.note ? `：${c.followUp.note}` : ''}`
                : '—',
            },
            {
              key: 'strikeOff',
              label: '销号',
              children: c.strikeOff
                ? `已销号 ${formatInstant(c.strikeOff.at)}（${c.strikeOff.documentRef}${c.strikeOff.rating ? `，${RATING_LABELS[c.strikeOff.rating]}` : ''}${c.strikeOff.evidenceFiles.length ? `，销号佐证材料 ${c.strikeOff.evidenceFiles.length} 件` : ''}）`
                : '未销号',
            },
          ]}
        />
        <div style={{ margin: '16px 0' }}>
          {c.plan.length ? (
            <CampaignPlan steps={c.plan} />
          ) : (
            <Typography.Text type="secondary">尚未制定一案一策</Typography.Text>
          )}
        </div>
        <Typography.Title level={5}>可办理事项</Typography.Title>
        {actions.isLoading ? (
          <Spin />
        ) : actions.error ? (
          <ErrorAlert error={actions.error} />
        ) : actions.data?.actions.length ? (
          <Space wrap role="toolbar" aria-label="可办理事项">
            {actions.data.actions.map((a) => (
              <Button
                key={a.action}
                danger={a.action === 'reportRelapse' || a.action === 'removeCase'}
                type={a.action === 'strikeOff' ? 'primary' : 'default'}
                onClick={() => setOpen(a)}
              >
                {CASE_ACTION_LABELS[a.action]}
              </Button>
            ))}
          </Space>
        ) : (
          <Empty description="当前没有您可办理的事项" />
        )}
      </Drawer>
      {form}
    </>
  );
}

function renderForm(
  a: Action,
  campaignId: string,
  c: CampaignCase,
  offered: Schemas['CampaignCaseActionsView'] | undefined,
  onClose: () => void,
) {
  const props = { campaignId, c, onClose };
  switch (a.action) {
    case 'assignLeader':
      return <AssignLeaderForm {...props} levels={(a.levels ?? []) as Schemas['AssignLeaderDto']['level'][]} />;
    case 'setResponsiblePerson':
      return <ResponsiblePersonForm {...props} />;
    case 'editPlan':
      return <PlanForm {...props} />;
    case 'recordProgress':
      return (
        <ProgressForm
          {...props}
          petitionSettled={offered?.petitionSettled ?? false}
          needsSettled={offered?.resolutionNeedsSettledPetition ?? false}
        />
      );
    case 'recordFollowUpCheck':
      return <FollowUpCheckForm {...props} />;
    case 'strikeOff':
      return (
        <StrikeOffModal campaignId={campaignId} petitionId={c.petitionId} caseNumber={c.caseNumber} onClose={onClose} />
      );
    case 'reportRelapse':
      return <RelapseForm {...props} />;
    case 'removeCase':
      return <RemoveCaseForm {...props} />;
  }
}
