/**
 * Petitioner privacy in Temporal (DOMAIN §6): a case's raw history, read without the codec, holds
 * none of the petitioner's name, contact or summary, no free-text reason and not the accused unit
 * of an accusation. Through the codec (the service's own, or the /codec endpoints an auditor's
 * Temporal UI calls) the reason and the accused unit are there; the personal data never is.
 */
import {
  ACCOUNTABLE_UNITS_PATCH,
  APPROVALS_PATCH,
  DELIVERY_RECORDS_PATCH,
  LOCAL_SIDE_EFFECTS_PATCH,
  OUTCOME_NOTICES_PATCH,
  PROJECTION_KEEPS_PENDING_PATCH,
  STATUTORY_CALENDAR_PATCH,
  TAKEOVER_OBJECTION_POLICY_PATCH,
  WRITTEN_NOTICES_PATCH,
} from '../../workflows/petition/petition.contract';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { decodeJsonTree } from '../../libs/temporal/payload-json';
import { generatePayloadKeyEntry } from '../../libs/temporal/payload-codec';
import { staffBearer } from '../support/auth';
import { createTestUser } from '../support/accounts';
import { testDataConverter, useRunningService } from '../support/harness';

const UI_TOKEN = `ui-${randomUUID()}`;

/** Every payload's data, read as if it were plain: what anyone with access to Temporal could see. */
function payloadTexts(tree: unknown): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const metadata = record.metadata as Record<string, string> | undefined;
      if (metadata && typeof metadata.encoding === 'string' && typeof record.data === 'string') {
        texts.push(Buffer.from(record.data, 'base64').toString('utf8'));
        return;
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(tree);
  return texts;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The markers a case registered today records: public ids, nothing of the case. */
const CASE_PATCHES = [
  ACCOUNTABLE_UNITS_PATCH,
  APPROVALS_PATCH,
  DELIVERY_RECORDS_PATCH,
  LOCAL_SIDE_EFFECTS_PATCH,
  OUTCOME_NOTICES_PATCH,
  PROJECTION_KEEPS_PENDING_PATCH,
  STATUTORY_CALENDAR_PATCH,
  TAKEOVER_OBJECTION_POLICY_PATCH,
  WRITTEN_NOTICES_PATCH,
];

describe('payloads in Temporal are encrypted (DOMAIN §6)', () => {
  const service = useRunningService({
    configure: (c) => ({ ...c, temporalUiCodec: { token: UI_TOKEN, userId: 'p-auditor' } }),
  });
  let http: ReturnType<typeof request>;
  /** A client without the codec: what the Temporal server itself stores. */
  let raw: Client;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    raw = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
    });
  });
  afterAll(async () => {
    await raw?.connection.close();
  });

  const secret = {
    petitionerName: `王举报${randomUUID().slice(0, 6)}`,
    petitionerContact: `139${Math.floor(Math.random() * 1e8)
      .toString()
      .padStart(8, '0')}`,
    summary: `反映某单位负责人违规发放补贴-${randomUUID().slice(0, 13)}`,
    declineReason: `经初步核实，所反映问题不属于本单位职责-${randomUUID().slice(0, 13)}`,
    accusedUnitId: 'p-jw',
  };
  let petitionId: string;
  let rawHistory: unknown;

  beforeAll(async () => {
    const created = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `codec-${randomUUID()}`)
      .send({
        category: 'accusation',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        petitionerName: secret.petitionerName,
        petitionerContact: secret.petitionerContact,
        summary: secret.summary,
        accusedUnitId: secret.accusedUnitId,
      })
      .expect(201);
    petitionId = created.body.petitionId;
    await waitFor(
      'the read-model row',
      async () => (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId]))[0],
    );
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'route-1', args: { unitId: 'x-zjj' } })
      .expect(200);
    await http
      .post(`/petitions/${petitionId}/actions/decline`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: 'decline-1', args: { reason: secret.declineReason } })
      .expect(200);
    const handle = raw.workflow.getHandle(`petition-${petitionId}`);
    rawHistory = JSON.parse(historyToJSON(await handle.fetchHistory()));
  });

  it('the raw history holds none of the name, contact, summary, the free-text reason or the accused unit', () => {
    const texts = payloadTexts(rawHistory);
    expect(texts.length).toBeGreaterThan(10);
    const everything = texts.join('\n');
    for (const value of Object.values(secret)) expect([value, everything.includes(value)]).toEqual([value, false]);
    // Not even the shape of the data: every payload is sealed, except what the SDK's core writes
    // itself: for patched() (its marker and the TemporalChangeVersion search attribute), which
    // holds only the patch's public id, and for each local activity the marker's bookkeeping (seq,
    // attempt, activity type, times), whose result is sealed like any payload.
    const events = (rawHistory as { events: Record<string, unknown>[] }).events;
    const markerName = (e: Record<string, unknown>) =>
      (e.markerRecordedEventAttributes as { markerName?: string } | undefined)?.markerName;
    const patchRecords = events.filter(
      (e) =>
        markerName(e) === 'core_patch' ||
        Object.keys(
          (
            e.upsertWorkflowSearchAttributesEventAttributes as
              { searchAttributes?: { indexedFields?: object } } | undefined
          )?.searchAttributes?.indexedFields ?? { x: 1 },
        ).join() === 'TemporalChangeVersion',
    );
    const patches = payloadTexts(patchRecords).map((text) => JSON.parse(text));
    expect(
      patches
        .filter((p) => !Array.isArray(p))
        .map((p) => p.id)
        .sort(),
    ).toEqual([...CASE_PATCHES].sort());
    expect(patches.at(-1).sort()).toEqual([...CASE_PATCHES].sort());
    const localActivities = events.filter((e) => markerName(e) === 'core_local_activity');
    expect(localActivities.length).toBeGreaterThan(0);
    const bookkeeping = localActivities.map(
      (e) => (e.markerRecordedEventAttributes as { details: Record<string, unknown> }).details,
    );
    for (const details of bookkeeping) {
      const [data] = payloadTexts(details.data);
      expect(Object.keys(JSON.parse(data)).sort()).toEqual([
        'activity_id',
        'activity_type',
        'attempt',
        'backoff',
        'complete_time',
        'original_schedule_time',
        'seq',
      ]);
    }
    // The trace context header is the one plain payload by design: the OpenTelemetry interceptors
    // write it with the default converter (the worker reads it before any codec could), and it
    // holds only the W3C trace context, never case data.
    const { rest: sealed, traceContexts } = withoutTraceContext(
      events.filter((e) => !patchRecords.includes(e) && !localActivities.includes(e)),
    );
    expect(traceContexts.length).toBeGreaterThan(0);
    for (const text of payloadTexts(traceContexts)) {
      expect(Object.keys(JSON.parse(text)).every((k) => k === 'traceparent' || k === 'tracestate')).toBe(true);
    }
    const encodings = new Set([
      ...payloadTexts(collectMetadata({ events: sealed })),
      ...payloadTexts(collectMetadata(bookkeeping.map((d) => d.result))),
    ]);
    encodings.delete('binary/null');
    expect([...encodings]).toEqual(['binary/encrypted']);
  });

  it('through the codec the reason and the accused unit are there; name, contact and summary never enter Temporal', async () => {
    const decoded = payloadTexts(await decodeJsonTree(testDataConverter(), rawHistory)).join('\n');
    expect(decoded).toContain(secret.declineReason);
    expect(decoded).toContain(`"accusedUnitId":"${secret.accusedUnitId}"`);
    for (const personal of [secret.petitionerName, secret.petitionerContact, secret.summary])
      expect([personal, decoded.includes(personal)]).toEqual([personal, false]);
  });

  it('/codec/decode opens payloads for an auditor; other roles and anonymous callers are refused', async () => {
    const sealed = sealedPayloads(rawHistory);
    const response = await http
      .post('/codec/decode')
      .set('Authorization', staffBearer('p-auditor'))
      .set('X-Namespace', service.config.temporalNamespace)
      .send({ payloads: sealed })
      .expect(200);
    expect(response.body.payloads).toHaveLength(sealed.length);
    const texts = response.body.payloads
      .map((p: { data: string }) => Buffer.from(p.data, 'base64').toString('utf8'))
      .join('\n');
    expect(texts).toContain(secret.declineReason);
    expect(Buffer.from(response.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');

    await http.post('/codec/decode').send({ payloads: sealed }).expect(401);
    const handler = await http
      .post('/codec/decode')
      .set('Authorization', staffBearer('x-handler'))
      .send({ payloads: sealed })
      .expect(403);
    expect(handler.body.detail).toContain('auditor');
  });

  it('/codec/encode seals with the current key, and /codec/decode opens it again', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"回头看"').toString('base64'),
    };
    // The Temporal CLI sends an empty X-Namespace unless told one.
    const sealed = await http
      .post('/codec/encode')
      .set('Authorization', staffBearer('admin'))
      .set('X-Namespace', '')
      .send({ payloads: [plain] })
      .expect(200);
    expect(Buffer.from(sealed.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const opened = await http
      .post('/codec/decode')
      .set('Authorization', staffBearer('admin'))
      .send(sealed.body)
      .expect(200);
    expect(opened.body.payloads).toEqual([plain]);
  });

  it('the Temporal UI reaches the codec from its origin (CORS) with the token npm start gave it; a wrong token is 401', async () => {
    const origin = new URL(service.config.temporalUiUrl).origin;
    const preflight = await http
      .options('/codec/decode')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-headers']).toContain('x-namespace');
    const elsewhere = await http
      .options('/codec/decode')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();

    const sealed = sealedPayloads(rawHistory).slice(0, 3);
    const viaUi = await http
      .post(`/codec/ui/${UI_TOKEN}/decode`)
      .set('Origin', origin)
      .send({ payloads: sealed })
      .expect(200);
    expect(viaUi.headers['access-control-allow-origin']).toBe(origin);
    expect(viaUi.body.payloads).toHaveLength(3);
    const wrong = await http
      .post(`/codec/ui/not-the-token-${randomUUID()}/decode`)
      .send({ payloads: sealed })
      .expect(401);
    expect(wrong.body.detail).toContain('unknown codec token');
  });

  it('/codec/decode opens only payloads of cases the caller may see: an auditor and an admin of another county get the 404 of the case pages; every decode is on the audit trail', async () => {
    const sealed = sealedPayloads(rawHistory).slice(0, 4);
    const trailOf = async () =>
      (await service.dataSource.query(
        `SELECT actor_user_id, outcome, detail FROM audit_trail WHERE petition_id = $1 AND action = 'codecDecode' ORDER BY seq`,
        [petitionId],
      )) as {
        actor_user_id: string;
        outcome: string;
        detail: { via: string; sealedFor: string; payloads: number };
      }[];
    const before = (await trailOf()).length;
    for (const role of ['auditor', 'admin'] as const) {
      const outsider = await createTestUser(service.dataSource, role, 'y-xfj');
      const bearer = `Bearer ${(await http.post('/auth/login').send({ userId: outsider.id, password: outsider.password }).expect(200)).body.accessToken}`;
      await http.get(`/petitions/${petitionId}`).set('Authorization', bearer).expect(404);
      const refused = await http
        .post('/codec/decode')
        .set('Authorization', bearer)
        .send({ payloads: sealed })
        .expect(404);
      expect(refused.body.code).toBe('notFound');
      expect(JSON.stringify(refused.body)).not.toContain(secret.declineReason);
      expect((await trailOf()).filter((r) => r.actor_user_id === outsider.id)).toEqual([
        {
          actor_user_id: outsider.id,
          outcome: 'refused',
          detail: { via: 'bearer', sealedFor: `petition-${petitionId}`, payloads: sealed.length },
        },
      ]);
    }
    await http
      .post('/codec/decode')
      .set('Authorization', staffBearer('p-auditor'))
      .send({ payloads: sealed })
      .expect(200);
    await http.post(`/codec/ui/${UI_TOKEN}/decode`).send({ payloads: sealed }).expect(200);
    const after = await trailOf();
    expect(after.length).toBe(before + 4);
    expect(after.slice(-2)).toEqual([
      {
        actor_user_id: 'p-auditor',
        outcome: 'read',
        detail: { via: 'bearer', sealedFor: `petition-${petitionId}`, payloads: sealed.length },
      },
      {
        actor_user_id: 'p-auditor',
        outcome: 'read',
        detail: { via: 'ui', sealedFor: `petition-${petitionId}`, payloads: sealed.length },
      },
    ]);
  });

  it('what /codec/encode seals opens for the one who sealed it only', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from('"x"').toString('base64'),
    };
    const sealed = await http
      .post('/codec/encode')
      .set('Authorization', staffBearer('admin'))
      .send({ payloads: [plain] })
      .expect(200);
    await http.post('/codec/decode').set('Authorization', staffBearer('p-auditor')).send(sealed.body).expect(404);
  });

  it('bad codec input is a 400 saying what was wrong', async () => {
    const auditor = staffBearer('p-auditor');
    const notBase64 = await http
      .post('/codec/decode')
      .set('Authorization', auditor)
      .send({ payloads: [{ metadata: { encoding: '!!' }, data: 'x' }] })
      .expect(400);
    expect(notBase64.body.detail).toContain('payloads[0].metadata.encoding must be base64');
    const foreign = await http
      .post('/codec/decode')
      .set('Authorization', auditor)
      .send({
        payloads: [
          {
            metadata: {
              encoding: Buffer.from('binary/encrypted').toString('base64'),
              'encryption-key-id': Buffer.from(generatePayloadKeyEntry().split('=')[0]).toString('base64'),
            },
            data: Buffer.alloc(40).toString('base64'),
          },
        ],
      })
      .expect(400);
    expect(foreign.body.detail).toMatch(/cannot decode: payload key "k\d+-[0-9a-f]+" is not configured/);
    const otherNamespace = await http
      .post('/codec/decode')
      .set('Authorization', auditor)
      .set('X-Namespace', 'elsewhere')
      .send({ payloads: [] })
      .expect(400);
    expect(otherNamespace.body.detail).toContain('serves namespace');
    await http.post('/codec/decode').set('Authorization', auditor).send({ payloads: 'none' }).expect(400);
  });
});

/** The sealed payloads of a history, as the Temporal UI would send them. */
function sealedPayloads(tree: unknown): { metadata: Record<string, string>; data: string }[] {
  const found: { metadata: Record<string, string>; data: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const metadata = record.metadata as Record<string, string> | undefined;
      if (metadata && typeof metadata.encoding === 'string' && typeof record.data === 'string') {
        found.push({ metadata, data: record.data });
        return;
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(tree);
  return found;
}

/** The tree without its `_tracer-data` headers, and those headers apart. */
function withoutTraceContext(tree: unknown): { rest: unknown; traceContexts: unknown[] } {
  const traceContexts: unknown[] = [];
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (!node || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '_tracer-data') traceContexts.push(value);
      else copy[key] = strip(value);
    }
    return copy;
  };
  return { rest: strip(tree), traceContexts };
}

/** Each payload's encoding, shaped as a payload so payloadTexts reads it. */
function collectMetadata(tree: unknown): unknown {
  return sealedPayloads(tree).map((p) => ({ metadata: { encoding: 'x' }, data: p.metadata.encoding }));
}
