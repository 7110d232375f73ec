import { Connection, Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

/** Connects, and if the server is not there says which address was tried. */
export async function connectClient(address: string, namespace: string): Promise<Client> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
    return new Client({ connection, namespace });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`);
  }
}

export async function connectWorker(address: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address });
  } catch (error) {
    throw new Error(`Temporal is not reachable at ${address} (TEMPORAL_ADDRESS): ${(error as Error).message}`);
  }
}
