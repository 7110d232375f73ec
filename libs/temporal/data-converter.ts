/**
 * The one place the service's Temporal data converter is built. The API's client, the worker, the
 * launcher, the audit CLI, replay and the tests all take it from here, so nothing talks to
 * Temporal without the payload codec.
 */
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { AesGcmPayloadCodec, PayloadKey } from './payload-codec';

export interface PetitionDataConverter extends DataConverter {
  payloadCodecs: PayloadCodec[];
}

export function petitionDataConverter(keys: PayloadKey[]): PetitionDataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}

/**
 * For replaying histories already recorded (the replay gate, the audit replayer): a replay accepts
 * no new input and changes nothing, and recorded histories may hold plain payloads (the test
 * fixtures are saved decoded; histories from before the codec), so it opens what it is given
 * without the live worker's rule that inputs must be sealed for their workflow.
 */
export function replayDataConverter(converter: PetitionDataConverter): PetitionDataConverter {
  return {
    ...converter,
    payloadCodecs: converter.payloadCodecs.map((codec) => ({
      decode: (payloads: Payload[]) => codec.decode(payloads),
      encode: (payloads: Payload[], context?: SerializationContext) => codec.encode(payloads, context),
    })),
  };
}

/** Runs payloads through the converter's codecs as the SDK would, last codec first on decode. */
export async function decodePayloads(
  converter: PetitionDataConverter,
  payloads: Payload[],
  context?: SerializationContext,
): Promise<Payload[]> {
  let out = payloads;
  for (const codec of [...converter.payloadCodecs].reverse()) out = await codec.decode(out, context);
  return out;
}

/** With a context, sealed for its workflow (as the SDK seals); without, for no workflow. */
export async function encodePayloads(
  converter: PetitionDataConverter,
  payloads: Payload[],
  context?: SerializationContext,
): Promise<Payload[]> {
  let out = payloads;
  for (const codec of converter.payloadCodecs) out = await codec.encode(out, context);
  return out;
}
