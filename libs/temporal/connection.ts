import { Connection, Client } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { NativeConnection } from '@temporalio/worker';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { readFileSync } from 'node:fs';
import { currentTracing } from '../observability/tracing';
import type { PetitionDataConverter } from './data-converter';
import { requestIdClientInterceptor } from './request-id';

/** The variables naming the client certificate a frontend that requires mTLS asks for (compose, start:cluster). */
export const TEMPORAL_TLS_ENV = [
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

/**
 * mTLS to the Temporal frontend when TEMPORAL_TLS_CERT is set: the client certificate and key, the
 * CA the server's certificate is checked against, and the name it must carry (the address is an IP
 * or a service name). Unset: plain gRPC (the loopback-only dev server of `npm start` and the tests).
 */
export function temporalTls(env: NodeJS.ProcessEnv = process.env): TLSConfig | undefined {
  if (!env.TEMPORAL_TLS_CERT) return undefined;
  const read = (name: (typeof TEMPORAL_TLS_ENV)[number]): Buffer => {
    const path = env[name];
    if (!path) throw new Error(`${name} is not set: TEMPORAL_TLS_CERT needs TEMPORAL_TLS_KEY and TEMPORAL_TLS_CA too`);
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name} (${path}) cannot be read: ${(error as Error).message}`, { cause: error });
    }
  };
  return {
    serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME || undefined,
    serverRootCACertificate: read('TEMPORAL_TLS_CA'),
    clientCertPair: { crt: read('TEMPORAL_TLS_CERT'), key: read('TEMPORAL_TLS_KEY') },
  };
}

/** Connects, and if the server is not there says which address was tried. Every client carries the payload codec. */
export async function connectClient(
  address: string,
  namespace: string,
  dataConverter: PetitionDataConverter,
  tls: TLSConfig | undefined = temporalTls(),
): Promise<Client> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '10 seconds', tls });
    // Every update and start carries the id of the HTTP request behind it (libs/temporal/request-id.ts),
    // and, when tracing is on, its span. Untraced, the OpenTelemetry interceptor is left out rather
    // than run against the no-op tracer: it would still cost every call a span, a context and a header.
    const requestIds = requestIdClientInterceptor(dataConverter);
    return new Client({
      connection,
      namespace,
      dataConverter,
      interceptors: {
        workflow: currentTracing().enabled ? [new OpenTelemetryWorkflowClientInterceptor(), requestIds] : [requestIds],
      },
    });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export async function connectWorker(
  address: string,
  tls: TLSConfig | undefined = temporalTls(),
): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address, tls });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`, {
      cause: error,
    });
  }
}
