/** The case at a glance: its number, category, step, who registered, handles and reviews it. */
import { Descriptions, Space, Tag } from 'antd';
import type { Schemas } from '../../api/client';
import { CATEGORY_LABELS, DECISION_LABELS, OUTCOME_LABELS, STEP_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { PersonName } from '../common/PersonName';
import { useUnitNames } from '../common/UnitPicker';

export type CaseWire = Schemas['PetitionWireView'];

export function CaseHeader({
  view,
  intake,
  caseNumber,
  userNames,
}: {
  view: CaseWire;
  intake: Schemas['IntakeView'];
  caseNumber: string | null;
  userNames: Record<string, string>;
}) {
  const unitName = useUnitNames();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-header">
      <Descriptions.Item label="信访件编号">
        <span data-testid="case-number">{caseNumber ?? '—'}</span>
      </Descriptions.Item>
      <Descriptions.Item label="类别">{labelOf(CATEGORY_LABELS, view.category)}</Descriptions.Item>
      <Descriptions.Item label="当前环节">
        <Space size={4} wrap>
          <Tag color="blue" data-testid="case-step">
            {labelOf(STEP_LABELS, view.step)}
          </Tag>
          {view.urgent && <Tag color="red">重大紧急</Tag>}
          {view.collective && <Tag color="purple">集体访</Tag>}
          {view.listedForSupervision && <Tag color="volcano">挂牌督办</Tag>}
          {view.pendingObjection && <Tag color="orange">异议待核实</Tag>}
          {(view.takeovers ?? []).length > 0 && <Tag color="geekblue">提级办理</Tag>}
          {view.repeatOf.length > 0 && <Tag color="gold">重复信访</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="信访事项摘要" span={3}>
        {intake.summary}
      </Descriptions.Item>
      <Descriptions.Item label="信访人">{intake.petitionerName}</Descriptions.Item>
      {view.accusedUnitId && <Descriptions.Item label="被检举单位">{unitName(view.accusedUnitId)}</Descriptions.Item>}
      {intake.accusedPerson && <Descriptions.Item label="被检举人">{intake.accusedPerson}</Descriptions.Item>}
      <Descriptions.Item label="收到时间">{formatInstant(view.receivedAt)}</Descriptions.Item>
      <Descriptions.Item label="登记时间">{formatInstant(view.registeredAt)}</Descriptions.Item>
      <Descriptions.Item label="登记单位">{unitName(view.routingUnitId)}</Descriptions.Item>
      <Descriptions.Item label="承办单位">{unitName(view.handlingUnitId)}</Descriptions.Item>
      {view.reviewUnitId && <Descriptions.Item label="复查单位">{unitName(view.reviewUnitId)}</Descriptions.Item>}
      {view.reReviewUnitId && <Descriptions.Item label="复核单位">{unitName(view.reReviewUnitId)}</Descriptions.Item>}
      {view.caseLeader && (
        <Descriptions.Item label="包案领导">
          <PersonName name={userNames[view.caseLeader.userId]} userId={view.caseLeader.userId} />
        </Descriptions.Item>
      )}
      {view.replyOutcome && (
        <Descriptions.Item label="处理意见">{labelOf(OUTCOME_LABELS, view.replyOutcome)}</Descriptions.Item>
      )}
      {view.reviewDecision && (
        <Descriptions.Item label="复查意见">{labelOf(DECISION_LABELS, view.reviewDecision)}</Descriptions.Item>
      )}
      {view.reReviewDecision && (
        <Descriptions.Item label="复核意见">{labelOf(DECISION_LABELS, view.reReviewDecision)}</Descriptions.Item>
      )}
      <Descriptions.Item label="延期次数">{view.extensionsUsed}</Descriptions.Item>
    </Descriptions>
  );
}
