/**
 * What a timeline event says, in Chinese, wherever a timeline is shown (the case page, and both of
 * the auditor's timelines, so they compare like with like): the milestones' words plus the
 * workflow's other events, with the clock or rung the event concerns.
 */
import { EVENT_LABELS } from '@/libs/process/messages/records.zh-CN';
import {
  CLOCK_LABELS,
  DELIVERY_METHOD_LABELS,
  DELIVERY_SIGNER_LABELS,
  NOTICE_LABELS,
  RUNG_LABELS,
  labelOf,
} from './labels';

/** `期限开始：办理期限`, `预警督办：超期督办`, `受理`; an event the console has no word for shows its type. */
export function eventLabel(type: string, data: Record<string, unknown>): string {
  const label = EVENT_LABELS[type] ?? type;
  if (typeof data.clockId === 'string' && typeof data.rung === 'string')
    return `${label}：${labelOf(CLOCK_LABELS, data.clockId)}（${labelOf(RUNG_LABELS, data.rung)}）`;
  if (typeof data.clockId === 'string') return `${label}：${labelOf(CLOCK_LABELS, data.clockId)}`;
  if (typeof data.rung === 'string') return `${label}：${labelOf(RUNG_LABELS, data.rung)}`;
  // 送达 as a record: how it was delivered and who signed the 送达回证.
  if (typeof data.method === 'string')
    return `${label}：${labelOf(DELIVERY_METHOD_LABELS, data.method)}${
      typeof data.signedBy === 'string' ? `（${labelOf(DELIVERY_SIGNER_LABELS, data.signedBy)}签收）` : ''
    }`;
  // A review request received by letter, with its postmark.
  if (typeof data.postmarkedAt === 'string') return `${label}：来信，邮戳日期${data.postmarkedAt.slice(0, 10)}`;
  // 签发: 拟稿报签：处理意见书（第 2 稿）
  if (typeof data.draftNo === 'number' && typeof data.kind === 'string')
    return `${label}：${labelOf(NOTICE_LABELS, data.kind)}（第 ${data.draftNo} 稿）`;
  return label;
}
