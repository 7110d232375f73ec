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
import { PetitionAccessService } from '../petition-access.service';
import type { RepeatCandidateView, RepeatCandidatesDto, RepeatCandidatesView } from './repeat-petitions.dto';

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

  /**
   * 不再受理 holds at every level, so the earlier cases are looked up across the whole unit tree: the
   * petitioner who went to the county and now comes to the city (越级) is the same petitioner. A case
   * outside the registrar's scope shows only its number, step and final decision; an accusation is
   * never offered to the unit it accuses (DOMAIN §6), here as everywhere.
   */
  async candidates(user: AuthenticatedUser, dto: RepeatCandidatesDto): Promise<RepeatCandidatesView> {
    const scope = await this.access.listScope(user);
    const h = this.hashes(dto.petitionerName, dto.petitionerContact);
    const f = new SqlFilter();
    f.and(`p.accused_unit_id IS DISTINCT FROM ${f.bind(scope.userUnitId)}::text`);
    const identity = f.bind(h.identityHash);
    // The same petitioner: name and contact agree; or the names agree where either case has no contact.
    f.and(`(i.petitioner_identity_hash = ${identity}::text
            OR (i.petitioner_name_hash = ${f.bind(h.nameHash)}::text AND (i.petitioner_identity_hash IS NULL OR ${identity}::text IS NULL)))`);
    const text = f.bind(dto.summary);
    const inScope = scope.unitIds ? `p.unit_ids && ${f.bind(scope.unitIds)}::text[]` : 'true';
    const region = f.bind(user.regionPath);
    const rows: CandidateRow[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT p.id, i.case_number, p.step, p.category, p.received_at, p.registered_at, p.routing_unit_id, p.handling_unit_id, i.summary,
                ${inScope} AS own_unit,
                i.petitioner_identity_hash IS NOT NULL AND i.petitioner_identity_hash = ${identity}::text AS by_contact,
                ${FINALLY_DECIDED} AS finally_decided,
                p.view->>'reReviewDecision' AS re_review_decision,
                (SELECT d.number FROM documents d WHERE d.petition_id = p.id AND d.kind = 'reReviewDecision' ORDER BY d.issued_at DESC LIMIT 1) AS decision_number,
                -- 越级: still open at a unit strictly below the registrar's.
                (NOT p.is_final AND p.step NOT IN ('closed', 'endedDeclined', 'endedNotAcceptedAgain', 'endedRedirected')
                  AND EXISTS (SELECT 1 FROM units u WHERE u.id = coalesce(p.handling_unit_id, p.routing_unit_id)
                                AND starts_with(u.region_path, ${region}::text || '.'))) AS level_skipping,
                round(2.0 * cardinality(ARRAY(SELECT unnest(p.summary_bigrams) INTERSECT SELECT unnest(text_bigrams(${text}::text))))
                      / greatest(cardinality(p.summary_bigrams) + cardinality(text_bigrams(${text}::text)), 1), 2)::float AS similarity
           FROM petition_intakes i JOIN petitions p ON p.id = i.petition_id
          ${f.where()}) c
        WHERE c.similarity >= ${f.bind(MIN_SIMILARITY)}
        ORDER BY c.similarity DESC, c.registered_at DESC LIMIT ${MAX_CANDIDATES}`,
      f.params,
    );
    return { minSimilarity: MIN_SIMILARITY, candidates: rows.map(candidateView) };
  }

  /**
   * The cases a registration says it repeats: a case the registrar may see, or an earlier case of the
   * same petitioner anywhere in the tree (what repeat-candidates offers); an unknown id, another
   * petitioner's case elsewhere and an accusation against the registrar's unit get the same answer.
   * Returns the one whose re-review finally decided the matter, if any: the new case is then not
   * accepted again, at whatever level it is registered.
   */
  async checkRepeatOf(
    user: AuthenticatedUser,
    repeatOf: string[],
    petitioner: { name: string; contact?: string | null },
  ): Promise<{ finallyDecided: string | null }> {
    if (repeatOf.length === 0) return { finallyDecided: null };
    const scope = await this.access.listScope(user);
    const h = this.hashes(petitioner.name, petitioner.contact);
    // A case registered a moment ago may not be projected yet: its intake stands in for it.
    const rows: { id: string; finally_decided: boolean }[] = await this.dataSource.query(
      `SELECT i.petition_id AS id, coalesce(${FINALLY_DECIDED}, false) AS finally_decided
         FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id
        WHERE i.petition_id = ANY($1::uuid[])
          AND i.accused_unit_id IS DISTINCT FROM $3::text
          AND (($2::text[] IS NULL OR coalesce(p.unit_ids, ARRAY[i.registering_unit_id]) && $2::text[])
               OR i.petitioner_identity_hash = $4::text
               OR (i.petitioner_name_hash = $5::text AND (i.petitioner_identity_hash IS NULL OR $4::text IS NULL)))
        ORDER BY i.created_at`,
      [repeatOf, scope.unitIds, scope.userUnitId, h.identityHash, h.nameHash],
    );
    const unseen = repeatOf.find((id) => !rows.some((r) => r.id === id));
    if (unseen)
      throw new ApiError(
        'validation',
        `repeatOf: ${unseen} is neither a case of yours nor an earlier case of this petitioner; link only cases offered by POST /petitions/repeat-candidates`,
        'repeatOf',
        undefined,
        { messageKey: 'intake.repeatNotVisible' },
      );
    return { finallyDecided: rows.find((r) => r.finally_decided)?.id ?? null };
  }
}

interface CandidateRow {
  id: string;
  case_number: string | null;
  step: string;
  category: string;
  received_at: Date;
  registered_at: Date;
  routing_unit_id: string;
  handling_unit_id: string | null;
  summary: string;
  own_unit: boolean;
  by_contact: boolean;
  finally_decided: boolean;
  re_review_decision: string | null;
  decision_number: string | null;
  level_skipping: boolean;
  similarity: number;
}

/** Another unit's case says its number, step and final decision, and nothing else of it. */
function candidateView(r: CandidateRow): RepeatCandidateView {
  const own = r.own_unit;
  return {
    petitionId: r.id,
    caseNumber: r.case_number,
    ownUnit: own,
    samePetitioner: r.by_contact ? 'nameAndContact' : 'name',
    similarity: r.similarity,
    finallyDecided: r.finally_decided,
    finalDecision:
      r.finally_decided && r.re_review_decision
        ? { decision: r.re_review_decision, documentNumber: r.decision_number }
        : null,
    levelSkipping: r.level_skipping,
    step: r.step,
    category: own ? r.category : null,
    receivedAt: own ? formatInstant(r.received_at) : null,
    registeredAt: own ? formatInstant(r.registered_at) : null,
    routingUnitId: own ? r.routing_unit_id : null,
    handlingUnitId: own ? r.handling_unit_id : null,
    summary: own ? r.summary : null,
  };
}

/**
 * The matter was finally decided: the re-review reply was delivered (复核终结), or the case itself
 * was not accepted again for that reason.
 */
const FINALLY_DECIDED = `((p.is_final AND p.view->>'reReviewDecision' IS NOT NULL) OR p.step = 'endedNotAcceptedAgain')`;
