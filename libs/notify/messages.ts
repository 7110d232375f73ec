/**
 * A notification's text, built in one place: the console's notification centre, the mail channel
 * and the robots (企业微信 / 钉钉) all render the same OutgoingMessage from the stored notification.
 * zh-CN from the catalogue (libs/process/messages/notifications.zh-CN.ts); case numbers, never ids.
 */
import { CLOCK_LABELS, NOTICE_LABELS, RUNG_LABELS, labelOf } from '../process/messages/labels.zh-CN';
import { NOTIFICATION_TEXTS_ZH as T } from '../process/messages/notifications.zh-CN';
import type { OutgoingMessage } from './channel';
import type { NotificationData, NotificationKind } from './derive';

/** Where a petitioner looks their case up with the 查询码 (apps/api/src/console/console-static.ts). */
export const PETITIONER_PAGE_PATH = '/console/petitioner';

/** One warning in a digest (libs/notify/digest.ts), as the digest's data keeps it. */
export interface DigestItem {
  caseNumber: string | null;
  clockId?: string;
  rung?: string;
  lastDay?: string | null;
}

export interface StoredNotification {
  key: string;
  petitionId: string | null;
  kind: NotificationKind;
  urgent: boolean;
  data: NotificationData & { items?: DigestItem[]; date?: string };
}

/** 2026-12-08 → 2026年12月8日 (as the written notices print dates). */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function fill(template: string, params: Record<string, string | number | null | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

export function renderNotification(n: StoredNotification): OutgoingMessage {
  if (n.kind === 'petitionerMilestone') return renderMilestone(n);
  if (n.kind === 'warningDigest') return renderDigest(n);
  if (n.kind === 'campaignBulletin') return renderCampaignBulletin(n);
  const d = n.data;
  const params = {
    caseNumber: d.caseNumber || T.noCaseNumber,
    clock: d.clockId ? labelOf(CLOCK_LABELS, d.clockId) : '',
    rung: d.rung ? labelOf(RUNG_LABELS, d.rung) : '',
    draftKind: d.draftKind ? labelOf(NOTICE_LABELS, d.draftKind) : '',
    reportBackDays: d.reportBackDays ?? '',
  };
  let title: string;
  let line: string;
  switch (n.kind) {
    case 'caseRouted': {
      const text = d.how === 'handedDown' ? T.caseHandedDown : T.caseRouted;
      [title, line] = [text.title, text.line];
      break;
    }
    case 'escalation': {
      title = T.escalation.title;
      const rung = d.rung ?? 'warning70';
      line = rung === 'warning70' || rung === 'warning90' ? T.escalation.warning : T.escalation[rung];
      break;
    }
    default:
      [title, line] = [T[n.kind].title, T[n.kind].line];
  }
  const lines = [fill(line, params), fill(T.caseNumberLine, params)];
  if (d.lastDay) lines.push(fill(T.dueLine, { date: chineseDate(d.lastDay) }));
  if (d.feedbackLastDay) lines.push(fill(T.feedbackLine, { date: chineseDate(d.feedbackLastDay) }));
  return {
    key: n.key,
    urgent: n.urgent,
    title: fill(title, params),
    lines,
    ...(n.petitionId ? { link: `/console/cases/${n.petitionId}` } : {}),
  };
}

/**
 * To the petitioner: the case number, the milestone in Chinese, the public page. No summary, no
 * category, no unit, no 查询码: whoever reads the mailbox or the phone learns only that a case moved.
 */
function renderMilestone(n: StoredNotification): OutgoingMessage {
  const caseNumber = n.data.caseNumber || T.noCaseNumber;
  const milestone = n.data.milestone ? T.petitionerMilestones[n.data.milestone] : '';
  return {
    key: n.key,
    urgent: false,
    title: fill(T.petitionerMilestone.title, { caseNumber }),
    lines: [fill(T.petitionerMilestone.line, { caseNumber, milestone }), T.petitionerMilestone.lookUp],
    link: PETITIONER_PAGE_PATH,
    linkLabel: T.petitionerMilestone.linkLabel,
    template: { params: { caseNumber, milestone } },
  };
}

function renderDigest(n: StoredNotification): OutgoingMessage {
  const items = n.data.items ?? [];
  const date = n.data.date ? chineseDate(n.data.date) : '';
  return {
    key: n.key,
    urgent: false,
    title: fill(T.warningDigest.title, { date, count: items.length }),
    lines: [
      T.warningDigest.line,
      ...items.map((i) =>
        fill(i.lastDay ? T.warningDigest.item : T.warningDigest.itemNoDate, {
          caseNumber: i.caseNumber || T.noCaseNumber,
          clock: i.clockId ? labelOf(CLOCK_LABELS, i.clockId) : '',
          rung: i.rung ? labelOf(RUNG_LABELS, i.rung) : '',
          date: i.lastDay ? chineseDate(i.lastDay) : '',
        }),
      ),
    ],
    link: '/console/queue',
  };
}

/** A unit's own standing and counts, or the office's totals: no case of the bulletin is named. */
function renderCampaignBulletin(n: StoredNotification): OutgoingMessage {
  const c = n.data.campaign;
  const B = T.campaignBulletin;
  if (!c) return { key: n.key, urgent: n.urgent, title: fill(B.title, {}), lines: [] };
  const params = {
    campaign: c.name,
    bulletinNo: c.bulletinNo,
    final: c.final ? B.finalMark : '',
    inScope: c.inScope,
    resolved: c.resolved,
    rate: Math.round(c.rate * 1000) / 10,
    praised: c.praised ?? 0,
    laggards: c.laggards ?? 0,
  };
  const lines =
    c.for === 'office'
      ? [fill(B.office, params)]
      : [
          c.verdict === 'praise' ? B.praise : c.verdict === 'laggard' ? B.laggard : B.neither,
          fill(B.unitCounts, params),
        ];
  return {
    key: n.key,
    urgent: n.urgent,
    title: fill(B.title, params),
    lines,
    link: `/console/campaigns/${c.campaignId}`,
    linkLabel: B.linkLabel,
  };
}
