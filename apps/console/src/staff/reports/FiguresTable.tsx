/** The assessment figures (DOMAIN §8) as one table: the whole scope first, then each unit. */
import { Table } from 'antd';
import type { Schemas } from '../../api/client';
import { labelOf, UNIT_LEVEL_LABELS } from '../../shared/labels';
import { rateText } from './rates';

type Figures = Schemas['UnitFiguresView'];
type RateKey = 'acceptanceOnTime' | 'handlingOnTime' | 'firstTimeResolution' | 'ratingParticipation' | 'satisfaction';
type RungKey = keyof Schemas['EscalationCountsView'];

const RATES: [RateKey, string][] = [
  ['acceptanceOnTime', '及时受理率'],
  ['handlingOnTime', '按期办结率'],
  ['firstTimeResolution', '一次性化解率'],
  ['ratingParticipation', '参评率'],
  ['satisfaction', '满意率'],
];
const RUNGS: [RungKey, string][] = [
  ['warning70', '预警70%'],
  ['warning90', '预警90%'],
  ['breach', '超期督办'],
  ['listedSupervision', '挂牌督办'],
  ['takeoverAvailable', '提级办理'],
];

export function FiguresTable({ total, units }: { total: Figures; units: Figures[] }) {
  const rows = [total, ...units];
  // The wide table scrolls in a focusable region, so a keyboard user can scroll it too.
  return (
    <div role="region" aria-label="考核指标" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table<Figures>
        aria-label="考核指标"
        size="small"
        bordered
        rowKey={(row) => row.unitId ?? 'total'}
        dataSource={rows}
        pagination={false}
        columns={[
          {
            title: '单位',
            key: 'unit',
            render: (_, row) => (row.unitId == null ? '合计' : (row.unitName ?? row.unitId)),
          },
          {
            title: '层级',
            dataIndex: 'level',
            render: (level: Figures['level']) => (level ? labelOf(UNIT_LEVEL_LABELS, level) : '—'),
          },
          { title: '登记', dataIndex: 'registered' },
          ...RATES.map(([key, title]) => ({ title, key, render: (_: unknown, row: Figures) => rateText(row[key]) })),
          {
            title: '超期',
            children: [
              { title: '超期件次', key: 'breached', render: (_: unknown, row: Figures) => row.overdue.breached },
              { title: '仍未办', key: 'stillOpen', render: (_: unknown, row: Figures) => row.overdue.stillOpen },
            ],
          },
          {
            title: '预警与督办',
            children: RUNGS.map(([key, title]) => ({
              title,
              key,
              render: (_: unknown, row: Figures) => row.escalations[key],
            })),
          },
        ]}
      />
    </div>
  );
}
