/**
 * `npm start` refuses stores that were separated: a read model with cases and a Temporal without
 * their histories (one folder wiped, one database restored), or the reverse. Every action on such
 * cases would answer "the workflow does not exist", and demo cases would be registered again under
 * old ids. The launcher (apps/launcher/main.ts, run from source) is pointed at a database and a
 * Temporal namespace of this test's own, so it starts no embedded servers.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort } from '../../libs/infra/local-servers';
import { PETITION_WORKFLOW_TYPE } from '../../workflows/petition/petition.contract';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

const ROOT = join(__dirname, '..', '..');

async function runLauncher(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/launcher/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        API_PORT: String(await freePort()),
        WORKER_METRICS_PORT: String(await freePort()),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** A namespace of this test's own, usable once the frontend knows it. */
async function freshNamespace(connection: Connection): Promise<string> {
  const namespace = `separated-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  const client = new Client({ connection, namespace });
  for (let attempt = 0; ; attempt++) {
    try {
      await client.workflow.count();
      return namespace;
    } catch (error) {
      if (attempt > 60) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe('npm start against separated stores', () => {
  let connection: Connection;
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    scratch = await createScratchDatabase('separated', { seedDemo: true });
  });
  afterAll(async () => {
    await scratch?.drop();
    await connection?.close();
  });

  it('refuses a read model with cases whose histories Temporal does not have, naming the remedy', async () => {
    const petitionId = randomUUID();
    await scratch.owner.query(
      `INSERT INTO petitions (id, workflow_id, category, urgent, step, policy_version, calendar_version, routing_unit_id,
         received_at, registered_at, is_final, revision, view, projected_at)
       VALUES ($1, $2, 'appeal', false, 'routing', '2022.1', 'cn-2025', 'x-xfj', now(), now(), false, 1, '{}', now())`,
      [petitionId, `petition-${petitionId}`],
    );
    const namespace = await freshNamespace(connection);
    const { code, output } = await runLauncher({
      DATABASE_URL: scratch.url,
      DATABASE_RUNTIME_URL: '',
      TEMPORAL_NAMESPACE: namespace,
    });
    expect(code).toBe(1);
    expect(output).toContain('the read model holds 1 case(s) but Temporal holds no case history');
    expect(output).toContain('npm start -- --reset');
    expect(output).not.toContain('Petition service is running.');
  }, 180_000);

  it('refuses case histories in Temporal with an empty read model', async () => {
    await scratch.owner.query('DELETE FROM petitions');
    const namespace = await freshNamespace(connection);
    // A case workflow nobody runs: enough for Temporal to hold one history of the petition type.
    await new Client({ connection, namespace }).workflow.start(PETITION_WORKFLOW_TYPE, {
      taskQueue: `nobody-${namespace}`,
      workflowId: `petition-${randomUUID()}`,
      args: [],
    });
    const client = new Client({ connection, namespace });
    for (let i = 0; i < 60 && (await client.workflow.count()).count === 0; i++)
      await new Promise((r) => setTimeout(r, 500));
    const { code, output } = await runLauncher({
      DATABASE_URL: scratch.url,
      DATABASE_RUNTIME_URL: '',
      TEMPORAL_NAMESPACE: namespace,
    });
    expect(code).toBe(1);
    expect(output).toContain('Temporal holds 1 case history(ies) but the read model holds no case');
  }, 180_000);
});
