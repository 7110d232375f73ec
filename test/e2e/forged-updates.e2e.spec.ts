/**
 * Nobody acts around the API (issue 20): whoever reaches the Temporal frontend directly — the dev
 * server of `npm start` and the tests has no authentication of its own (it listens on loopback
 * only) — and sends a staff action as a Temporal update, with an actor of their choosing in the
 * body, is refused by the worker: the update's input was not sealed for that case by the service's
 * payload codec, so its validator cannot read it. Nothing changes in the case: no event in its
 * history, its view or its timeline.
 */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import request from 'supertest';
import { REFUSED_ENCODING } from '../../libs/temporal/payload-codec';
import { payloadFromJson } from '../../libs/temporal/payload-json';
import { petitionViewQuery, petitionWorkflowId } from '../../workflows/petition/petition.contract';
import { staffBearer } from '../support/auth';
import { testDataConverter, useRunningService } from '../support/harness';

/** A codec that sends, in place of what the client would send, a payload the forger got elsewhere. */
class SubstitutingCodec implements PayloadCodec {
  constructor(private readonly substitute: Payload) {}
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map(() => this.substitute);
  }
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const WORKFLOW_TASK_BOOKKEEPING = new Set<number>([
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

describe('a staff action sent straight to Temporal, around the API, is refused (dev topology)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let connection: Connection;
  /** What anyone on the dev server's address has: a client without the service's payload key. */
  let raw: Client;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    connection = await Connection.connect({ address: service.config.temporalAddress });
    raw = new Client({ connection, namespace: service.config.temporalNamespace });
  });
  afterAll(async () => {
    await connection?.close();
  });

  async function register(): Promise<string> {
    const created = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `forged-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        petitionerName: '张某',
        summary: '物业维修基金使用不透明',
      })
      .expect(201);
    const petitionId: string = created.body.petitionId;
    await waitFor(
      'the read-model row',
      async () => (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId]))[0],
    );
    return petitionId;
  }

  /** What an observer of the case sees: its history's length, the workflow's own view, the timeline. */
  async function stateOf(petitionId: string) {
    const codecClient = new Client({
      connection,
      namespace: service.config.temporalNamespace,
      dataConverter: testDataConverter(),
    });
    const handle = codecClient.workflow.getHandle(petitionWorkflowId(petitionId));
    // Settled first: the registration's own tasks and projections are done (the history stops growing).
    let historyEvents = -1;
    let events: temporal.api.history.v1.IHistoryEvent[] = [];
    for (let i = 0; i < 50; i++) {
      events = (await handle.fetchHistory()).events ?? [];
      if (events.length === historyEvents) break;
      historyEvents = events.length;
      await new Promise((r) => setTimeout(r, 400));
    }
    // What the case recorded: every event but the workflow tasks' own bookkeeping (a rejected
    // update's workflow task may be kept in the history; it carries no command and applies nothing).
    const recorded = events.map((e) => e.eventType).filter((type) => !WORKFLOW_TASK_BOOKKEEPING.has(type ?? 0));
    const timeline = await http
      .get(`/petitions/${petitionId}/timeline`)
      .set('Authorization', staffBearer('x-registrar'))
      .expect(200);
    // The view counts clocks down as time passes; what the case holds is the rest.
    const view = JSON.parse(
      JSON.stringify(await handle.query(petitionViewQuery), (key, value) =>
        key === 'remainingMs' ? undefined : value,
      ),
    );
    return { recorded, view, timeline: timeline.body };
  }

  const forgedBody = () => ({
    requestId: `forged-${randomUUID()}`,
    actor: { userId: 'ghost-outside-the-api', role: 'supervisor', unitId: 'x-xfj' },
    args: { instructions: '请于30日内书面反馈办理情况' },
  });

  async function expectRefused(client: Client, petitionId: string): Promise<void> {
    const before = await stateOf(petitionId);
    const attempt = client.workflow
      .getHandle(petitionWorkflowId(petitionId))
      .executeUpdate('issueSupervision', { args: [forgedBody()] });
    await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringContaining(REFUSED_ENCODING) } });
    // A projection would have run by now had anything been applied.
    await new Promise((r) => setTimeout(r, 500));
    const after = await stateOf(petitionId);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('ghost-outside-the-api');
  }

  it('an unsealed update (a client without the payload key) is rejected and the case is unchanged', async () => {
    const petitionId = await register();
    await expectRefused(raw, petitionId);
    // The case still takes its staff's actions through the API, and the API's queries still read it.
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'route-1', args: { unitId: 'x-zjj' } })
      .expect(200);
    const view = await http
      .get(`/petitions/${petitionId}`)
      .set('Authorization', staffBearer('x-registrar'))
      .expect(200);
    expect(view.body).toMatchObject({ petitionId });
  });

  it('an input the service sealed for another case, copied from that case’s history, is rejected', async () => {
    const [victim, other] = [await register(), await register()];
    const otherHistory = JSON.parse(
      historyToJSON(await raw.workflow.getHandle(petitionWorkflowId(other)).fetchHistory()),
    );
    const startInput = otherHistory.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    const copied = payloadFromJson(startInput, 'the other case’s start input');
    expect(Buffer.from(copied.metadata!.encoding!).toString()).toBe('binary/encrypted');
    const replaying = new Client({
      connection,
      namespace: service.config.temporalNamespace,
      dataConverter: { payloadCodecs: [new SubstitutingCodec(copied)] },
    });
    await expectRefused(replaying, victim);
  });

  it('an input sealed through /codec/encode (an auditor’s or admin’s codec) is rejected by every case', async () => {
    const petitionId = await register();
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: Buffer.from(JSON.stringify(forgedBody())).toString('base64'),
    };
    const sealed = await http
      .post('/codec/encode')
      .set('Authorization', staffBearer('admin'))
      .send({ payloads: [plain] })
      .expect(200);
    const minted = new Client({
      connection,
      namespace: service.config.temporalNamespace,
      dataConverter: { payloadCodecs: [new SubstitutingCodec(payloadFromJson(sealed.body.payloads[0], 'sealed'))] },
    });
    await expectRefused(minted, petitionId);
  });
});
