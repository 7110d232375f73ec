/**
 * An OutgoingMessage (title, lines, link) as a group robot's text or markdown content, zh-CN.
 * The robots cap a message's size in UTF-8 bytes (企业微信: text 2048, markdown 4096): a message
 * over the cap loses its last lines, says so, and keeps its title and link, so a reader still
 * knows what happened and where to act on it.
 */
import { NOTIFY_CHANNEL_TEXTS as T } from '../../process/messages/notify-channels.zh-CN';
import type { OutgoingMessage } from '../channel';

export interface MarkdownStyle {
  maxBytes: number;
  /** 企业微信 breaks a line on `\n`; 钉钉's markdown needs two trailing spaces (or a blank line). */
  lineBreak: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The title as a robot shows it in a notification, with the urgent mark. */
export function plainTitle(message: OutgoingMessage): string {
  return `${message.urgent ? T.urgent : ''}${oneLine(message.title)}`;
}

export function renderText(message: OutgoingMessage, maxBytes: number): string {
  const head = plainTitle(message);
  const tail = message.link ? [`${T.linkLabel}${message.link}`] : [];
  return fit(head, message.lines.map(oneLine), tail, '\n', maxBytes);
}

export function renderMarkdown(message: OutgoingMessage, style: MarkdownStyle): string {
  const head = `### ${message.urgent ? T.urgent : ''}${markdownSafe(oneLine(message.title))}`;
  const link = safeLink(message.link);
  const tail = link ? [`[${T.openLink}](${link})`] : [];
  return fit(
    head,
    message.lines.map((l) => markdownSafe(oneLine(l))),
    tail,
    style.lineBreak,
    style.maxBytes,
  );
}

/**
 * Head, as many lines as fit, the truncation note when some did not, and the tail. A head alone
 * over the cap is cut to it (a robot refuses an oversized message for good).
 */
function fit(head: string, lines: string[], tail: string[], lineBreak: string, maxBytes: number): string {
  const join = (body: string[]) => [head, ...body, ...tail].join(lineBreak);
  if (bytes(join(lines)) <= maxBytes) return join(lines);
  const kept = [...lines];
  while (kept.length > 0 && bytes(join([...kept, T.truncated])) > maxBytes) kept.pop();
  const text = join([...kept, T.truncated]);
  return bytes(text) <= maxBytes ? text : cutToBytes(text, maxBytes);
}

/** The longest prefix of whole characters within maxBytes, ending in an ellipsis. */
export function cutToBytes(text: string, maxBytes: number): string {
  const ellipsis = '…';
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch + ellipsis) > maxBytes) break;
    out += ch;
  }
  return out + ellipsis;
}

/** One line: a line break inside a title or a line would break the robot's layout. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * Text from cases (a summary, a name) must not become markup: link brackets, emphasis, the
 * robots' `<font>`/`<at>` tags and a leading heading or quote mark become their full-width
 * look-alikes, which a Chinese reader reads the same.
 */
export function markdownSafe(text: string): string {
  return text
    .replace(/[[\]<>*`]/g, (c) => FULL_WIDTH[c])
    .replace(/^[#>]/, (c) => FULL_WIDTH[c])
    .replace(/^(\s*)([-+]|\d+\.)\s/, '$1$2\u00a0');
}

const FULL_WIDTH: Record<string, string> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '*': '＊',
  '`': '｀',
  '#': '＃',
};

/** Only an http(s) link, with the characters that would end a markdown link escaped. */
function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href.replace(/[()\s]/g, (c) => encodeURIComponent(c).replace('(', '%28').replace(')', '%29'));
}
