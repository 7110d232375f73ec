import { Connection, Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { PetitionDataConverter } from './data-converter';
import { requestIdClientInterceptor } from './request-id';

/** Connects, and if the server is not there says which address was tried. Every client carries the payload codec. */
export async function connectClient(address: string, namespace: string, dataConverter: PetitionDataConverter): Promise<Client> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
    // Every update and start carries the id of the HTTP request behind it (libs/temporal/request-id.ts).
    return new Client({ connection, namespace, dataConverter, interceptors: { workflow: [requestIdClientInterceptor(dataConverter)] } });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`, { cause: error });
  }
}

export async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`, { cause: error });
  }
}
