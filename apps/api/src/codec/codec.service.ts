import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../../../../libs/config/config';
import { PetitionDataConverter, decodePayloads, encodePayloads } from '../../../../libs/temporal/data-converter';
import { JsonPayload, PayloadJsonError, payloadFromJson, payloadToJson } from '../../../../libs/temporal/payload-json';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DATA_CONVERTER, SERVICE_CONFIG } from '../common/tokens';
import type { CodecPayloadsDto } from './codec.dto';

export const CODEC_ROLES = ['auditor', 'admin'] as const;

/** The Temporal codec-server protocol over the service's payload codec (for the Web UI and the CLI). */
@Injectable()
export class CodecService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATA_CONVERTER) private readonly converter: PetitionDataConverter,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async run(direction: 'encode' | 'decode', body: CodecPayloadsDto, namespace: string | undefined): Promise<{ payloads: JsonPayload[] }> {
    if (namespace && namespace !== this.config.temporalNamespace) {
      throw new BadRequestException(`X-Namespace "${namespace}": this codec serves namespace "${this.config.temporalNamespace}" only`);
    }
    let payloads;
    try {
      payloads = body.payloads.map((p, i) => payloadFromJson(p, `payloads[${i}]`));
    } catch (error) {
      if (error instanceof PayloadJsonError) throw new BadRequestException(error.message);
      throw error;
    }
    try {
      const out = direction === 'encode' ? await encodePayloads(this.converter, payloads) : await decodePayloads(this.converter, payloads);
      return { payloads: out.map(payloadToJson) };
    } catch (error) {
      // A payload sealed under an unknown key, or altered: the caller's input, not a server fault.
      throw new BadRequestException(`cannot ${direction}: ${(error as Error).message}`);
    }
  }

  /** The Web UI's path token stands for the auditor `npm start` configured (TEMPORAL_UI_CODEC_*). */
  async userForUiToken(token: string): Promise<AuthenticatedUser> {
    const configured = this.config.temporalUiCodec;
    const given = Buffer.from(token);
    if (!configured || given.length !== Buffer.byteLength(configured.token) || !timingSafeEqual(given, Buffer.from(configured.token))) {
      throw new UnauthorizedException('unknown codec token: the Temporal UI codec endpoint is set by npm start; other clients send Authorization: Bearer <token> to /codec/decode');
    }
    const rows: AuthenticatedUser[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", n.region_path AS "regionPath" FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1 AND u.active AND n.active`,
      [configured.userId],
    );
    if (rows.length === 0) throw new UnauthorizedException(`TEMPORAL_UI_CODEC_USER "${configured.userId}" is not a user`);
    if (!(CODEC_ROLES as readonly string[]).includes(rows[0].role)) {
      throw new ForbiddenException(`TEMPORAL_UI_CODEC_USER "${configured.userId}" is ${rows[0].role}; the codec is for ${CODEC_ROLES.join(' or ')}`);
    }
    return rows[0];
  }
}
