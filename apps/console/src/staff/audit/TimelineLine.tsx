/** One timeline line as both columns show it: number, what happened, when, who (role, unit). */
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ROLE_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { eventLabel } from '../../shared/event-labels';
import { REASON_LABELS } from './eventLabels';

export function TimelineLine(props: {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
  userId: string | null;
  role: string | null;
  unitId: string | null;
  differs: boolean;
  children?: ReactNode;
}) {
  const who = props.userId
    ? `${props.userId}（${labelOf(ROLE_LABELS, props.role)}${props.unitId ? `，${props.unitId}` : ''}）`
    : '系统';
  return (
    <div
      data-seq={props.seq}
      style={props.differs ? { background: '#fff1f0', border: '1px solid #ffa39e', padding: 4 } : undefined}
    >
      <div>
        <Typography.Text type="secondary">{`#${props.seq} `}</Typography.Text>
        <Typography.Text strong data-testid="event-title">
          {eventLabel(props.type, props.data)}
        </Typography.Text>
        {props.differs && (
          <Tag color="red" style={{ marginLeft: 8 }}>
            不一致
          </Tag>
        )}
      </div>
      <div>
        <Typography.Text type="secondary">{`${formatInstant(props.at, true)} · ${who}`}</Typography.Text>
      </div>
      {props.children}
    </div>
  );
}

/** Reasons, notes and decisions as entered, one `key：value` a line. */
export function Reasons({ reasons }: { reasons: Record<string, unknown> }) {
  const entries = Object.entries(reasons);
  if (entries.length === 0) return null;
  return (
    <div>
      {entries.map(([key, value]) => (
        <div key={key}>
          <Typography.Text type="secondary">{`${REASON_LABELS[key] ?? key}：`}</Typography.Text>
          {typeof value === 'string' ? value : JSON.stringify(value)}
        </div>
      ))}
    </div>
  );
}
