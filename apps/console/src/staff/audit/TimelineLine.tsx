/** One timeline line as both columns show it: number, what happened, when, who (role, unit). */
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ROLE_LABELS, labelOf } from '../../shared/labels';
import { PersonName } from '../common/PersonName';
import { formatInstant } from '../../shared/time';
import { eventLabel } from '../../shared/event-labels';
import { renderMessage, timelineReason } from '@/libs/process/messages/zh-CN';

export function TimelineLine(props: {
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
  userId: string | null;
  /** The user's and unit's names (张三, 县住建局); the login id stays beside the name, secondary. */
  name: string | null;
  role: string | null;
  unitId: string | null;
  unitName: string | null;
  differs: boolean;
  children?: ReactNode;
}) {
  const who = props.userId ? (
    <>
      <PersonName name={props.name} userId={props.userId} showLoginId />
      {`（${labelOf(ROLE_LABELS, props.role)}${props.unitId ? `，${props.unitName ?? '（未知单位）'}` : ''}）`}
    </>
  ) : (
    '系统'
  );
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
        <Typography.Text type="secondary">
          {`${formatInstant(props.at, true)} · `}
          {who}
        </Typography.Text>
      </div>
      {props.children}
    </div>
  );
}

/** Reasons, notes and decisions, one `key：value` a line: codes (a clock's stop reason, a decision) in words, free text as entered. */
export function Reasons({ reasons, data = {} }: { reasons: Record<string, unknown>; data?: Record<string, unknown> }) {
  // A refused attempt keeps the workflow's English reason for developers; the auditor reads its rule in Chinese.
  const refusal =
    typeof data.messageKey === 'string'
      ? renderMessage(data.messageKey, (data.params ?? {}) as Parameters<typeof renderMessage>[1])
      : null;
  const entries = Object.entries(reasons).map(([key, value]): [string, unknown] =>
    key === 'reason' && refusal ? [key, refusal] : [key, value],
  );
  if (entries.length === 0) return null;
  return (
    <div>
      {entries.map(([key, value]) => {
        const reason = timelineReason(key, value);
        return (
          <div key={key}>
            <Typography.Text type="secondary">{`${reason.label}：`}</Typography.Text>
            {reason.text}
          </div>
        );
      })}
    </div>
  );
}
