/**
 * The timeline rebuilt from the Temporal history alone (who, role, unit, when, step before →
 * after, reasons, clocks, rungs), with every line where the read model disagrees marked.
 */
import { Alert, Card, Descriptions, Timeline } from 'antd';
import { STEP_LABELS, labelOf } from '../../shared/labels';
import { useUnitNames } from '../common/UnitPicker';
import { useTimelineNames } from './ReadModelTimelineCard';
import { Reasons, TimelineLine } from './TimelineLine';
import type { HistoryTimelineView, TimelineDifference } from './types';

const DIFFERENCE_LABELS: Record<TimelineDifference['kind'], string> = {
  missing: '读模型缺少此条',
  extra: '读模型多出此条',
  changed: '字段不同',
};
const waitingInQuarantine = (timeline: HistoryTimelineView) => timeline.quarantine.filter((q) => q.resolvedAt === null);

export function Differences({ differences }: { differences: TimelineDifference[] }) {
  if (differences.length === 0)
    return <Alert type="success" showIcon title="两条时间线一致" style={{ marginBottom: 12 }} />;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={`发现 ${differences.length} 处不一致`}
      description={differences.map((d, i) => (
        <div
          key={i}
        >{`#${d.seq} ${DIFFERENCE_LABELS[d.kind]}${d.field ? `（${d.field}）` : ''}${d.history !== undefined ? `；历史：${JSON.stringify(d.history)}` : ''}${d.readModel !== undefined ? `；读模型：${JSON.stringify(d.readModel)}` : ''}`}</div>
      ))}
      style={{ marginBottom: 12 }}
    />
  );
}

export function HistoryTimelineCard({ petitionId, timeline }: { petitionId: string; timeline: HistoryTimelineView }) {
  // The history holds ids only; their names come from the read model's timeline (the same cached query).
  const names = useTimelineNames(petitionId);
  const unitName = useUnitNames();
  const differing = new Set(timeline.differences.filter((d) => d.kind !== 'extra').map((d) => d.seq));
  return (
    <section aria-label="依据历史重建的时间线">
      <Card title="依据历史重建的时间线" size="small">
        {waitingInQuarantine(timeline).length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={`投影隔离区有 ${waitingInQuarantine(timeline).length} 批待处理（修订号 ${waitingInQuarantine(
              timeline,
            )
              .map((q) => q.revision)
              .join('、')}）：时间线与读模型不一致`}
            style={{ marginBottom: 12 }}
          />
        )}
        <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="来源">{timeline.source === 'archive' ? '归档' : 'Temporal'}</Descriptions.Item>
          <Descriptions.Item label="运行 / 事件">{`${timeline.runCount} / ${timeline.eventCount}`}</Descriptions.Item>
        </Descriptions>
        <Timeline
          items={timeline.entries.map((entry) => ({
            key: entry.seq,
            color: differing.has(entry.seq) ? 'red' : 'gray',
            content: (
              <TimelineLine
                seq={entry.seq}
                type={entry.type}
                at={entry.at}
                data={entry.data}
                userId={entry.actor?.userId ?? null}
                name={entry.actor?.userId ? (names.user.get(entry.actor.userId) ?? null) : null}
                role={entry.actor?.role ?? null}
                unitId={entry.actor?.unitId ?? null}
                unitName={
                  entry.actor?.unitId ? (names.unit.get(entry.actor.unitId) ?? unitName(entry.actor.unitId)) : null
                }
                differs={differing.has(entry.seq)}
              >
                <div>
                  {entry.stepBefore === entry.stepAfter
                    ? `环节：${labelOf(STEP_LABELS, entry.stepAfter)}`
                    : `环节：${labelOf(STEP_LABELS, entry.stepBefore)} → ${labelOf(STEP_LABELS, entry.stepAfter)}`}
                </div>
                <Reasons reasons={entry.reasons} data={entry.data} />
              </TimelineLine>
            ),
          }))}
        />
      </Card>
    </section>
  );
}
