/**
 * 超期与临期: the running obligation clocks of the region that are past due (超期) or due within
 * three days (临期), soonest first (GET /supervision/overdue), one tab each.
 */
import { useQuery } from '@tanstack/react-query';
import { Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { CLOCK_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { ErrorAlert } from '../common/ErrorAlert';
import { CaseLink } from './CaseLink';
import { UnitFilter } from './UnitFilter';
import { useUnitNames } from '../common/UnitPicker';

type OverdueClock = Schemas['OverdueClockView'];

export default function OverduePage() {
  const [unitId, setUnitId] = useState<string>();
  const [tab, setTab] = useState<'overdue' | 'nearDue'>('overdue');
  const unitName = useUnitNames();
  const list = useQuery({
    queryKey: ['supervision', 'overdue', unitId],
    queryFn: () => call(api.GET('/supervision/overdue', { params: { query: { unitId, limit: 200 } } })),
  });
  const clocks = list.data?.clocks ?? [];
  const shown = clocks.filter((clock) => clock.overdue === (tab === 'overdue'));
  const overdueCount = clocks.filter((clock) => clock.overdue).length;

  return (
    <>
      <Typography.Title level={3}>超期与临期</Typography.Title>
      <Space style={{ marginBottom: 16 }} wrap>
        <UnitFilter value={unitId} onChange={setUnitId} />
        {list.data && <Typography.Text type="secondary">统计时间：{formatInstant(list.data.asOf)}</Typography.Text>}
      </Space>
      <ErrorAlert error={list.error} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as typeof tab)}
        items={[
          { key: 'overdue', label: `超期（${overdueCount}）` },
          { key: 'nearDue', label: `临期（${clocks.length - overdueCount}）` },
        ]}
      />
      <Table<OverdueClock>
        rowKey={(clock) => `${clock.petitionId}/${clock.clockKey}`}
        loading={list.isLoading}
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '案件',
            dataIndex: 'petitionId',
            render: (id: string, row) => <CaseLink petitionId={id} caseNumber={row.caseNumber} />,
          },
          { title: '责任单位', dataIndex: 'unitId', render: (id: string) => unitName(id) },
          { title: '期限', dataIndex: 'clockId', render: (id: string) => labelOf(CLOCK_LABELS, id) },
          { title: '起算', dataIndex: 'startedAt', render: (at: string) => formatInstant(at) },
          { title: '截止', key: 'deadline', render: (_, clock) => <DueTag deadline={clock} /> },
        ]}
      />
    </>
  );
}
