/**
 * How each staff-action endpoint is described on the audit trail: the action, the case, the
 * request id that makes a retry harmless, and what was asked. A registration's personal data
 * (name, contact, summary, accused person) stays out of the trail; it lives in petition_intakes.
 */
import type { Request } from 'express';
import type { DescribeStaffAction } from './staff-action-audit';

interface WithUser extends Request {
  user?: { id: string };
}

function body(request: Request): Record<string, unknown> {
  return request.body && typeof request.body === 'object' && !Array.isArray(request.body)
    ? (request.body as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 200) : undefined;
}

export const describeRegistration: DescribeStaffAction = (request: WithUser, result) => {
  const b = body(request);
  const key = text(request.headers['idempotency-key']);
  const petitionId = (result as { petitionId?: string } | undefined)?.petitionId ?? null;
  return {
    action: 'register',
    petitionId,
    key: petitionId && key ? `register:${key}:${request.user?.id}` : null,
    detail: {
      idempotencyKey: key,
      category: b.category,
      channel: b.channel,
      receivedAt: b.receivedAt,
      urgent: b.urgent,
      collective: b.collective,
      handleDirectly: b.handleDirectly,
      repeatOf: b.repeatOf,
      accusedUnitId: b.accusedUnitId,
    },
  };
};

/** A staff action on a case; `action` is the route's own (each action has its route), else the path's. */
export const describeCaseAction =
  (action?: string): DescribeStaffAction =>
  (request, result) => {
    const b = body(request);
    const requestId = text(b.requestId);
    const name = action ?? text(request.params.action) ?? 'unknown';
    return {
      action: name,
      petitionId: text(request.params.id) ?? null,
      key: result !== undefined && requestId ? `${name}:${request.params.id}:${requestId}` : null,
      detail: { requestId, args: b.args },
    };
  };

export const describeDisposition: DescribeStaffAction = (request: WithUser, result) => {
  const b = body(request);
  const requestId = text(b.requestId);
  return {
    kind: 'disposition',
    action: 'recordDisposition',
    petitionId: (result as { petitionId?: string } | undefined)?.petitionId ?? null,
    key: result !== undefined && requestId ? `disposition:${request.params.id}:${request.user?.id}:${requestId}` : null,
    detail: {
      recordId: request.params.id,
      requestId,
      disposition: b.disposition,
      note: b.note,
      dispositionId: (result as { id?: string } | undefined)?.id,
    },
  };
};

/** A staff action of a backlog campaign (专项攻坚): the campaign, the case if one is named, what was asked. */
export const describeCampaignAction =
  (action: string): DescribeStaffAction =>
  (request: WithUser, result) => {
    const b = body(request);
    const requestId = text(b.requestId) ?? text(request.headers['idempotency-key']);
    const campaignId = text(request.params.id) ?? (result as { campaignId?: string } | undefined)?.campaignId ?? null;
    const petitionId = text(request.params.petitionId) ?? text(b.petitionId) ?? null;
    return {
      action,
      petitionId,
      key:
        result !== undefined && requestId
          ? `campaign:${action}:${campaignId}:${petitionId}:${requestId}:${request.user?.id}`
          : null,
      detail: { campaignId, requestId, body: b },
    };
  };

/** 积案 imported with its history: a registration, with what the history says. */
export const describeBacklogRegistration: DescribeStaffAction = (request: WithUser, result) => {
  const registration = describeRegistration(request, result);
  const backlog = (body(request).backlog ?? {}) as Record<string, unknown>;
  return {
    ...registration,
    action: 'registerBacklog',
    key: registration.key ? `backlog:${registration.key}` : null,
    detail: {
      ...registration.detail,
      backlog: { visits: backlog.visits, sourceRef: backlog.sourceRef, earlierDecisions: backlog.earlierDecisions },
    },
  };
};
