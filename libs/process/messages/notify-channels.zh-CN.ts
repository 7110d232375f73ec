/**
 * The words the notification channels add around a message (the outbox writes the message's own
 * title and lines): the urgent mark, the link's label, the note on a message cut to a robot's limit.
 */
export const NOTIFY_CHANNEL_TEXTS = {
  urgent: '【紧急】',
  openLink: '在系统中办理',
  linkLabel: '办理入口：',
  truncated: '（内容过长，其余从略，请在系统中查看）',
} as const;
