import { awaitingTemporal } from '../observability/server-timing';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { createHash, createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { describeUnits } from '@/libs/persistence/unit-directory';
import { preparedQuery } from '@/libs/persistence/prepared-query';
import { holdIntakeLock } from '@/libs/persistence/intake-settlement';
import { allocateCaseNumber } from '@/libs/persistence/case-numbers';
import { canonicalCaseNumber } from '@/libs/process/case-number';
import { deriveQueryCode } from '@/libs/auth/query-code';
import type { PetitionView } from '@/libs/process';
import { accusedPartyProblem } from '@/libs/process/accused-party';
import { formatInstant } from '@/libs/process/wire-time';
import {
  PETITION_WORKFLOW_TYPE,
  PetitionWorkflowInput,
  RegistrationInput,
  petitionViewQuery,
  petitionWorkflowId,
} from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { instantFromWire } from '../common/wire-instant';
import { refuseUnprintable } from '../common/unprintable';
import { petitionViewToWire, timelineEventToWire, type TimelineRow } from '../common/wire-views';
import { userNamesOf } from '../common/user-names';
import type { CaseView, TimelineEventView } from './dto/petition-views';
import { RegisterPetitionDto } from './dto/register-petition.dto';
import { PetitionAccessService } from './petition-access.service';
import { RepeatPetitionsService } from './repeat/repeat-petitions.service';
import { backlogHistoryProblem, type BacklogHistory } from '@/libs/process/backlog';

export interface RegistrationResult {
  petitionId: string;
  workflowId: string;
  /** 查询码 for the petitioner; the same on a retried request. */
  queryCode: string;
  /** 信访件编号, e.g. 示县信〔2026〕第00123号; the same on a retried request. */
  caseNumber: string;
  /** false when this request repeated an earlier one with the same Idempotency-Key. */
  created: boolean;
  /** notAcceptedAgain: it repeats a matter finally decided on re-review, and ended at once (不再受理). */
  outcome: 'registered' | 'notAcceptedAgain';
  /** The finally decided case it repeats, when not accepted again. */
  earlierPetitionId: string | null;
}

@Injectable()
export class PetitionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    private readonly repeats: RepeatPetitionsService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /**
   * 登记. With `backlog`, a case that predates the service (积案) is imported with its history:
   * `receivedAt` is when the petitioner first came, and its statutory clocks run from today.
   */
  async register(
    user: AuthenticatedUser,
    dto: RegisterPetitionDto,
    idempotencyKey: string | undefined,
    backlog?: Omit<BacklogHistory, 'firstReceivedAt'>,
    /** 网上信访: the id reserved at submission, from which the submitter's 查询码 was derived. */
    reservedPetitionId?: string,
  ): Promise<RegistrationResult> {
    // Every notice addresses the petitioner by this name.
    refuseUnprintable(dto.petitionerName, 'petitionerName');
    if (!idempotencyKey || idempotencyKey.length > 200) {
      throw new ApiError(
        'validation',
        'header Idempotency-Key is required (1–200 characters): a retried request with the same key registers nothing new',
        'Idempotency-Key',
        undefined,
        { messageKey: 'header.idempotencyKeyRequired' },
      );
    }
    const receivedAt = instantFromWire(dto.receivedAt, 'receivedAt');
    if (receivedAt > Date.now())
      throw new ApiError('validation', 'receivedAt is in the future', 'receivedAt', undefined, {
        messageKey: 'args.inFuture',
        params: { field: 'receivedAt' },
      });
    const history: BacklogHistory | undefined = backlog && { ...backlog, firstReceivedAt: receivedAt };
    const historyProblem = history && backlogHistoryProblem(history, Date.now());
    if (historyProblem)
      throw new ApiError('validation', historyProblem, 'backlog', undefined, {
        messageKey: 'registration.backlogInvalid',
        params: { problem: historyProblem },
      });
    const ageDays = Math.floor((Date.now() - receivedAt) / 86_400_000);
    // An imported 积案 brings its history instead (backlog).
    if (!history && ageDays > this.config.registration.maxReceivedAgeDays && !dto.lateRegistrationReason) {
      throw new ApiError(
        'validation',
        `receivedAt is ${ageDays} days ago, more than ${this.config.registration.maxReceivedAgeDays}: give lateRegistrationReason (why it is registered only now); it is recorded on the case and in the accountability ledger as late registration`,
        'lateRegistrationReason',
        undefined,
        {
          messageKey: 'intake.lateRegistrationReason',
          params: { ageDays, maxDays: this.config.registration.maxReceivedAgeDays },
        },
      );
    }
    const accused = accusedPartyProblem(dto);
    if (accused) throw new ApiError('validation', accused.message, accused.field);
    if (dto.accusedUnitId && dto.accusedUnitId === user.unitId) {
      throw new ApiError(
        'protectedParty',
        'the accused unit cannot register an accusation against itself; it must be registered by another petition office',
        'accusedUnitId',
        undefined,
        { messageKey: 'intake.accusedSelf' },
      );
    }
    const units = await describeUnits(this.dataSource, [
      user.unitId,
      ...(dto.accusedUnitId ? [dto.accusedUnitId] : []),
    ]);
    if (dto.accusedUnitId && !units[dto.accusedUnitId])
      throw new ApiError('validation', 'accusedUnitId is not a known unit', 'accusedUnitId', undefined, {
        messageKey: 'args.unknownUnit',
        params: { field: 'accusedUnitId' },
      });

    // 重复信访: cases the registrar may see, or this petitioner's anywhere; one finally decided on re-review means 不再受理.
    const repeat = await this.repeats.checkRepeatOf(user, dto.repeatOf ?? [], {
      name: dto.petitionerName,
      contact: dto.petitionerContact,
    });

    const requestHash = createHash('sha256')
      .update(JSON.stringify(dto, Object.keys(dto).sort()))
      .digest('hex');
    // The intake and its number are committed first, and the workflow is started after: the office's
    // counter row is locked for this short transaction only (not across the round trip to Temporal),
    // and no outcome can leave a running workflow whose number the database gave to another case.
    // When the start fails (Temporal down or refusing, the API stopped in between), the intake stays
    // on record under its number: a retry with the same Idempotency-Key finds it and finishes the
    // start, and until then the consistency check names it (historyMissing, never projected). The
    // petition id is derived from the office, the key and the body, so every retry starts (finds) the
    // same workflow, never a second one.
    const intake = await this.dataSource.transaction((manager) =>
      this.recordIntake(manager, user, dto, idempotencyKey, requestHash, repeat.finallyDecided, reservedPetitionId),
    );
    const registration: RegistrationInput = {
      petitionId: intake.id,
      caseNumber: intake.caseNumber,
      requestId: `register:${idempotencyKey}`,
      registeredBy: { userId: user.id, role: user.role, unitId: user.unitId },
      registeringUnit: units[user.unitId]!,
      category: dto.category,
      channel: dto.channel,
      receivedAt,
      urgent: dto.urgent ?? false,
      collective: dto.collective ?? false,
      repeatOf: dto.repeatOf ?? [],
      accusedUnitId: dto.accusedUnitId ?? null,
      handleDirectly: dto.handleDirectly ?? false,
      ...(history ? { backlog: history } : {}),
      ...(dto.lateRegistrationReason ? { lateRegistrationReason: dto.lateRegistrationReason } : {}),
      ...(intake.notAcceptedAgainOf ? { notAcceptedAgainOf: intake.notAcceptedAgainOf } : {}),
    };
    try {
      await awaitingTemporal(() =>
        this.temporal.workflow.start(PETITION_WORKFLOW_TYPE, {
          workflowId: petitionWorkflowId(intake.id),
          taskQueue: this.config.taskQueue,
          args: [{ registration } satisfies PetitionWorkflowInput],
          // A retry of the same registration finds the running case instead of starting another.
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return {
      petitionId: intake.id,
      workflowId: petitionWorkflowId(intake.id),
      queryCode: deriveQueryCode(this.config.queryCodeSecret, intake.id),
      caseNumber: intake.caseNumber,
      created: intake.created,
      outcome: intake.notAcceptedAgainOf ? 'notAcceptedAgain' : 'registered',
      earlierPetitionId: intake.notAcceptedAgainOf,
    };
  }

  /**
   * The petition id of a registration: a UUID derived (keyed with the 查询码 secret, so ids cannot be
   * predicted from keys) from the registering office, its Idempotency-Key and the request's hash.
   */
  private petitionIdFor(unitId: string, key: string, requestHash: string): string {
    const h = createHmac('sha256', this.config.queryCodeSecret)
      .update(`petition-id\u0000${unitId}\u0000${key}\u0000${requestHash}`)
      .digest('hex');
    // Shaped as a version-4 UUID (what the API accepts as a petition id): its bits are as unpredictable.
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /**
   * The intake, keyed per registering office: the same key from another office is another
   * registration (one office cannot squat a key another office will use); from another registrar of
   * the same office, or with another body, it is a conflict.
   */
  private async recordIntake(
    manager: EntityManager,
    user: AuthenticatedUser,
    dto: RegisterPetitionDto,
    key: string,
    requestHash: string,
    notAcceptedAgainOf: string | null,
    reservedPetitionId?: string,
  ): Promise<{ id: string; created: boolean; notAcceptedAgainOf: string | null; caseNumber: string }> {
    const id = reservedPetitionId ?? this.petitionIdFor(user.unitId, key, requestHash);
    await holdIntakeLock(manager, id);
    const identity = this.repeats.hashes(dto.petitionerName, dto.petitionerContact);
    const contactHash = dto.petitionerContact ? this.repeats.contactHash(dto.petitionerContact) : null;
    const inserted = await preparedQuery<{ petition_id: string }>(
      manager,
      'intake.insert',
      `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name,
         petitioner_contact, summary, accused_unit_id, accused_person, query_code_hash, petitioner_name_hash, petitioner_identity_hash,
         not_accepted_again_of, petitioner_contact_hash, milestone_email, milestone_phone)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) ON CONFLICT (registering_unit_id, idempotency_key) DO NOTHING RETURNING petition_id`,
      [
        key,
        id,
        requestHash,
        user.id,
        user.unitId,
        dto.petitionerName,
        dto.petitionerContact ?? null,
        dto.summary,
        dto.accusedUnitId ?? null,
        dto.accusedPerson ?? null,
        createHash('sha256').update(deriveQueryCode(this.config.queryCodeSecret, id)).digest('hex'),
        identity.nameHash,
        identity.identityHash,
        notAcceptedAgainOf,
        contactHash,
        // 进展通知: the petitioner's opt-in, personal data like the contact (never in the workflow)
        dto.milestoneEmail?.trim() ?? null,
        dto.milestonePhone?.trim() ?? null,
      ],
    );
    if (inserted.length > 0) {
      // Numbered only once the intake is new (a retry keeps its number), in this transaction: a
      // registration refused here (a conflict, the database failing) rolls its serial back with it.
      const number = await allocateCaseNumber(manager, user.unitId, Date.now());
      await preparedQuery(
        manager,
        'intake.number',
        `UPDATE petition_intakes SET case_number = $3, case_number_year = $4, case_number_serial = $5
          WHERE registering_unit_id = $1 AND idempotency_key = $2`,
        [user.unitId, key, number.caseNumber, number.year, number.serial],
      );
      return { id, created: true, notAcceptedAgainOf, caseNumber: number.caseNumber };
    }
    const existing: {
      petition_id: string;
      request_hash: string;
      registered_by: string;
      not_accepted_again_of: string | null;
      case_number: string;
    }[] = await manager.query(
      `SELECT petition_id, request_hash, registered_by, not_accepted_again_of, case_number FROM petition_intakes WHERE registering_unit_id = $1 AND idempotency_key = $2`,
      [user.unitId, key],
    );
    if (existing[0].request_hash !== requestHash || existing[0].registered_by !== user.id) {
      throw new ApiError(
        'idempotencyConflict',
        'this Idempotency-Key was already used for a different registration; use a new key for a new petition',
        'Idempotency-Key',
        undefined,
        { messageKey: 'error.idempotencyConflict' },
      );
    }
    // A retry answers what was decided the first time.
    return {
      id: existing[0].petition_id,
      created: false,
      notAcceptedAgainOf: existing[0].not_accepted_again_of,
      caseNumber: existing[0].case_number,
    };
  }

  async get(user: AuthenticatedUser, petitionId: string): Promise<CaseView> {
    await this.access.requireVisible(user, petitionId);
    const [row] = await this.dataSource.query(
      `SELECT p.step, p.revision, p.view, p.projected_at AS "projectedAt", i.petitioner_name AS "petitionerName", i.summary, i.case_number AS "caseNumber", i.accused_person AS "accusedPerson"
         FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id WHERE i.petition_id = $1`,
      [petitionId],
    );
    const live = await this.liveView(petitionId);
    const now = Date.now();
    const userNames = Object.fromEntries(
      await userNamesOf(this.dataSource.manager, peopleOfView(live ?? (row.view as PetitionView | null))),
    );
    return {
      petitionId,
      caseNumber: row.caseNumber ?? null,
      workflowId: petitionWorkflowId(petitionId),
      temporalUiUrl: `${this.config.temporalUiUrl}/namespaces/${this.config.temporalNamespace}/workflows/${petitionWorkflowId(petitionId)}`,
      intake: { petitionerName: row.petitionerName, summary: row.summary, accusedPerson: row.accusedPerson },
      readModel: row.view
        ? {
            step: row.step,
            revision: row.revision,
            projectedAt: formatInstant(row.projectedAt),
            view: petitionViewToWire(row.view, now),
          }
        : null,
      live: live && petitionViewToWire(live, now),
      userNames,
    };
  }

  /** The case of a 信访件编号, by the rules of requireVisible (an unknown number and a hidden case: the same 404). */
  async byNumber(user: AuthenticatedUser, typed: string): Promise<{ petitionId: string; caseNumber: string }> {
    const caseNumber = typed.length <= 100 ? canonicalCaseNumber(typed) : null;
    if (!caseNumber)
      throw new ApiError('validation', 'not a case number (信访件编号), e.g. 示县信〔2026〕第00123号', 'number');
    const [row]: { petition_id: string }[] = await this.dataSource.query(
      `SELECT petition_id FROM petition_intakes WHERE case_number = $1`,
      [caseNumber],
    );
    if (!row) throw new ApiError('notFound', `no case numbered ${caseNumber}`);
    await this.access.requireVisible(user, row.petition_id, 'read', 'lookUpCaseNumber');
    return { petitionId: row.petition_id, caseNumber };
  }

  async timeline(user: AuthenticatedUser, petitionId: string): Promise<TimelineEventView[]> {
    await this.access.requireVisible(user, petitionId, 'read', 'readTimeline');
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT e.seq, e.type, e.at, e.actor_user_id AS "actorUserId", e.actor_role AS "actorRole", e.actor_unit_id AS "actorUnitId",
              e.request_id AS "requestId", e.clock_key AS "clockKey", e.data, e.refers_to AS "refersTo",
              au.name AS "actorName", an.name AS "actorUnitName"
         FROM petition_events e
         LEFT JOIN users au ON au.id = e.actor_user_id
         LEFT JOIN units an ON an.id = e.actor_unit_id
        WHERE e.petition_id = $1 ORDER BY e.seq`,
      [petitionId],
    );
    return rows.map(timelineEventToWire);
  }

  /** The workflow's own answer; null when the workflow cannot be reached (the read model still answers). */
  private async liveView(petitionId: string): Promise<PetitionView | null> {
    try {
      return await this.temporal.workflow.getHandle(petitionWorkflowId(petitionId)).query(petitionViewQuery);
    } catch {
      return null;
    }
  }
}

/** The people a case's view names by login id: its 包案 leader and the drafter and returner of its drafts. */
function peopleOfView(view: PetitionView | null): string[] {
  if (!view) return [];
  return [view.caseLeader?.userId, view.draft?.draftedBy, view.returnedDraft?.returnedBy].filter(
    (id): id is string => typeof id === 'string',
  );
}
