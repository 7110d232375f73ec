/** The oversight screens' own words (task kinds and states, dispositions), keyed by the API's values. */
import type { Schemas } from '../../api/client';
import type { SuggestedAction } from '@/libs/process/policy';
import { RUNG_LABELS } from '../../shared/labels';

type Task = Schemas['SupervisionTaskView'];

export const TASK_KIND_LABELS: Record<Task['kind'], string> = {
  supervision: '督办',
  listed: '挂牌督办',
  takeoverAvailable: '提级办理',
};
export const TASK_STATUS_LABELS: Record<Task['status'], string> = {
  open: '待办',
  answered: '已反馈',
  closed: '已关闭',
};

/** The escalation rung that opens each kind of automatic task (DOMAIN §4). */
const RUNG_OF_KIND = {
  supervision: 'breach',
  listed: 'listedSupervision',
  takeoverAvailable: 'takeoverAvailable',
} as const;

/** Who opened a task: the rung of the ladder that fired, or a supervisor by hand. */
export function openedBy(task: Task): string {
  return task.source === 'manual' ? '人工督办' : RUNG_LABELS[RUNG_OF_KIND[task.kind]];
}

export const DISPOSITION_LABELS: Record<Schemas['DispositionView']['disposition'], string> = {
  confirmed: '确认',
  dismissed: '不予问责',
  admonitoryTalkHeld: '已约谈',
  disciplined: '已处分',
  corrected: '已纠正',
};

export const SEVERITY_LABELS: Record<Schemas['AccountabilityRecordView']['severity'], string> = {
  low: '轻',
  medium: '中',
  high: '重',
};
export const SEVERITY_COLOURS: Record<Schemas['AccountabilityRecordView']['severity'], string> = {
  low: 'default',
  medium: 'orange',
  high: 'red',
};

export const SUGGESTED_ACTION_LABELS: Record<SuggestedAction, string> = {
  correction: '责令改正',
  criticism: '通报批评',
  admonitoryTalk: '约谈',
  accountability: '追责问责',
  responsibilityTracing: '责任倒查',
};
