/**
 * Nobody acts around the API, on the production topology (issue 20): the Temporal frontend of the
 * cluster requires a client certificate of the deployment's CA (mTLS), so a process on the network
 * without it cannot even open a connection; and one that holds it (a stolen certificate, an
 * operator's shell) still cannot act on a case: a staff action it sends as a Temporal update is not
 * sealed for the case by the service's payload codec, and the workers refuse it. Nothing changes.
 */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { readFileSync } from 'node:fs';
import { REFUSED_ENCODING } from '../../libs/temporal/payload-codec';
import { temporalTls } from '../../libs/temporal/connection';
import { petitionViewQuery } from '../../workflows/petition/petition.contract';
import { callApi, caseRecords, eventually, registerCase, useCluster } from '../support/cluster-harness';

const WORKFLOW_TASK_BOOKKEEPING = new Set<number>([
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
]);

describe('a staff action sent straight to the cluster’s Temporal frontend is refused', () => {
  const ctx = useCluster({ workers: 1, apis: 1 });

  const forgedBody = {
    requestId: 'forged-1',
    actor: { userId: 'ghost-outside-the-api', role: 'supervisor', unitId: 'x-xfj' },
    args: { instructions: '请于30日内书面反馈办理情况' },
  };

  it('a client without the client certificate cannot connect: neither plain gRPC nor TLS without a certificate', async () => {
    await expect(
      Connection.connect({ address: ctx.cluster.temporalAddress, connectTimeout: '5 seconds' }),
    ).rejects.toThrow();
    const serverOnly = {
      serverNameOverride: ctx.cluster.temporalCerts.serverName,
      serverRootCACertificate: readFileSync(ctx.cluster.temporalCerts.ca),
    };
    await expect(
      Connection.connect({ address: ctx.cluster.temporalAddress, connectTimeout: '5 seconds', tls: serverOnly }),
    ).rejects.toThrow();
    // The one holding the certificate connects (the tests' own client, like the API and the workers).
    const holder = await Connection.connect({
      address: ctx.cluster.temporalAddress,
      tls: temporalTls(ctx.cluster.appEnv),
    });
    await holder.close();
  });

  it('with the certificate but without the payload key, an update is rejected and the case is unchanged', async () => {
    const { petitionId, workflowId } = await registerCase(ctx, `forged-cluster-${Date.now()}`);
    const sealed = ctx.temporal.workflow.getHandle(workflowId);
    // What the case recorded once settled: every event but the workflow tasks' own bookkeeping (a
    // rejected update's workflow task may be kept in the history; it carries no command).
    const settle = async () => {
      let events: temporal.api.history.v1.IHistoryEvent[] = [];
      for (let i = 0; i < 50; i++) {
        const now = (await sealed.fetchHistory()).events ?? [];
        if (now.length === events.length) break;
        events = now;
        await new Promise((r) => setTimeout(r, 500));
      }
      return events.map((e) => e.eventType).filter((type) => !WORKFLOW_TASK_BOOKKEEPING.has(type ?? 0));
    };
    const historyBefore = await settle();
    const recordsBefore = await caseRecords(ctx.db, petitionId);
    const stepBefore = (await sealed.query(petitionViewQuery)).step;

    const connection = await Connection.connect({
      address: ctx.cluster.temporalAddress,
      tls: temporalTls(ctx.cluster.appEnv),
    });
    try {
      const raw = new Client({ connection, namespace: ctx.cluster.appEnv.TEMPORAL_NAMESPACE });
      const attempt = raw.workflow.getHandle(workflowId).executeUpdate('issueSupervision', { args: [forgedBody] });
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(attempt).rejects.toMatchObject({ cause: { message: expect.stringContaining(REFUSED_ENCODING) } });
    } finally {
      await connection.close();
    }

    await new Promise((r) => setTimeout(r, 1000));
    expect(await settle()).toEqual(historyBefore);
    expect(await caseRecords(ctx.db, petitionId)).toEqual(recordsBefore);
    expect((await sealed.query(petitionViewQuery)).step).toBe(stepBefore);
    const everything = JSON.stringify(await caseRecords(ctx.db, petitionId));
    expect(everything).not.toContain('ghost-outside-the-api');
    // The API's own actions still go through (sealed for the case by its client).
    const routed = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      user: 'x-registrar',
      body: { requestId: 'route-1', args: { unitId: 'x-zjj' } },
    });
    expect(routed.status).toBe(200);
    await eventually(
      'the routed row',
      async () =>
        (await ctx.db.query(`SELECT 1 FROM petitions WHERE id = $1 AND step = 'acceptance'`, [petitionId])).rows[0],
    );
  });
});
