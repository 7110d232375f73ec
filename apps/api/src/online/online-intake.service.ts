interface SubmissionFileRow {
  seq: number;
  object_key: string;
  file_name: string;
  content_type: string;
  size: string;
  sha256: string;
}

/**
 * The registrar's online-intake queue: submissions addressed to their office, waiting. A registrar
 * registers one as a petition (the case keeps receivedAt = the submission instant and channel
 * online, and the id reserved at submission, so the submitter's 查询码 follows the case), or
 * records why it is not one (不予登记, told to the submitter with the 查询码). Names and numbers are
 * masked in the list and shown whole in the submission, as a case shows its intake.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { holdIntakeLock } from '@/libs/persistence/intake-settlement';
import { maskDigits, maskName, type SubmissionStatus } from '@/libs/process/online-petition';
import type { PetitionCategory } from '@/libs/process/policy';
import type { ObjectStore } from '@/libs/storage/object-store';
import { formatInstant } from '@/libs/process/wire-time';
import { MaterialsService } from '../materials/materials.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { refuseUnprintable } from '../common/unprintable';
import type { RegisterPetitionDto } from '../petitions/dto/register-petition.dto';
import { PetitionsService } from '../petitions/petitions.service';
import type {
  NotRegisterOnlineDto,
  OnlineIntakeDetailView,
  OnlineIntakeItemView,
  OnlineRegistrationView,
  RegisterOnlineDto,
  SubmissionFileView,
} from './online-petition.dto';
import { ONLINE_OBJECT_STORE } from './online-submissions.service';

interface DetailRow {
  id: string;
  submission_number: string;
  submitted_at: Date;
  office_unit_id: string;
  status: SubmissionStatus;
  petitioner_name: string;
  id_number: string | null;
  phone: string | null;
  address: string;
  category: PetitionCategory;
  request: string;
  facts: string;
  consented_at: Date;
  petition_id: string;
  case_number: string | null;
  not_registered_reason: string | null;
  milestone_email: string | null;
  milestone_phone: string | null;
}

@Injectable()
export class OnlineIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly petitions: PetitionsService,
    private readonly materials: MaterialsService,
    @Inject(ONLINE_OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** Waiting at the registrar's office, the longest waiting first (the routing clock runs from receipt). */
  async waiting(user: AuthenticatedUser): Promise<OnlineIntakeItemView[]> {
    const rows: {
      id: string;
      submission_number: string;
      submitted_at: Date;
      category: PetitionCategory;
      petitioner_name: string;
      phone: string | null;
      request: string;
      file_count: number;
    }[] = await this.dataSource.query(
      `SELECT s.id, s.submission_number, s.submitted_at, s.category, s.petitioner_name, s.phone, s.request,
              (SELECT count(*)::int FROM submission_files f WHERE f.submission_id = s.id AND f.deleted_at IS NULL) AS file_count
         FROM online_submissions s WHERE s.office_unit_id = $1 AND s.status = 'received'
        ORDER BY s.submitted_at, s.id LIMIT 500`,
      [user.unitId],
    );
    return rows.map((r) => ({
      id: r.id,
      submissionNumber: r.submission_number,
      submittedAt: formatInstant(r.submitted_at),
      category: r.category,
      petitionerName: maskName(r.petitioner_name),
      phone: maskDigits(r.phone),
      request: [...r.request].slice(0, 100).join(''),
      fileCount: r.file_count,
    }));
  }

  async detail(user: AuthenticatedUser, id: string): Promise<OnlineIntakeDetailView> {
    const row = await this.find(user, id);
    return {
      id: row.id,
      submissionNumber: row.submission_number,
      submittedAt: formatInstant(row.submitted_at),
      officeUnitId: row.office_unit_id,
      status: row.status,
      petitionerName: row.petitioner_name,
      idNumber: row.id_number,
      phone: row.phone,
      address: row.address,
      category: row.category,
      request: row.request,
      facts: row.facts,
      consentedAt: formatInstant(row.consented_at),
      files: await this.files(row.id),
      petitionId: row.status === 'registered' ? row.petition_id : null,
      caseNumber: row.status === 'registered' ? row.case_number : null,
      notRegisteredReason: row.not_registered_reason,
      milestoneEmail: row.milestone_email,
      milestonePhone: row.milestone_phone,
    };
  }

  async file(user: AuthenticatedUser, id: string, seq: number): Promise<{ body: Readable; file: SubmissionFileView }> {
    await this.find(user, id);
    const [row]: { object_key: string; file_name: string; content_type: string; size: string; sha256: string }[] =
      await this.dataSource.query(
        `SELECT object_key, file_name, content_type, size, sha256 FROM submission_files
          WHERE submission_id = $1 AND seq = $2 AND deleted_at IS NULL`,
        [id, seq],
      );
    if (!row) throw new ApiError('notFound', `submission ${id} has no file ${seq}`);
    return {
      body: await this.store.get(row.object_key),
      file: { seq, fileName: row.file_name, contentType: row.content_type, size: Number(row.size), sha256: row.sha256 },
    };
  }

  /**
   * 登记为信访事项. The registration's Idempotency-Key is the submission's, so a retried (or a
   * second registrar's) registration finds the same case instead of making another.
   */
  async register(user: AuthenticatedUser, id: string, dto: RegisterOnlineDto): Promise<OnlineRegistrationView> {
    const row = await this.find(user, id);
    if (row.status === 'notRegistered')
      throw new ApiError(
        'conflict',
        'this submission was recorded as not a petition (不予登记)',
        undefined,
        undefined,
        {
          messageKey: 'online.alreadyDecided',
        },
      );
    const registration: RegisterPetitionDto = {
      ...dto,
      // 进展通知: what the submitter opted in with, unless the registrar records another address
      ...(dto.milestoneEmail || row.milestone_email
        ? { milestoneEmail: dto.milestoneEmail ?? row.milestone_email! }
        : {}),
      ...(dto.milestonePhone || row.milestone_phone
        ? { milestonePhone: dto.milestonePhone ?? row.milestone_phone! }
        : {}),
      channel: 'online',
      receivedAt: formatInstant(row.submitted_at),
    };
    const result = await this.petitions.register(user, registration, `online:${id}`, undefined, row.petition_id);
    const files = await this.dataSource.transaction(async (manager) => {
      // A case exists now: that is the truth the submitter reads, even if a 不予登记 raced it.
      await manager.query(
        `UPDATE online_submissions SET status = 'registered', not_registered_reason = NULL, decided_by = $2, decided_at = now()
          WHERE id = $1 AND status <> 'registered'`,
        [id, user.id],
      );
      const [{ n }]: { n: number }[] = await manager.query(
        `WITH carried AS (
           UPDATE submission_files SET petition_id = $2, carried_over_at = coalesce(carried_over_at, now())
            WHERE submission_id = $1 AND deleted_at IS NULL RETURNING seq)
         SELECT count(*)::int AS n FROM carried`,
        [id, result.petitionId],
      );
      return n;
    });
    // Each attachment becomes a 信访材料 of the case, its hash and size in the case's history.
    const carried: SubmissionFileRow[] = await this.dataSource.query(
      `SELECT seq, object_key, file_name, content_type, size, sha256 FROM submission_files
        WHERE submission_id = $1 AND deleted_at IS NULL ORDER BY seq`,
      [id],
    );
    for (const f of carried)
      await this.materials.attachStored(user, result.petitionId, `online:${id}:${f.seq}`, {
        kind: 'petitionLetter',
        caption: `网上信访附件（${row.submission_number}）`,
        fileName: f.file_name,
        mediaType: f.content_type,
        key: f.object_key,
        size: Number(f.size),
        sha256: f.sha256,
      });
    return {
      petitionId: result.petitionId,
      caseNumber: result.caseNumber,
      submissionNumber: row.submission_number,
      receivedAt: formatInstant(row.submitted_at),
      created: result.created,
      filesCarriedOver: files,
    };
  }

  /** 不予登记: the reason is stored and shown to the submitter with the 查询码. */
  async notRegister(user: AuthenticatedUser, id: string, dto: NotRegisterOnlineDto): Promise<OnlineIntakeDetailView> {
    refuseUnprintable(dto.reason, 'reason');
    const row = await this.find(user, id);
    const reason = dto.reason.trim();
    if (row.status === 'registered')
      throw new ApiError('conflict', 'this submission is registered already', undefined, undefined, {
        messageKey: 'online.alreadyDecided',
      });
    if (row.status === 'notRegistered' && row.not_registered_reason !== reason)
      throw new ApiError('conflict', 'this submission was already recorded as not a petition', undefined, undefined, {
        messageKey: 'online.alreadyDecided',
      });
    const recorded = await this.dataSource.transaction(async (manager) => {
      // The registration's own lock on the reserved case id: a registration under way finishes first.
      await holdIntakeLock(manager, row.petition_id);
      const [{ n }]: { n: number }[] = await manager.query(
        `WITH refused AS (
           UPDATE online_submissions s SET status = 'notRegistered', not_registered_reason = $2, decided_by = $3, decided_at = now()
            WHERE s.id = $1 AND s.status = 'received'
              AND NOT EXISTS (SELECT 1 FROM petition_intakes i WHERE i.petition_id = s.petition_id)
            RETURNING s.id)
         SELECT count(*)::int AS n FROM refused`,
        [id, reason, user.id],
      );
      return n;
    });
    if (recorded === 0 && row.status === 'received')
      throw new ApiError('conflict', 'this submission was registered meanwhile', undefined, undefined, {
        messageKey: 'online.alreadyDecided',
      });
    return this.detail(user, id);
  }

  /** A submission of the registrar's office; another office's, or none: the same 404. */
  private async find(user: AuthenticatedUser, id: string): Promise<DetailRow> {
    const [row]: DetailRow[] = await this.dataSource.query(
      `SELECT s.*, i.case_number FROM online_submissions s LEFT JOIN petition_intakes i ON i.petition_id = s.petition_id
        WHERE s.id = $1 AND s.office_unit_id = $2`,
      [id, user.unitId],
    );
    if (!row)
      throw new ApiError('notFound', `no online submission ${id} at your office`, undefined, undefined, {
        messageKey: 'online.notFound',
      });
    return row;
  }

  private async files(id: string): Promise<SubmissionFileView[]> {
    const rows: { seq: number; file_name: string; content_type: string; size: string; sha256: string }[] =
      await this.dataSource.query(
        `SELECT seq, file_name, content_type, size, sha256 FROM submission_files
          WHERE submission_id = $1 AND deleted_at IS NULL ORDER BY seq`,
        [id],
      );
    return rows.map((r) => ({
      seq: r.seq,
      fileName: r.file_name,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
    }));
  }
}
