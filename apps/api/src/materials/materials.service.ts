/**
 * Materials of a case: upload (streamed into the object store, checked by upload-checks, recorded
 * in PostgreSQL and, by hash and size, in the workflow), list and download. Who may see the case may
 * list and download (PetitionAccessService, so the accused unit and other regions get the same 404
 * as for a missing case); staff of MATERIAL_ROLES who see it may upload. A refused upload leaves
 * no object, no row and no event; a retry with the same Idempotency-Key returns the first upload.
 */
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import type { ServiceConfig } from '@/libs/config/config';
import { MATERIAL_KINDS, MATERIAL_ROLES, type MaterialKind, type MaterialRecord } from '@/libs/process/materials';
import { formatInstant } from '@/libs/process/wire-time';
import { ObjectMissing, ObjectTooLarge, type ObjectStore } from '@/libs/storage/object-store';
import { S3ObjectStore } from '@/libs/storage/s3-object-store';
import { SignatureCheck, UploadRefused, asUploadRefusal } from '@/libs/storage/upload-checks';
import { petitionWorkflowId, recordMaterialUpdate } from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { unlessEnded } from '../common/workflow-ended';
import { OBJECT_STORE, SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { PetitionAccessService } from '../petitions/petition-access.service';
import type { MaterialView } from './material-views';
import { readSingleUpload } from './multipart-upload';

interface MaterialRow {
  file_id: string;
  material_id: string;
  version: number;
  petition_id: string;
  kind: MaterialKind;
  caption: string;
  file_name: string;
  media_type: string;
  byte_length: string;
  sha256: string;
  object_key: string;
  uploaded_by: string;
  uploader_name: string | null;
  uploader_unit_id: string;
  event_seq: number;
  uploaded_at: Date;
  superseded: boolean;
}

const SELECT_MATERIALS = `
  SELECT m.*, u.name AS uploader_name,
         EXISTS (SELECT 1 FROM case_materials n WHERE n.material_id = m.material_id AND n.version > m.version) AS superseded
    FROM case_materials m LEFT JOIN users u ON u.id = m.uploaded_by`;

/** A uuid (v4-shaped) from a name: a retried upload gets the ids (and object key) of the first. */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Multipart fields pass no ControlCharactersPipe (it sees JSON bodies): checked here. */
const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const hasControlCharacter = (text: string) => [...text].some(isControl);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refusalAsApiError(error: unknown): unknown {
  const refusal = asUploadRefusal(error);
  if (!(refusal instanceof UploadRefused)) return refusal;
  return new ApiError(refusal.code, refusal.message, 'file', refusal.status, {
    messageKey: `material.${refusal.code}`,
    params: refusal.params,
  });
}

@Injectable()
export class MaterialsService implements OnModuleInit {
  private readonly logger = new Logger('materials');

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
  ) {}

  /** A fresh S3 server has no bucket yet: create it (a failure is logged; uploads then say why). */
  async onModuleInit(): Promise<void> {
    if (this.store instanceof S3ObjectStore)
      await this.store.ensureBucket().catch((error: Error) => this.logger.error(`S3 bucket: ${error.message}`));
  }

  async list(user: AuthenticatedUser, petitionId: string): Promise<MaterialView[]> {
    await this.access.requireVisible(user, petitionId, 'read', 'readMaterials');
    const rows: MaterialRow[] = await this.dataSource.query(
      `${SELECT_MATERIALS} WHERE m.petition_id = $1 ORDER BY m.uploaded_at, m.version`,
      [petitionId],
    );
    return rows.map(materialView);
  }

  async upload(
    user: AuthenticatedUser,
    petitionId: string,
    idempotencyKey: string | undefined,
    req: Request,
  ): Promise<MaterialView> {
    if (!idempotencyKey || idempotencyKey.length > 200)
      throw new ApiError(
        'validation',
        'header Idempotency-Key is required (1–200 characters): a retried upload with the same key stores nothing new',
        'Idempotency-Key',
        undefined,
        { messageKey: 'header.idempotencyKeyRequired' },
      );
    await this.access.requireVisible(user, petitionId, 'act');
    if (!MATERIAL_ROLES.includes(user.role))
      throw new ApiError('forbidden', `role ${user.role} may not attach materials`, undefined, undefined, {
        messageKey: 'material.roleNeeded',
      });
    const earlier = await this.byRequest(petitionId, idempotencyKey);
    if (earlier) {
      req.resume(); // the retry's body is the same file: nothing of it is needed
      return materialView(earlier);
    }
    const limits = this.config.storage.limits;
    const used = await this.usedBytes(petitionId);
    return readSingleUpload(req, async (fields, file, info) => {
      const kind = fields.kind as MaterialKind;
      if (!(MATERIAL_KINDS as readonly string[]).includes(kind))
        throw new ApiError(
          'validation',
          `kind must be one of ${MATERIAL_KINDS.join(', ')}, sent before the file`,
          'kind',
          undefined,
          {
            messageKey: 'validation.required',
            params: { field: 'kind' },
          },
        );
      const caption = (fields.caption ?? '').trim();
      if (caption.length > 200 || hasControlCharacter(caption))
        throw new ApiError('validation', 'caption: at most 200 characters, no control characters', 'caption');
      const replaces = fields.materialId?.trim() || null;
      if (replaces !== null && !UUID.test(replaces))
        throw new ApiError('validation', 'materialId must be a uuid', 'materialId');
      if (replaces !== null && !(await this.materialExists(petitionId, replaces)))
        throw new ApiError('notFound', `petition ${petitionId} has no material ${replaces}`, 'materialId', undefined, {
          messageKey: 'material.notFound',
        });
      const fileName = [...(info.fileName || 'file')]
        .map((c) => (isControl(c) || c === '/' || c === '\\' ? '_' : c))
        .join('')
        .slice(0, 255);
      const remaining = limits.maxCaseBytes - used;
      if (remaining <= 0) throw caseQuotaExceeded(limits.maxCaseBytes);
      const maxBytes = Math.min(limits.maxFileBytes, remaining);
      let check: SignatureCheck;
      try {
        check = new SignatureCheck(info.declaredType);
      } catch (error) {
        throw refusalAsApiError(error);
      }
      const fileId = uuidFrom(`${petitionId}:${idempotencyKey}:file`);
      const materialId = replaces ?? uuidFrom(`${petitionId}:${idempotencyKey}:material`);
      const key = `materials/${petitionId}/${fileId}`;
      // The refusal reaches us through put's rejection; the stream's own 'error' needs no other listener.
      check.on('error', () => undefined);
      let stored;
      try {
        stored = await this.store.put(key, file.pipe(check), { contentType: 'application/octet-stream', maxBytes });
      } catch (error) {
        if (error instanceof ObjectTooLarge && maxBytes < limits.maxFileBytes)
          throw caseQuotaExceeded(limits.maxCaseBytes);
        throw storeFailureAsApiError(refusalAsApiError(error), this.logger);
      }
      try {
        return await this.record(user, petitionId, idempotencyKey, {
          fileId,
          materialId,
          kind,
          caption,
          fileName,
          mediaType: check.contentType,
          key,
          size: stored.size,
          sha256: stored.sha256,
        });
      } catch (error) {
        if (!outcomeUnknown(error)) {
          await this.store.delete(key).catch(() => undefined);
          throw error;
        }
        // The update may have reached the workflow (its event recorded) though this request saw no
        // answer, or the row's commit failed after it: deleting the object could leave a history
        // naming a file that is gone. It stays; a retry with the same key records it once (the
        // update id and the workflow's requestId both dedupe). Never retried, the retention run
        // (libs/storage/object-retention.ts) removes it unless an event names it.
        this.logger.warn(`upload ${idempotencyKey} of ${petitionId}: outcome unknown (${(error as Error).message})`);
        throw new ApiError(
          'unavailable',
          `the upload could not be confirmed (${(error as Error).message}); send it again with the same Idempotency-Key`,
          undefined,
          503,
          { messageKey: 'material.outcomeUnknown' },
        );
      }
    });
  }

  /**
   * A file already in the object store becomes a material of the case (an online submission's
   * attachment once the submission is registered). Keyed by requestId like an upload: a retry
   * records nothing twice. The object keeps its key; nothing is copied.
   */
  async attachStored(
    user: AuthenticatedUser,
    petitionId: string,
    requestId: string,
    file: {
      kind: MaterialKind;
      caption: string;
      fileName: string;
      mediaType: string;
      key: string;
      size: number;
      sha256: string;
    },
  ): Promise<MaterialView> {
    const earlier = await this.byRequest(petitionId, requestId);
    if (earlier) return materialView(earlier);
    return this.record(user, petitionId, requestId, {
      ...file,
      fileId: uuidFrom(`${petitionId}:${requestId}:file`),
      materialId: uuidFrom(`${petitionId}:${requestId}:material`),
    });
  }

  /**
   * The row and the workflow's record, in one transaction that commits only once the workflow has
   * the event: a failure leaves neither a row nor (the caller deletes it) the object.
   */
  private async record(
    user: AuthenticatedUser,
    petitionId: string,
    requestId: string,
    file: {
      fileId: string;
      materialId: string;
      kind: MaterialKind;
      caption: string;
      fileName: string;
      mediaType: string;
      key: string;
      size: number;
      sha256: string;
    },
  ): Promise<MaterialView> {
    await this.dataSource.transaction(async (manager) => {
      // One upload of a case at a time from here: the quota and the next version are read under it.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('case_materials:' || $1))`, [petitionId]);
      const [{ used, version }]: { used: string; version: number }[] = await manager.query(
        `SELECT coalesce((SELECT sum(byte_length) FROM case_materials WHERE petition_id = $1), 0) AS used,
                coalesce((SELECT max(version) FROM case_materials WHERE material_id = $2), 0) + 1 AS version`,
        [petitionId, file.materialId],
      );
      if (Number(used) + file.size > this.config.storage.limits.maxCaseBytes)
        throw caseQuotaExceeded(this.config.storage.limits.maxCaseBytes);
      const record: MaterialRecord = {
        requestId,
        actor: { userId: user.id, role: user.role, unitId: user.unitId },
        materialId: file.materialId,
        fileId: file.fileId,
        version,
        kind: file.kind,
        sha256: file.sha256,
        size: file.size,
      };
      const handle = this.temporal.workflow.getHandle(petitionWorkflowId(petitionId));
      const { seq } = await unlessEnded(
        handle,
        () => handle.executeUpdate(recordMaterialUpdate, { args: [record], updateId: `material:${requestId}` }),
        'the case workflow has completed; it takes no more materials',
      );
      await manager.query(
        `INSERT INTO case_materials (file_id, material_id, version, petition_id, kind, caption, file_name, media_type,
                                     byte_length, sha256, object_key, request_id, uploaded_by, uploader_role, uploader_unit_id, event_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          file.fileId,
          file.materialId,
          version,
          petitionId,
          file.kind,
          file.caption,
          file.fileName,
          file.mediaType,
          file.size,
          file.sha256,
          file.key,
          requestId,
          user.id,
          user.role,
          user.unitId,
          seq,
        ],
      );
      await appendAuditRecord(manager, {
        kind: 'staffAction',
        action: 'attachMaterial',
        outcome: 'accepted',
        actor: { userId: user.id, role: user.role, unitId: user.unitId },
        petitionId,
        detail: {
          requestId,
          fileId: file.fileId,
          materialId: file.materialId,
          version,
          sha256: file.sha256,
          size: file.size,
        },
        key: `attachMaterial:${petitionId}:${requestId}`,
      });
    });
    return materialView((await this.byRequest(petitionId, requestId))!);
  }

  /** The file of one version, for whoever may see the case; each download goes on the audit trail. */
  async download(
    user: AuthenticatedUser,
    petitionId: string,
    fileId: string,
  ): Promise<{ view: MaterialView; body: Readable }> {
    await this.access.requireVisible(user, petitionId, 'read', 'downloadMaterial');
    const rows: MaterialRow[] = await this.dataSource.query(
      `${SELECT_MATERIALS} WHERE m.petition_id = $1 AND m.file_id = $2`,
      [petitionId, fileId],
    );
    const notFound = () =>
      new ApiError('notFound', `petition ${petitionId} has no material file ${fileId}`, undefined, undefined, {
        messageKey: 'material.notFound',
      });
    if (rows.length === 0) throw notFound();
    let body: Readable;
    try {
      body = await this.store.get(rows[0].object_key);
    } catch (error) {
      if (error instanceof ObjectMissing) throw notFound();
      throw error;
    }
    await appendAuditRecord(this.dataSource.manager, {
      kind: 'caseRead',
      action: 'downloadMaterial',
      outcome: 'read',
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      petitionId,
      detail: { fileId, materialId: rows[0].material_id, version: rows[0].version, sha256: rows[0].sha256 },
    });
    return { view: materialView(rows[0]), body };
  }

  private async byRequest(petitionId: string, requestId: string): Promise<MaterialRow | undefined> {
    const rows: MaterialRow[] = await this.dataSource.query(
      `${SELECT_MATERIALS} WHERE m.petition_id = $1 AND m.request_id = $2`,
      [petitionId, requestId],
    );
    return rows[0];
  }

  private async materialExists(petitionId: string, materialId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM case_materials WHERE petition_id = $1 AND material_id = $2 LIMIT 1`,
      [petitionId, materialId],
    );
    return rows.length > 0;
  }

  private async usedBytes(petitionId: string): Promise<number> {
    const [{ used }]: { used: string }[] = await this.dataSource.query(
      `SELECT coalesce(sum(byte_length), 0) AS used FROM case_materials WHERE petition_id = $1`,
      [petitionId],
    );
    return Number(used);
  }
}

/**
 * Whether a failure while recording leaves it open if the workflow recorded the file: not for our
 * own refusals (ApiError: quota, a case that ended) nor for the workflow's (its validator refused
 * the update), which record nothing.
 */
function outcomeUnknown(error: unknown): boolean {
  return !(error instanceof ApiError) && !(error instanceof WorkflowUpdateFailedError);
}

/** The store failed (not a refusal of the file): a 503 saying nothing was kept, to be retried. */
function storeFailureAsApiError(error: unknown, logger: Logger): unknown {
  if (error instanceof ApiError) return error;
  logger.warn(`object store: ${(error as Error).message}`);
  return new ApiError(
    'unavailable',
    `the object store did not take the file (${(error as Error).message}); nothing was kept, send it again`,
    'file',
    503,
    { messageKey: 'material.storeUnavailable' },
  );
}

function caseQuotaExceeded(maxBytes: number): ApiError {
  const maxMb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new ApiError('caseQuotaExceeded', `the case's materials would pass ${maxBytes} bytes`, 'file', 413, {
    messageKey: 'material.caseQuotaExceeded',
    params: { maxMb },
  });
}

export function materialView(row: MaterialRow): MaterialView {
  return {
    fileId: row.file_id,
    materialId: row.material_id,
    version: row.version,
    kind: row.kind,
    caption: row.caption,
    fileName: row.file_name,
    mediaType: row.media_type,
    byteLength: Number(row.byte_length),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploaderName: row.uploader_name,
    uploaderUnitId: row.uploader_unit_id,
    uploadedAt: formatInstant(new Date(row.uploaded_at).getTime()),
    eventSeq: row.event_seq,
    superseded: row.superseded,
  };
}
