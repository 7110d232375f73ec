/**
 * Every refusal goes on the audit trail: every 4xx, and any 500 that still happens, with a bounded
 * copy of what was sent. Staff actions keep their own record (staff-action-audit.ts, which adds the
 * same evidence); everything else — a body too deep to parse, an unfit header, a petitioner's
 * refused request, a refusal before routing — gets a `refusedRequest` record, written before the
 * answer goes out, so a client that saw the refusal can find it on the trail.
 */
import { Logger } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { DataSource } from 'typeorm';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { EdgeRequest } from '../common/request-edge';

/** How much of the body a refusal's record keeps. */
export const SENT_COPY_CHARS = 2048;
/** How long an answer waits for its refusal's record before it goes out anyway (the record still follows). */
const RECORD_WAIT_MS = 5000;
/** Never recorded: credentials, and the petitioner's personal data (which lives in petition_intakes only). */
const WITHHELD_KEY =
  /pass(word)?|secret|token|query.?code|authorization|^petitionerName$|^petitionerContact$|^accusedPerson$|^summary$/i;
const WITHHELD_PAIR = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*("|$)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RefusalAuditedRequest extends EdgeRequest {
  user?: AuthenticatedUser;
  /** A staff-action endpoint: its own record covers the refusal (staff-action-audit.ts). */
  staffActionAudited?: boolean;
  refusalRecorded?: boolean;
  /** The error behind a 500, for its record (set by the exception filter). */
  failure?: string;
}

const withheld = (value: unknown) =>
  `[withheld: ${typeof value === 'string' ? `${value.length} characters` : typeof value}]`;

/**
 * What was sent, bounded: the parsed body (credentials and personal data withheld) or, when it
 * could not be parsed, the start of its text with the same fields withheld. The audit trail spells
 * out what it cannot store (libs/audit/storable-text.ts).
 */
export function sentCopy(req: EdgeRequest): { sent?: string; sentBytes?: number } {
  const length = Number(req.headers['content-length']);
  const sentBytes = Number.isFinite(length) ? length : undefined;
  let sent: string | undefined;
  if (req.body !== undefined) {
    try {
      sent = JSON.stringify(req.body, (key, value) => (key && WITHHELD_KEY.test(key) ? withheld(value) : value));
    } catch {
      sent = '(the body could not be copied)';
    }
  }
  if (sent === undefined && req.rawBodyHead) {
    sent = req.path.startsWith('/auth/')
      ? `(${req.rawBodyHead.length}+ characters to a sign-in route: withheld)`
      : req.rawBodyHead.replace(WITHHELD_PAIR, (pair, key: string, colon: string) =>
          WITHHELD_KEY.test(key) ? `"${key}"${colon}"[withheld]"` : pair,
        );
  }
  return {
    ...(sent !== undefined ? { sent: sent.slice(0, SENT_COPY_CHARS) } : {}),
    ...(sentBytes !== undefined ? { sentBytes } : {}),
  };
}

/** What every refusal's record carries besides its reason: the request's id, where it went, what was sent. */
export function refusalEvidence(req: RefusalAuditedRequest): Record<string, unknown> {
  const key = req.headers['idempotency-key'];
  return {
    httpRequestId: req.id === undefined ? undefined : String(req.id),
    method: req.method,
    path: req.path.slice(0, 300),
    ...(req.query && Object.keys(req.query).length > 0 ? { query: JSON.stringify(req.query).slice(0, 500) } : {}),
    ...(typeof key === 'string' ? { idempotencyKey: key.slice(0, 200) } : {}),
    ...sentCopy(req),
    ...(req.failure ? { failure: req.failure.slice(0, 500) } : {}),
  };
}

/** A refused staff action's own detail, bounded: what it describes is the body, and the body is hostile. */
export function boundedDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!detail) return {};
  let text: string | undefined;
  try {
    text = JSON.stringify(detail);
  } catch {
    return { detail: '(could not be copied)' };
  }
  return text === undefined || text.length <= SENT_COPY_CHARS ? detail : { detailHead: text.slice(0, SENT_COPY_CHARS) };
}

function petitionOf(path: string): string | null {
  const id = /^\/(?:public\/)?petitions\/([^/]+)/.exec(path)?.[1];
  return id && UUID.test(id) ? id : null;
}

/**
 * Registered first of all middleware: wraps `res.json` so a refusal's record is appended before
 * its answer is written, and falls back to recording when the response finishes (an answer that
 * did not go through `res.json`).
 */
export function refusalAudit(dataSource: DataSource) {
  const logger = new Logger('audit');
  return (req: RefusalAuditedRequest, res: Response, next: NextFunction) => {
    const record = (body: unknown): Promise<unknown> => {
      req.refusalRecorded = true;
      const answer = (body ?? {}) as { code?: unknown; message?: unknown; detail?: unknown; field?: unknown };
      // The trail keeps the developer's English (`detail`); `message` is the sentence shown to the person.
      const reason = answer.detail ?? answer.message;
      const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
      return appendAuditRecord(dataSource.manager, {
        kind: 'refusedRequest',
        action: `${req.method} ${String(route).slice(0, 200)}`,
        outcome: 'refused',
        actor: req.user ? { userId: req.user.id, role: req.user.role, unitId: req.user.unitId } : null,
        petitionId: petitionOf(req.path),
        detail: {
          status: res.statusCode,
          code: typeof answer.code === 'string' ? answer.code : undefined,
          reason: String(Array.isArray(reason) ? reason.join('; ') : (reason ?? '')).slice(0, 1000),
          field: typeof answer.field === 'string' ? answer.field.slice(0, 200) : undefined,
          ...refusalEvidence(req),
        },
      }).catch((error: Error) =>
        logger.error(`could not record a refused ${req.method} ${req.path}: ${error.message}`),
      );
    };
    // Not a 503: PostgreSQL may be what is unavailable, and the answer must not wait on it.
    const needsRecord = () =>
      res.statusCode >= 400 && res.statusCode !== 503 && !req.refusalRecorded && !req.staffActionAudited;
    const json = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (!needsRecord()) return json(body);
      // The record goes first; a trail that is slow to take it (a held chain lock) delays the answer by at most RECORD_WAIT_MS.
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, RECORD_WAIT_MS);
        timer.unref();
      });
      void Promise.race([record(body), waited]).finally(() => {
        clearTimeout(timer);
        json(body);
      });
      return res;
    }) as Response['json'];
    res.once('finish', () => {
      if (needsRecord()) void record(undefined);
    });
    next();
  };
}
