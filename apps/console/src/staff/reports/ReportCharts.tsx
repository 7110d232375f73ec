/**
 * The 倒金字塔 (registrations by level) and the overdue ranking as bar charts. Loaded lazily with only
 * the ECharts parts it uses, so the staff console's first load carries none of ECharts.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import type { Schemas } from '../../api/client';
import { UNIT_LEVEL_LABELS } from '../../shared/labels';

echarts.use([BarChart, GridComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

type Option = echarts.EChartsCoreOption;

function Chart({ option, label }: { option: Option; label: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(element.current!);
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height: 320 }} />;
}

export default function ReportCharts({ report }: { report: Schemas['AssessmentReportView'] }) {
  const [pyramid, ranking] = useMemo(() => options(report), [report]);
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }}>
      <Chart option={pyramid} label="倒金字塔：各级登记量" />
      <Chart option={ranking} label="超期单位排名" />
    </div>
  );
}

function options(report: Schemas['AssessmentReportView']): [Option, Option] {
  // The pyramid reads from the province down: the top level first, as the statute's hierarchy.
  const levels = report.registrationLevels;
  const pyramid: Option = {
    title: { text: '倒金字塔：各级登记量', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 30, top: 40, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: levels.map((l) => UNIT_LEVEL_LABELS[l.level]) },
    series: [{ type: 'bar', name: '登记件数', data: levels.map((l) => l.registered), itemStyle: { color: '#b22222' } }],
  };
  const top = report.topOverdueUnits;
  const ranking: Option = {
    title: { text: '超期单位排名', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 120, right: 30, top: 40, bottom: 30 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: top.map((u) => u.unitName) },
    series: [
      { type: 'bar', name: '超期件次', data: top.map((u) => u.breached), itemStyle: { color: '#cf1322' } },
      { type: 'bar', name: '仍未办', data: top.map((u) => u.stillOpen), itemStyle: { color: '#fa8c16' } },
    ],
  };
  return [pyramid, ranking];
}
