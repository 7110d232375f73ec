/**
 * 考核报表: the assessment figures of DOMAIN §8 (GET /reports/assessment) for a period and, if
 * chosen, one unit with its subtree: the rates per unit, the 倒金字塔 and the overdue ranking as
 * charts (a lazily loaded chunk), the three CSV tables, the same tables as one Excel workbook,
 * and 打印: the browser prints the report without the console's frame and controls (print.css).
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Form, Space, Spin, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { api, call, downloadFile } from '../../api/client';
import { UNIT_LEVEL_LABELS } from '../../shared/labels';
import { formatInstant, shanghaiToday } from '../../shared/time';
import { ErrorAlert } from '../common/ErrorAlert';
import { useUnitNames } from '../common/UnitPicker';
import { UnitFilter } from '../supervision/UnitFilter';
import { FiguresTable } from './FiguresTable';
import { shareText } from './rates';

const ReportCharts = lazy(() => import('./ReportCharts'));

interface Query {
  from: string;
  to: string;
  unitId?: string;
}

const CSV_TABLES = [
  { table: 'units', label: '导出单位指标 CSV', name: '单位指标' },
  { table: 'registration-levels', label: '导出倒金字塔 CSV', name: '倒金字塔' },
  { table: 'overdue-units', label: '导出超期排名 CSV', name: '超期排名' },
] as const;

function csvPath(table: string, query: Query): string {
  const params = new URLSearchParams({
    from: query.from,
    to: query.to,
    ...(query.unitId ? { unitId: query.unitId } : {}),
  });
  return `/reports/assessment/${table}.csv?${params}`;
}

function xlsxPath(query: Query): string {
  const params = new URLSearchParams({
    from: query.from,
    to: query.to,
    ...(query.unitId ? { unitId: query.unitId } : {}),
  });
  return `/reports/assessment.xlsx?${params}`;
}

export default function ReportsPage() {
  const today = shanghaiToday();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([dayjs(today).startOf('month'), dayjs(today)]);
  const [unitId, setUnitId] = useState<string>();
  const query: Query = { from: period[0].format('YYYY-MM-DD'), to: period[1].format('YYYY-MM-DD'), unitId };
  const report = useQuery({
    queryKey: ['reports', 'assessment', query],
    queryFn: () => call(api.GET('/reports/assessment', { params: { query } })),
  });
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const unitName = useUnitNames();

  const download = (table: (typeof CSV_TABLES)[number]) => {
    setDownloadError(null);
    downloadFile(csvPath(table.table, query), `考核报表-${table.name}-${query.from}至${query.to}.csv`).catch(
      setDownloadError,
    );
  };

  const downloadXlsx = () => {
    setDownloadError(null);
    downloadFile(xlsxPath(query), `考核报表-${query.from}至${query.to}.xlsx`).catch(setDownloadError);
  };

  return (
    <>
      <Typography.Title level={3}>考核报表</Typography.Title>
      <Form className="no-print" layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label="统计期间">
          <DatePicker.RangePicker
            allowClear={false}
            value={period}
            onChange={(values) => values?.[0] && values[1] && setPeriod([values[0], values[1]])}
          />
        </Form.Item>
        <Form.Item label="单位">
          <UnitFilter value={unitId} onChange={setUnitId} />
        </Form.Item>
      </Form>
      <Space className="no-print" wrap style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => window.print()} disabled={!report.data}>
          打印
        </Button>
        <Button onClick={downloadXlsx}>导出 Excel</Button>
        {CSV_TABLES.map((table) => (
          <Button key={table.table} onClick={() => download(table)}>
            {table.label}
          </Button>
        ))}
      </Space>
      <ErrorAlert error={report.error ?? downloadError} />
      {report.isLoading && <Spin />}
      {report.data && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Typography.Text type="secondary" data-testid="report-period">
            {report.data.period.from} 至 {report.data.period.to}
            {unitId ? `，${unitName(unitId)}及所属单位` : ''}，计算于 {formatInstant(report.data.asOf)}
          </Typography.Text>
          <FiguresTable total={report.data.total} units={report.data.units} />
          {/* The charts draw what the tables below list, for those who read tables rather than pictures. */}
          <Card title="图表">
            <Suspense fallback={<Spin />}>
              <ReportCharts report={report.data} />
            </Suspense>
          </Card>
          <Card title="倒金字塔（各级登记占比）">
            <Table
              aria-label="倒金字塔"
              size="small"
              rowKey="level"
              pagination={false}
              dataSource={report.data.registrationLevels}
              columns={[
                {
                  title: '层级',
                  dataIndex: 'level',
                  render: (level: keyof typeof UNIT_LEVEL_LABELS) => UNIT_LEVEL_LABELS[level],
                },
                { title: '登记件数', dataIndex: 'registered' },
                { title: '占比', dataIndex: 'share', render: (share: number | null) => shareText(share) },
              ]}
            />
          </Card>
          <Card title="超期单位排名">
            <Table
              aria-label="超期单位排名"
              size="small"
              rowKey="unitId"
              pagination={false}
              dataSource={report.data.topOverdueUnits}
              columns={[
                { title: '名次', dataIndex: 'rank' },
                { title: '单位', dataIndex: 'unitName' },
                {
                  title: '层级',
                  dataIndex: 'level',
                  render: (level: keyof typeof UNIT_LEVEL_LABELS) => UNIT_LEVEL_LABELS[level],
                },
                { title: '超期件次', dataIndex: 'breached' },
                { title: '仍未办', dataIndex: 'stillOpen' },
              ]}
            />
          </Card>
        </Space>
      )}
    </>
  );
}
