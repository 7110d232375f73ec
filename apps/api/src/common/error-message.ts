/**
 * The last step of every error the API sends: the English the refusing site wrote becomes `detail`,
 * the body gets a `messageKey` (its own, or its code's: `error.notFound`) and `message` becomes
 * that key's sentence from the one catalogue (libs/process/messages/zh-CN.ts), in Chinese, or the
 * English under `Accept-Language: en` (a developer's tool, a log reader). Done once, where the
 * answer is written, so no throwing site needs to know who reads it.
 */
import { codeMessageKey, hasMessage, renderMessage } from '@/libs/process/messages/zh-CN';
import type { ErrorBody } from './api-error';

/** Whether the client asked for English first (`Accept-Language: en`, `en-US,en;q=0.9,zh;q=0.8`). */
export function prefersEnglish(acceptLanguage: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return false;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...rest] = part.trim().toLowerCase().split(';');
      const q = Number(/q=([\d.]+)/.exec(rest.join(';'))?.[1] ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((l) => l.q > 0 && (l.tag.startsWith('en') || l.tag.startsWith('zh')))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ?? false;
}

/** The key a body is said by: its own when the catalogue knows it, else its field's or its code's. */
function keyOf(body: ErrorBody): string {
  if (hasMessage(body.messageKey)) return body.messageKey!;
  if (body.field && body.statusCode === 400) return 'validation.invalid';
  const byCode = codeMessageKey(body.code);
  if (hasMessage(byCode)) return byCode;
  return body.statusCode >= 500 ? 'error.internal' : 'error.badRequest';
}

/**
 * The body as sent: `message` for the person, `detail` for developers, `messageKey` and `params`
 * always present. A key the catalogue does not know (a newer worker's rule) is kept as sent, and
 * its field's or its code's sentence is shown. Rendering twice changes nothing.
 */
export function renderErrorBody(body: ErrorBody, acceptLanguage?: string | string[]): ErrorBody {
  const detail = body.detail ?? body.message;
  const key = keyOf(body);
  const params = { ...(body.field ? { field: body.field } : {}), ...body.params };
  const zh = renderMessage(key, params) ?? detail;
  return {
    statusCode: body.statusCode,
    code: body.code,
    message: prefersEnglish(acceptLanguage) ? detail : zh,
    detail,
    ...(body.field ? { field: body.field } : {}),
    messageKey: body.messageKey ?? key,
    params: { ...body.params },
  };
}
