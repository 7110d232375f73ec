/**
 * The one place the service's Temporal data converter is built. The API's client, the worker, the
 * launcher, the audit CLI, replay and the tests all take it from here, so nothing talks to
 * Temporal without the payload codec.
 */
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { AesGcmPayloadCodec, PayloadKey } from './payload-codec';

export interface PetitionDataConverter extends DataConverter {
  payloadCodecs: PayloadCodec[];
}

export function petitionDataConverter(keys: PayloadKey[]): PetitionDataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}

/** Runs payloads through the converter's codecs as the SDK would, last codec first on decode. */
export async function decodePayloads(converter: PetitionDataConverter, payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of [...converter.payloadCodecs].reverse()) out = await codec.decode(out);
  return out;
}

export async function encodePayloads(converter: PetitionDataConverter, payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of converter.payloadCodecs) out = await codec.encode(out);
  return out;
}
