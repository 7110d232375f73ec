/**
 * 调度/通报: a campaign's bulletins (GET /campaigns/:id/bulletins), one at a time: the totals, the
 * unit and leader lines (cut to what the user may see), the units praised (表扬) and called in (约谈),
 * and the same bulletin as CSV or PDF.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, call, downloadFile, openPdf, type Schemas } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useUnitNames } from '../common/UnitPicker';

type Bulletin = Schemas['BulletinView'];
type Line = Schemas['BulletinLineView'];
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function BulletinsPanel({ campaignId }: { campaignId: string }) {
  const bulletins = useQuery({
    queryKey: ['campaign', campaignId, 'bulletins'],
    queryFn: () => call(api.GET('/campaigns/{id}/bulletins', { params: { path: { id: campaignId } } })),
  });
  const [chosen, setChosen] = useState<number>();
  const list = bulletins.data ?? [];
  const bulletin = list.find((b) => b.bulletinNo === chosen) ?? list[list.length - 1];

  if (bulletins.isLoading) return null;
  if (bulletins.error) return <ErrorAlert error={bulletins.error} />;
  if (!bulletin) return <Empty description="尚未发布通报" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        aria-label="通报期数"
        style={{ width: 260 }}
        value={bulletin.bulletinNo}
        onChange={setChosen}
        options={list.map((b) => ({
          value: b.bulletinNo,
          label: `第 ${b.bulletinNo} 期（${b.date}）${b.kind === 'final' ? '终期' : ''}`,
        }))}
      />
      <BulletinView bulletin={bulletin} />
    </Space>
  );
}

function BulletinView({ bulletin }: { bulletin: Bulletin }) {
  const unitName = useUnitNames();
  const [error, setError] = useState<unknown>(null);
  const base = `/campaigns/${bulletin.campaignId}/bulletins/${bulletin.bulletinNo}`;
  const nameOf = (unitId: string) =>
    bulletin.units.find((line) => line.subjectId === unitId)?.subjectName ?? unitName(unitId);
  const { totals } = bulletin;

  return (
    <>
      <Space>
        <Button
          onClick={() => downloadFile(`${base}/csv`, `专项攻坚通报-第${bulletin.bulletinNo}期.csv`).catch(setError)}
        >
          下载 CSV
        </Button>
        <Button onClick={() => openPdf(`${base}/pdf`).catch(setError)}>查看 PDF</Button>
      </Space>
      <ErrorAlert error={error} />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        title={`第 ${bulletin.bulletinNo} 期通报`}
        items={[
          { key: 'asOf', label: '通报时间', children: formatInstant(bulletin.asOf) },
          { key: 'elapsed', label: '时间进度', children: percent(bulletin.elapsedShare) },
          { key: 'expected', label: '应达化解率', children: percent(bulletin.expectedRate) },
          { key: 'inScope', label: '纳入案件', children: totals.inScope },
          { key: 'resolved', label: '已化解', children: totals.resolved },
          { key: 'struckOff', label: '已销号', children: totals.struckOff },
          { key: 'rate', label: '化解率', children: percent(totals.rate) },
          { key: 'overdueSteps', label: '超期计划步骤', children: totals.overdueSteps },
          { key: 'daysToTarget', label: '距目标日期', children: `${bulletin.daysToTarget} 天` },
        ]}
      />
      <Space align="start" wrap size="large">
        <Card size="small" title="表扬" data-testid="bulletin-praised" style={{ minWidth: 240 }}>
          {bulletin.praised.length ? (
            bulletin.praised.map((id) => (
              <Tag color="green" key={id}>
                {nameOf(id)}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">无</Typography.Text>
          )}
        </Card>
        <Card size="small" title="约谈" data-testid="bulletin-laggards" style={{ minWidth: 240 }}>
          {bulletin.laggards.length ? (
            bulletin.laggards.map((id) => (
              <Tag color="red" key={id}>
                {nameOf(id)}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">无</Typography.Text>
          )}
        </Card>
      </Space>
      <Typography.Title level={5}>各单位</Typography.Title>
      <Lines lines={bulletin.units} label="各单位" subject="单位" />
      <Typography.Title level={5}>各包案领导</Typography.Title>
      <Lines lines={bulletin.leaders} label="各包案领导" subject="包案领导" />
    </>
  );
}

const VERDICT: Record<NonNullable<Line['verdict']>, { text: string; colour: string }> = {
  praise: { text: '表扬', colour: 'green' },
  laggard: { text: '约谈', colour: 'red' },
};

function Lines({ lines, label, subject }: { lines: Line[]; label: string; subject: string }) {
  return (
    <Table<Line>
      aria-label={label}
      size="small"
      rowKey="subjectId"
      pagination={false}
      dataSource={lines}
      columns={[
        { title: subject, key: 'subject', render: (_, line) => line.subjectName ?? line.subjectId },
        { title: '纳入', dataIndex: 'inScope' },
        { title: '已化解', dataIndex: 'resolved' },
        { title: '已销号', dataIndex: 'struckOff' },
        { title: '化解率', dataIndex: 'rate', render: (rate: number) => percent(rate) },
        { title: '超期步骤', dataIndex: 'overdueSteps' },
        {
          title: '评定',
          dataIndex: 'verdict',
          render: (v: Line['verdict']) => (v ? <Tag color={VERDICT[v].colour}>{VERDICT[v].text}</Tag> : '—'),
        },
      ]}
    />
  );
}
