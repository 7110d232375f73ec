/**
 * `npm run start:cluster`: what docker-compose.yml runs, as native processes on this machine —
 * PostgreSQL (embedded unless DATABASE_URL), the Temporal schema (temporal-sql-tool), the production
 * Temporal server on PostgreSQL, the namespace, the Temporal UI, the migrations, WORKER_REPLICAS
 * workers and API_REPLICAS API replicas behind one round-robin port (API_PUBLISH). It reads the
 * compose file's variables (libs/infra/cluster-settings.ts). Every process is restarted with
 * backoff when it crashes. Data and logs in .data/cluster/; Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { redactUrl } from '@/libs/config/config';
import { startCluster } from '@/libs/infra/cluster';
import { ClusterSettingsError, clusterSettingsFromEnv } from '@/libs/infra/cluster-settings';
import { printBanner } from '@/libs/infra/launcher-common';
import { PROJECT_ROOT, embeddedPostgresDataDir } from '@/libs/infra/local-servers';
import { TEMPORAL_SERVER_VERSION } from '@/libs/infra/temporal-cluster';

function log(message: string): void {
  console.log(`[cluster] ${message}`);
}

async function main(): Promise<void> {
  let stop: (() => Promise<void>) | null = null;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await stop?.();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  try {
    const settings = clusterSettingsFromEnv(process.env);
    const dataDir = join(PROJECT_ROOT, '.data', 'cluster');
    const cluster = await startCluster({
      settings,
      dataDir,
      postgresDataDir: embeddedPostgresDataDir(join('cluster', 'postgres')),
      appOutput: 'console',
      ui: true,
      log,
    });
    stop = cluster.stop;
    if (stopping) return void (await cluster.stop());
    printBanner({
      title: `Petition service (cluster topology) is running: ${cluster.workers.length} worker(s), ${cluster.apis.length} API replica(s) behind one port.`,
      apiUrl: cluster.apiUrl,
      temporalUiUrl:
        cluster.uiUrl &&
        (cluster.uiCodecEndpoint
          ? `${cluster.uiUrl}  (payloads decoded through the API's /codec as ${cluster.appEnv.TEMPORAL_UI_CODEC_USER})`
          : cluster.uiUrl),
      lines: [
        `Temporal      ${cluster.temporalAddress} (server ${TEMPORAL_SERVER_VERSION}, PostgreSQL persistence; metrics ${cluster.metricsUrl})`,
        `PostgreSQL    ${redactUrl(cluster.ownerDatabaseUrl)} (the API and the workers as ${new URL(cluster.databaseUrl).username})`,
        `API replicas  ${cluster.apiReplicaUrls.join(', ')}`,
        `Logs          ${join(dataDir, 'logs')}`,
        ...(cluster.tracesFile ? [`Traces        ${cluster.tracesFile} (OTLP-JSON from the cluster's collector)`] : []),
      ],
      demoUsers: settings.seedDemo,
      footer:
        'A crashed process is restarted with backoff. Ctrl-C stops everything; data stays in .data/cluster/ for the next start.',
    });
  } catch (error) {
    console.error(
      `[cluster] ${error instanceof ClusterSettingsError ? 'configuration: ' : ''}${(error as Error).message}`,
    );
    await shutdown(1);
  }
}

void main();
