/**
 * How long the case lookup takes for an accusation read by its accused unit (hidden) and for an id
 * that does not exist (missing): the two must not be told apart by time. Starts its own embedded
 * PostgreSQL with the demo seed, registers one accusation against x-zjj, then times
 * PetitionAccessService.requireVisible as x-handler, hidden and missing interleaved.
 *
 *   node -r ./test/support/register-ts.js bench/hidden-case-timing.ts [rounds] [module]
 *
 * `module` (optional) is another build of the service to time instead (e.g. the one before a change).
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startEmbeddedPostgres } from '../libs/infra/local-servers';
import { createDataSource } from '../libs/persistence/data-source';
import { migrateDatabase } from '../libs/persistence/migrate';
import type { AuthenticatedUser } from '../apps/api/src/auth/authenticated-user';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const ms = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 500);
  const modulePath = process.argv[3]
    ? resolve(process.argv[3])
    : resolve(__dirname, '../apps/api/src/petitions/petition-access.service');
  const { PetitionAccessService } = (await import(
    modulePath
  )) as typeof import('../apps/api/src/petitions/petition-access.service');
  const pg = await startEmbeddedPostgres({
    dataDir: join(tmpdir(), `hidden-case-timing-${process.pid}`),
    port: await freePort(),
    persistent: false,
    database: 'timing',
  });
  try {
    await migrateDatabase(pg.address, { seedDemo: true, runtimeRole: null });
    const dataSource = createDataSource(pg.address);
    await dataSource.initialize();
    const accusation = randomUUID();
    await dataSource.query(
      `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name, summary, accused_unit_id, query_code_hash)
       VALUES ($1, $2, 'timing', 'x-registrar', 'x-xfj', '某某', '检举', 'x-zjj', 'timing')`,
      [`timing-${accusation}`, accusation],
    );
    const user: AuthenticatedUser = {
      id: 'x-handler',
      name: 'x-handler',
      role: 'handler',
      unitId: 'x-zjj',
      regionPath: 'p.c.x',
      sessionId: null,
    };
    const access = new PetitionAccessService(dataSource);
    const time = async (petitionId: string): Promise<number> => {
      const started = process.hrtime.bigint();
      await access.requireVisible(user, petitionId).catch(() => undefined);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    for (let i = 0; i < 50; i++) await time(i % 2 ? accusation : randomUUID()); // warm-up
    const hidden: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < rounds; i++) {
      hidden.push(await time(accusation));
      await new Promise((r) => setTimeout(r, 15));
      missing.push(await time(randomUUID()));
      // What the service records after its answer (the accused unit's attempt): let it land before the next lookup is timed.
      await new Promise((r) => setTimeout(r, 15));
    }
    const row = (name: string, xs: number[]) => ({
      name,
      median: ms(median(xs)),
      p90: ms(pct(xs, 90)),
      mean: ms(mean(xs)),
    });
    console.log(
      JSON.stringify(
        { module: modulePath, rounds, figuresMs: [row('hidden (accused unit)', hidden), row('missing', missing)] },
        null,
        2,
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    await dataSource.destroy();
  } finally {
    await pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
