/**
 * 问责台账: the ledger of the units at and below the user's (GET /accountability), newest first, each
 * trigger with its later decisions. Supervisors and admins record a decision; auditors only read.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { labelOf, LEDGER_RULE_LABELS } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useMe } from '../session';
import { CaseLink } from './CaseLink';
import { DispositionModal } from './DispositionModal';
import { LedgerRecordDetail } from './LedgerRecordDetail';
import { DISPOSITION_LABELS, SEVERITY_COLOURS, SEVERITY_LABELS } from './labels';
import { LabelFilter } from './LabelFilter';
import { UnitFilter } from './UnitFilter';
import { useUnitNames } from '../common/UnitPicker';

type LedgerRecord = Schemas['AccountabilityRecordView'];
type Rule = LedgerRecord['rule'];

export default function AccountabilityPage() {
  const me = useMe();
  const unitName = useUnitNames();
  const [unitId, setUnitId] = useState<string>();
  const [rule, setRule] = useState<Rule>();
  const [petitionId, setPetitionId] = useState<string>();
  const [disposing, setDisposing] = useState<string | null>(null);
  const ledger = useInfiniteQuery({
    queryKey: ['accountability', unitId, rule, petitionId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/accountability', { params: { query: { unitId, rule, petitionId, limit: 50, before: pageParam } } }),
      ),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  const records = ledger.data?.pages.flatMap((page) => page.records) ?? [];
  const canDispose = me.role === 'supervisor' || me.role === 'admin';

  return (
    <>
      <Typography.Title level={3}>问责台账</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <UnitFilter value={unitId} onChange={setUnitId} />
        <LabelFilter label="问责情形" labels={LEDGER_RULE_LABELS} value={rule} onChange={setRule} width={200} />
        <Input.Search
          aria-label="案件编号"
          placeholder="案件编号"
          allowClear
          style={{ width: 320 }}
          onSearch={(value) => setPetitionId(value.trim() || undefined)}
        />
      </Space>
      <ErrorAlert error={ledger.error} />
      <Table<LedgerRecord>
        rowKey="id"
        loading={ledger.isLoading}
        dataSource={records}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <LedgerRecordDetail record={r} /> }}
        columns={[
          { title: '编号', dataIndex: 'id' },
          { title: '问责情形', dataIndex: 'rule', render: (value: Rule) => labelOf(LEDGER_RULE_LABELS, value) },
          { title: '责任单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          { title: '责任人', dataIndex: 'responsibleName', render: (name: string | null) => name ?? '—' },
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string | null, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          {
            title: '程度',
            dataIndex: 'severity',
            render: (s: LedgerRecord['severity']) => <Tag color={SEVERITY_COLOURS[s]}>{SEVERITY_LABELS[s]}</Tag>,
          },
          { title: '依据', dataIndex: 'basis' },
          { title: '发生时间', dataIndex: 'occurredAt', render: (at: string) => formatInstant(at) },
          {
            title: '处置',
            key: 'dispositions',
            render: (_, r) => (
              <Space>
                {r.dispositions.length > 0
                  ? DISPOSITION_LABELS[r.dispositions[r.dispositions.length - 1].disposition]
                  : '待处置'}
                {canDispose && (
                  <Button size="small" onClick={() => setDisposing(r.id)}>
                    处置
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {ledger.hasNextPage && (
        <Button style={{ marginTop: 16 }} loading={ledger.isFetchingNextPage} onClick={() => ledger.fetchNextPage()}>
          加载更多
        </Button>
      )}
      {disposing && <DispositionModal recordId={disposing} onClose={() => setDisposing(null)} />}
    </>
  );
}
