import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import type { ServiceConfig } from '@/libs/config/config';
import type { PetitionDataConverter } from '@/libs/temporal/data-converter';
import { AesGcmPayloadCodec, CODEC_ENDPOINT_BINDING_PREFIX } from '@/libs/temporal/payload-codec';
import { JsonPayload, PayloadJsonError, payloadFromJson, payloadToJson } from '@/libs/temporal/payload-json';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DATA_CONVERTER, SERVICE_CONFIG } from '../common/tokens';
import { PetitionAccessService } from '../petitions/petition-access.service';
import type { CodecPayloadsDto } from './codec.dto';

export const CODEC_ROLES = ['auditor', 'admin'] as const;

const PETITION_BINDING = /^petition-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const CAMPAIGN_BINDING = /^campaign-(.+)$/;

/**
 * The Temporal codec-server protocol over the service's payload codec (for the Web UI and the CLI).
 * A decode is a read of the cases whose payloads it opens: each payload names the workflow it was
 * sealed for, the caller must be allowed to see that case (the API's own rule, PetitionAccessService),
 * and every decode goes on the audit trail. A payload of a case the caller may not see refuses the
 * whole request with the same 404 as the case's own pages.
 */
@Injectable()
export class CodecService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    @Inject(DATA_CONVERTER) private readonly converter: PetitionDataConverter,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async run(
    user: AuthenticatedUser,
    direction: 'encode' | 'decode',
    body: CodecPayloadsDto,
    namespace: string | undefined,
    via: 'bearer' | 'ui',
  ): Promise<{ payloads: JsonPayload[] }> {
    if (namespace && namespace !== this.config.temporalNamespace) {
      throw new BadRequestException(
        `X-Namespace "${namespace}": this codec serves namespace "${this.config.temporalNamespace}" only`,
      );
    }
    let payloads;
    try {
      payloads = body.payloads.map((p, i) => payloadFromJson(p, `payloads[${i}]`));
    } catch (error) {
      if (error instanceof PayloadJsonError) throw new BadRequestException(error.message);
      throw error;
    }
    const codec = this.codec();
    // Sealed for the caller, not for a workflow: no worker accepts what this endpoint seals, so a
    // codec user cannot mint an input that would act on a case around the API.
    if (direction === 'encode')
      return { payloads: codec.sealFor(payloads, `${CODEC_ENDPOINT_BINDING_PREFIX}${user.id}`).map(payloadToJson) };
    let opened;
    try {
      opened = payloads.map((p) => codec.openWithBinding(p));
    } catch (error) {
      // A payload sealed under an unknown key, or altered: the caller's input, not a server fault.
      throw new BadRequestException(`cannot decode: ${(error as Error).message}`);
    }
    const sealedFor = [...new Set(opened.filter((o) => o.sealed).map((o) => o.sealedFor ?? ''))];
    const refused = await this.notVisible(user, sealedFor);
    if (refused.length > 0) {
      await this.record(user, via, 'refused', refused, opened.length);
      throw new NotFoundException('payloads of a case not found: this codec opens only payloads of cases you may see');
    }
    await this.record(user, via, 'read', sealedFor, opened.length);
    return { payloads: opened.map((o) => payloadToJson(o.payload)) };
  }

  private codec(): AesGcmPayloadCodec {
    const codec = this.converter.payloadCodecs.find((c): c is AesGcmPayloadCodec => c instanceof AesGcmPayloadCodec);
    if (!codec) throw new Error('the data converter has no payload codec');
    return codec;
  }

  /**
   * Which of these bindings the caller may not open: a case they may not see (the rule of the
   * case pages); a campaign outside their region and the ones above it; payloads sealed before the
   * binding existed ('' for no workflow) only by a caller who sees every case; the codec
   * endpoint's own seals only by whoever sealed them.
   */
  private async notVisible(user: AuthenticatedUser, bindings: string[]): Promise<string[]> {
    const petitionIds = bindings
      .map((b) => PETITION_BINDING.exec(b)?.[1])
      .filter((id): id is string => !!id)
      .map((id) => id.toLowerCase());
    const visiblePetitions = await this.access.filterVisible(user, petitionIds);
    const seesEverything = (await this.access.listScope(user)).unitIds === null;
    const refused: string[] = [];
    for (const binding of bindings) {
      const petitionId = PETITION_BINDING.exec(binding)?.[1];
      const campaignId = CAMPAIGN_BINDING.exec(binding)?.[1];
      if (petitionId) {
        if (!visiblePetitions.has(petitionId.toLowerCase())) refused.push(binding);
      } else if (campaignId) {
        const [row]: { visible: boolean }[] = await this.dataSource.query(
          `SELECT (region_path = $2 OR starts_with(region_path, $2 || '.')) AS visible FROM campaigns WHERE id::text = $1`,
          [campaignId, user.regionPath],
        );
        if (!row?.visible) refused.push(binding);
      } else if (binding.startsWith(CODEC_ENDPOINT_BINDING_PREFIX)) {
        if (binding !== `${CODEC_ENDPOINT_BINDING_PREFIX}${user.id}`) refused.push(binding);
      } else if (!seesEverything) {
        refused.push(binding);
      }
    }
    return refused;
  }

  /** One record per case opened (or refused), so the case's own trail shows who decoded it. */
  private async record(
    user: AuthenticatedUser,
    via: 'bearer' | 'ui',
    outcome: 'read' | 'refused',
    bindings: string[],
    payloadCount: number,
  ): Promise<void> {
    const actor = { userId: user.id, role: user.role, unitId: user.unitId };
    const entries = bindings.length > 0 ? bindings : [null];
    for (const binding of entries) {
      const petitionId = binding ? (PETITION_BINDING.exec(binding)?.[1]?.toLowerCase() ?? null) : null;
      await appendAuditRecord(this.dataSource.manager, {
        kind: 'historyRead',
        action: 'codecDecode',
        outcome,
        actor,
        petitionId,
        detail: { via, sealedFor: binding, payloads: payloadCount },
      });
    }
  }

  /** The Web UI's path token stands for the auditor `npm start` configured (TEMPORAL_UI_CODEC_*). */
  async userForUiToken(token: string): Promise<AuthenticatedUser> {
    const configured = this.config.temporalUiCodec;
    const given = Buffer.from(token);
    if (
      !configured ||
      given.length !== Buffer.byteLength(configured.token) ||
      !timingSafeEqual(given, Buffer.from(configured.token))
    ) {
      throw new UnauthorizedException(
        'unknown codec token: the Temporal UI codec endpoint is set by npm start; other clients send Authorization: Bearer <token> to /codec/decode',
      );
    }
    const rows: AuthenticatedUser[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", n.region_path AS "regionPath" FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1 AND u.active AND n.active`,
      [configured.userId],
    );
    if (rows.length === 0)
      throw new UnauthorizedException(`TEMPORAL_UI_CODEC_USER "${configured.userId}" is not a user`);
    if (!(CODEC_ROLES as readonly string[]).includes(rows[0].role)) {
      throw new ForbiddenException(
        `TEMPORAL_UI_CODEC_USER "${configured.userId}" is ${rows[0].role}; the codec is for ${CODEC_ROLES.join(' or ')}`,
      );
    }
    return rows[0];
  }
}
