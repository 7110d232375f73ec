/**
 * 网上信访, the submitter's side: the form's data, a submission (acknowledged at once with its
 * number and a 查询码), and its status. The submission is received at the instant it is recorded:
 * that instant is the case's receivedAt when a registrar registers it, so the 15 days of routing
 * (Art 22) count from it. Which office receives it is the submitter's choice of area, as on the
 * provincial 网上信访 platforms: the 信访局 of the area they pick.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { deriveQueryCode, queryCodeMatches } from '@/libs/auth/query-code';
import type { ObjectStore } from '@/libs/storage/object-store';
import { caseNumberYear } from '@/libs/persistence/case-numbers';
import {
  PRIVACY_NOTICE_VERSION,
  PRIVACY_NOTICE_ZH,
  SUBMISSION_STATUS_ZH,
  formatSubmissionNumber,
  type SubmissionStatus,
} from '@/libs/process/online-petition';
import { formatInstant, formatOptionalInstant } from '@/libs/process/wire-time';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';
import { refuseUnprintable } from '../common/unprintable';
import { AltchaCheck } from './altcha-check';
import { ACCEPTED_TYPES, type UploadedAttachment } from './online-uploads';
import type {
  OnlineFormView,
  OnlineReceiptView,
  OnlineStatusView,
  SubmitOnlinePetitionDto,
} from './online-petition.dto';
import { SubmissionLimits } from './submission-limits';

export const ONLINE_OBJECT_STORE = Symbol('ONLINE_OBJECT_STORE');

interface SubmissionRow {
  id: string;
  submission_number: string;
  request_hash: string;
  petition_id: string;
  submitted_at: Date;
  office_name: string;
  status: SubmissionStatus;
  not_registered_reason: string | null;
  decided_at: Date | null;
  case_number: string | null;
}

const SUBMISSION_SELECT = `
  SELECT s.id, s.submission_number, s.request_hash, s.petition_id, s.submitted_at, u.name AS office_name, s.status,
         s.not_registered_reason, s.decided_at, i.case_number
    FROM online_submissions s JOIN units u ON u.id = s.office_unit_id
    LEFT JOIN petition_intakes i ON i.petition_id = s.petition_id`;

@Injectable()
export class OnlineSubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly altcha: AltchaCheck,
    private readonly limits: SubmissionLimits,
    @Inject(ONLINE_OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async form(): Promise<OnlineFormView> {
    const offices: { unitId: string; name: string; level: string }[] = await this.dataSource.query(
      `SELECT id AS "unitId", name, level FROM units WHERE kind = 'petitionOffice' AND level <> 'township'
        ORDER BY region_path, id`,
    );
    return {
      offices,
      privacyNotice: { version: PRIVACY_NOTICE_VERSION, text: PRIVACY_NOTICE_ZH },
      maxFiles: this.config.online.files.maxFiles,
      maxFileBytes: this.config.online.files.maxBytes,
      acceptedTypes: [...ACCEPTED_TYPES],
    };
  }

  async submit(
    dto: SubmitOnlinePetitionDto,
    files: UploadedAttachment[],
    idempotencyKey: string | undefined,
    address: string,
    setRetryAfter: (seconds: number) => void,
  ): Promise<OnlineReceiptView> {
    if (!idempotencyKey || idempotencyKey.length > 200)
      throw new ApiError(
        'validation',
        'header Idempotency-Key is required (1–200 characters)',
        'Idempotency-Key',
        undefined,
        {
          messageKey: 'header.idempotencyKeyRequired',
        },
      );
    const { altcha: _payload, ...content } = dto;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(content, Object.keys(content).sort()))
      .update(files.map((f) => createHash('sha256').update(f.bytes).digest('hex')).join(','))
      .digest('hex');
    // A retry (a lost answer, a double tap) gets the first acknowledgement, whatever its ALTCHA.
    const earlier = await this.byKey(idempotencyKey);
    if (earlier) return this.receiptOf(earlier, requestHash);

    if (dto.consent !== true)
      throw new ApiError('validation', 'consent to the privacy notice is required', 'consent', undefined, {
        messageKey: 'online.consentRequired',
      });
    if (!dto.idNumber && !dto.phone)
      throw new ApiError('validation', 'give an ID number or a phone number', 'phone', undefined, {
        messageKey: 'online.identityRequired',
      });
    refuseUnprintable(dto.petitionerName, 'petitionerName');
    const [office]: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM units WHERE id = $1 AND kind = 'petitionOffice'`,
      [dto.officeUnitId],
    );
    if (!office)
      throw new ApiError('validation', 'officeUnitId is not a petition office', 'officeUnitId', undefined, {
        messageKey: 'online.unknownOffice',
      });
    const challengeSignature = await this.altcha.verify(dto.altcha);
    const limitKeys = this.limits.keys(address, dto.phone);
    await this.limits.check(limitKeys, setRetryAfter);

    const id = randomUUID();
    const petitionId = randomUUID();
    const stored: { key: string; size: number; sha256: string }[] = [];
    try {
      for (const [index, file] of files.entries()) {
        stored.push(
          await this.store.put(`online/${id}/${index + 1}`, Readable.from(file.bytes), {
            contentType: file.contentType,
            maxBytes: this.config.online.files.maxBytes,
          }),
        );
      }
      await this.dataSource.transaction(async (manager) => {
        const now = Date.now();
        const year = caseNumberYear(now);
        const [{ serial }]: { serial: number }[] = await manager.query(
          `INSERT INTO online_submission_counters (year, last_serial) VALUES ($1, 1)
           ON CONFLICT (year) DO UPDATE SET last_serial = online_submission_counters.last_serial + 1
           RETURNING last_serial AS serial`,
          [year],
        );
        await manager.query(
          `INSERT INTO online_submissions (id, submission_number, idempotency_key, request_hash, petition_id, office_unit_id,
             petitioner_name, id_number, phone, address, category, request, facts, consented_at, privacy_notice_version,
             submitted_at, challenge_signature, milestone_email, milestone_phone)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$14,$16,$17,$18)`,
          [
            id,
            formatSubmissionNumber(year, serial),
            idempotencyKey,
            requestHash,
            petitionId,
            dto.officeUnitId,
            dto.petitionerName.trim(),
            dto.idNumber?.toUpperCase() ?? null,
            dto.phone?.trim() ?? null,
            dto.address.trim(),
            dto.category,
            dto.request,
            dto.facts,
            new Date(now),
            PRIVACY_NOTICE_VERSION,
            challengeSignature,
            dto.milestoneEmail?.trim() ?? null,
            dto.milestonePhone?.trim() ?? null,
          ],
        );
        for (const [index, file] of files.entries())
          await manager.query(
            `INSERT INTO submission_files (submission_id, seq, object_key, file_name, content_type, size, sha256)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              id,
              index + 1,
              stored[index].key,
              file.fileName,
              file.contentType,
              stored[index].size,
              stored[index].sha256,
            ],
          );
        await this.limits.count(manager, limitKeys);
      });
    } catch (error) {
      await Promise.all(stored.map((s) => this.store.delete(s.key).catch(() => undefined)));
      const failed = error as { constraint?: string; driverError?: { constraint?: string } };
      const constraint = failed.constraint ?? failed.driverError?.constraint;
      if (constraint === 'online_submissions_idempotency_key_key') {
        const raced = await this.byKey(idempotencyKey);
        if (raced) return this.receiptOf(raced, requestHash);
      }
      if (constraint === 'online_submissions_challenge_signature_key')
        throw new ApiError(
          'validation',
          'this ALTCHA solution was already used; solve a new one',
          'altcha',
          undefined,
          {
            messageKey: 'online.altchaReused',
          },
        );
      throw error;
    }
    return { ...this.receiptOf((await this.byKey(idempotencyKey))!, requestHash), created: true };
  }

  /** With the 查询码: the same 404 for an unknown number and a wrong code. */
  async status(submissionNumber: string, code: string | undefined): Promise<OnlineStatusView> {
    const [row]: SubmissionRow[] = await this.dataSource.query(`${SUBMISSION_SELECT} WHERE s.submission_number = $1`, [
      submissionNumber,
    ]);
    if (!row || !code || !queryCodeMatches(this.config.queryCodeSecret, row.petition_id, code))
      throw new ApiError(
        'notFound',
        `submission ${submissionNumber} not found, or the query code does not match`,
        undefined,
        undefined,
        { messageKey: 'petitioner.notFound' },
      );
    return {
      submissionNumber: row.submission_number,
      submittedAt: formatInstant(row.submitted_at),
      officeName: row.office_name,
      status: row.status,
      statusText: SUBMISSION_STATUS_ZH[row.status],
      caseNumber: row.status === 'registered' ? row.case_number : null,
      notRegisteredReason: row.not_registered_reason,
      decidedAt: formatOptionalInstant(row.decided_at),
    };
  }

  private async byKey(key: string): Promise<SubmissionRow | undefined> {
    const [row]: SubmissionRow[] = await this.dataSource.query(`${SUBMISSION_SELECT} WHERE s.idempotency_key = $1`, [
      key,
    ]);
    return row;
  }

  private receiptOf(row: SubmissionRow, requestHash: string): OnlineReceiptView {
    if (row.request_hash !== requestHash)
      throw new ApiError(
        'idempotencyConflict',
        'this Idempotency-Key was already used for a different submission',
        'Idempotency-Key',
        undefined,
        { messageKey: 'error.idempotencyConflict' },
      );
    return {
      submissionNumber: row.submission_number,
      queryCode: deriveQueryCode(this.config.queryCodeSecret, row.petition_id),
      submittedAt: formatInstant(row.submitted_at),
      officeName: row.office_name,
      created: false,
    };
  }
}
