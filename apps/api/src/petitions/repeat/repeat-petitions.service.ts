import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  petitionerContactHash,
  petitionerHashes,
  petitionerIdentityKey,
  type PetitionerHashes,
} from '@/libs/auth/petitioner-identity';
import type { ServiceConfig } from '@/libs/config/config';
import { formatInstant } from '@/libs/process/wire-time';
import { SqlFilter } from '../../accountability/oversight-scope';
import type { AuthenticatedUser } from '../../auth/authenticated-user';
import { ApiError } from '../../common/api-error';
import { SERVICE_CONFIG } from '../../common/tokens';
import { PetitionAccessService, visibleCases } from '../petition-access.service';
import type { RepeatCandidatesDto, RepeatCandidatesView } from './repeat-petitions.dto';

/** Summaries less alike than this are another matter of the same petitioner, not a repeat. */
export const MIN_SIMILARITY = 0.2;
const MAX_CANDIDATES = 20;
const BACKFILL_BATCH = 500;

/**
 * 重复信访. At registration the registrar is offered the earlier cases of the same petitioner (by
 * keyed identity hashes) and matter (by summary similarity), only among the cases their unit may
 * see; the registration records the link (`repeatOf`). A repeat of a case whose re-review (复核)
 * was decided and delivered is registered truthfully and ends at once as 不再受理, naming that case:
 * the statute says the matter is not accepted again, and a case that says so keeps the record
 * complete, where a refusal at the door would leave no trace that the petitioner came back.
 */
@Injectable()
export class RepeatPetitionsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('repeat-petitions');
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.key = petitionerIdentityKey(config.queryCodeSecret);
  }

  hashes(name: string, contact: string | null | undefined): PetitionerHashes {
    return petitionerHashes(this.key, name, contact);
  }

  /** The keyed hash the case search finds a phone number by. */
  contactHash(contact: string): string | null {
    return petitionerContactHash(this.key, contact);
  }

  /** Intakes registered before the hashes existed get theirs (idempotent; any replica may run it). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      for (;;) {
        const rows: { petition_id: string; petitioner_name: string; petitioner_contact: string | null }[] =
          await this.dataSource.query(
            `SELECT petition_id, petitioner_name, petitioner_contact FROM petition_intakes WHERE petitioner_name_hash IS NULL LIMIT ${BACKFILL_BATCH}`,
          );
        if (rows.length === 0) return;
        for (const row of rows) {
          const h = this.hashes(row.petitioner_name, row.petitioner_contact);
          await this.dataSource.query(
            `UPDATE petition_intakes SET petitioner_name_hash = $2, petitioner_identity_hash = $3 WHERE petition_id = $1`,
            [row.petition_id, h.nameHash, h.identityHash],
          );
        }
      }
    } catch (error) {
      this.logger.error(`could not hash the petitioners of earlier intakes: ${(error as Error).message}`);
    }
  }

  async candidates(user: AuthenticatedUser, dto: RepeatCandidatesDto): Promise<RepeatCandidatesView> {
    const scope = await this.access.listScope(user);
    const h = this.hashes(dto.petitionerName, dto.petitionerContact);
    const f = visibleCases(new SqlFilter(), scope);
    const identity = f.bind(h.identityHash);
    // The same petitioner: name and contact agree; or the names agree where either case has no contact.
    f.and(`(i.petitioner_identity_hash = ${identity}::text
            OR (i.petitioner_name_hash = ${f.bind(h.nameHash)}::text AND (i.petitioner_identity_hash IS NULL OR ${identity}::text IS NULL)))`);
    const text = f.bind(dto.summary);
    const rows: {
      id: string;
      step: string;
      category: string;
      received_at: Date;
      registered_at: Date;
      routing_unit_id: string;
      handling_unit_id: string | null;
      summary: string;
      by_contact: boolean;
      finally_decided: boolean;
      similarity: number;
    }[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT p.id, p.step, p.category, p.received_at, p.registered_at, p.routing_unit_id, p.handling_unit_id, i.summary,
                i.petitioner_identity_hash IS NOT NULL AND i.petitioner_identity_hash = ${identity}::text AS by_contact,
                ${FINALLY_DECIDED} AS finally_decided,
                round(2.0 * cardinality(ARRAY(SELECT unnest(p.summary_bigrams) INTERSECT SELECT unnest(text_bigrams(${text}::text))))
                      / greatest(cardinality(p.summary_bigrams) + cardinality(text_bigrams(${text}::text)), 1), 2)::float AS similarity
           FROM petition_intakes i JOIN petitions p ON p.id = i.petition_id
          ${f.where()}) c
        WHERE c.similarity >= ${f.bind(MIN_SIMILARITY)}
        ORDER BY c.similarity DESC, c.registered_at DESC LIMIT ${MAX_CANDIDATES}`,
      f.params,
    );
    return {
      minSimilarity: MIN_SIMILARITY,
      candidates: rows.map((r) => ({
        petitionId: r.id,
        samePetitioner: r.by_contact ? 'nameAndContact' : 'name',
        similarity: r.similarity,
        finallyDecided: r.finally_decided,
        step: r.step,
        category: r.category,
        receivedAt: formatInstant(r.received_at),
        registeredAt: formatInstant(r.registered_at),
        routingUnitId: r.routing_unit_id,
        handlingUnitId: r.handling_unit_id,
        summary: r.summary,
      })),
    };
  }

  /**
   * The cases a registration says it repeats must be cases the registrar may see (an unknown id and
   * another unit's case get the same answer). Returns the one whose re-review finally decided the
   * matter, if any: the new case is then not accepted again.
   */
  async checkRepeatOf(user: AuthenticatedUser, repeatOf: string[]): Promise<{ finallyDecided: string | null }> {
    if (repeatOf.length === 0) return { finallyDecided: null };
    const scope = await this.access.listScope(user);
    // A case registered a moment ago may not be projected yet: its intake stands in for it.
    const rows: { id: string; finally_decided: boolean }[] = await this.dataSource.query(
      `SELECT i.petition_id AS id, coalesce(${FINALLY_DECIDED}, false) AS finally_decided
         FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id
        WHERE i.petition_id = ANY($1::uuid[])
          AND ($2::text[] IS NULL OR coalesce(p.unit_ids, ARRAY[i.registering_unit_id]) && $2::text[])
          AND i.accused_unit_id IS DISTINCT FROM $3::text
        ORDER BY i.created_at`,
      [repeatOf, scope.unitIds, scope.userUnitId],
    );
    const unseen = repeatOf.find((id) => !rows.some((r) => r.id === id));
    if (unseen)
      throw new ApiError(
        'validation',
        `repeatOf: ${unseen} is not a case of yours; link only cases offered by POST /petitions/repeat-candidates`,
        'repeatOf',
        undefined,
        { messageKey: 'intake.repeatNotVisible' },
      );
    return { finallyDecided: rows.find((r) => r.finally_decided)?.id ?? null };
  }
}

/**
 * The matter was finally decided: the re-review reply was delivered (复核终结), or the case itself
 * was not accepted again for that reason.
 */
const FINALLY_DECIDED = `((p.is_final AND p.view->>'reReviewDecision' IS NOT NULL) OR p.step = 'endedNotAcceptedAgain')`;
