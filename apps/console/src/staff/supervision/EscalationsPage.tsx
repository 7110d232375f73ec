/**
 * 预警与督办记录: the escalation rungs fired on the clocks of the region (GET /supervision/escalations),
 * newest first; a case leader sees those addressed to them.
 */
import { useQuery } from '@tanstack/react-query';
import { Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CLOCK_LABELS, labelOf, RUNG_LABELS } from '../../shared/labels';
import { formatDeadline, formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { CaseLink } from './CaseLink';
import { LabelFilter } from './LabelFilter';
import { UnitFilter } from './UnitFilter';
import { useUnitNames } from '../common/UnitPicker';

type Escalation = Schemas['EscalationView'];
const RUNG_COLOURS: Record<Escalation['rung'], string> = {
  warning70: 'gold',
  warning90: 'orange',
  breach: 'red',
  listedSupervision: 'volcano',
  takeoverAvailable: 'magenta',
};
const RECIPIENT_LABELS: Record<Schemas['EscalationRecipientView']['kind'], string> = {
  caseLeader: '包案领导',
  handlingUnit: '承办单位',
  supervisingOffice: '督办信访部门',
  levelAbove: '上一级',
};

export default function EscalationsPage() {
  const me = useMe();
  const unitName = useUnitNames();
  const [unitId, setUnitId] = useState<string>();
  const [rung, setRung] = useState<Escalation['rung']>();
  const [petitionId, setPetitionId] = useState<string>();
  const list = useQuery({
    queryKey: ['supervision', 'escalations', unitId, rung, petitionId],
    queryFn: () =>
      call(api.GET('/supervision/escalations', { params: { query: { unitId, rung, petitionId, limit: 200 } } })),
  });

  return (
    <>
      <Typography.Title level={3}>预警与督办记录</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        {me.role !== 'caseLeader' && <UnitFilter value={unitId} onChange={setUnitId} />}
        <LabelFilter label="级别" labels={RUNG_LABELS} value={rung} onChange={setRung} />
        <Input.Search
          aria-label="案件编号"
          placeholder="案件编号"
          allowClear
          style={{ width: 320 }}
          onSearch={(value) => setPetitionId(value.trim() || undefined)}
        />
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Escalation>
        rowKey="escalationKey"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          {
            title: '级别',
            dataIndex: 'rung',
            render: (value: Escalation['rung']) => <Tag color={RUNG_COLOURS[value]}>{labelOf(RUNG_LABELS, value)}</Tag>,
          },
          { title: '期限', dataIndex: 'clockId', render: (id: string) => labelOf(CLOCK_LABELS, id) },
          { title: '责任单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          { title: '截止', dataIndex: 'dueAt', render: (at: string) => formatDeadline({ dueAt: at }) },
          { title: '触发时间', dataIndex: 'firedAt', render: (at: string) => formatInstant(at) },
          {
            title: '通知对象',
            dataIndex: 'recipients',
            render: (recipients: Escalation['recipients']) =>
              recipients
                .map(
                  (r) =>
                    `${RECIPIENT_LABELS[r.kind] ?? r.kind}${r.unitId ? `（${r.name ?? unitName(r.unitId)}）` : r.userId ? `（${r.name ?? '未知人员'}）` : ''}`,
                )
                .join('、'),
          },
        ]}
      />
    </>
  );
}
