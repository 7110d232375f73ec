import { Inject, Injectable } from '@nestjs/common';
import { requestFingerprint } from '@/libs/process/request-fingerprint';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { queryCodeMatches } from '@/libs/auth/query-code';
import type { Rating } from '@/libs/process/policy';
import type { Actor } from '@/libs/process';
import { petitionUpdates, petitionViewQuery, petitionWorkflowId } from '@/workflows/petition/petition.contract';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { petitionerViewToWire } from '../common/wire-views';
import { unlessEnded } from '../common/workflow-ended';
import type { PetitionerView } from './petitioner-view';
import { listCaseDocuments, readCaseDocument } from '@/libs/documents';
import { documentView } from '../documents/document-download';
import { describeRef, resolvePetitionRef, type PetitionRef } from '../common/petition-ref';
import type { DocumentView } from '../documents/document-views';

const PETITIONER: Actor = { userId: 'petitioner', role: 'petitioner', unitId: null };

/**
 * The petitioner's side, authenticated by the 查询码 only. A wrong code and an unknown case answer
 * the same 404, so a code cannot be used to probe which cases exist.
 */
@Injectable()
export class PublicPetitionsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** The case of a reference (id or 信访件编号) whose 查询码 this is; the same 404 for an unknown case and a wrong code. */
  private async requireCode(
    ref: PetitionRef,
    code: string | undefined,
  ): Promise<{ id: string; caseNumber: string | null }> {
    const notFound = new ApiError(
      'notFound',
      `petition ${describeRef(ref)} not found, or the query code does not match`,
      undefined,
      undefined,
      { messageKey: 'petitioner.notFound' },
    );
    if (!code) throw notFound;
    const found = await resolvePetitionRef(this.dataSource.manager, ref);
    if (!found || !queryCodeMatches(this.config.queryCodeSecret, found.id, code)) throw notFound;
    return found;
  }

  async view(ref: PetitionRef, code: string | undefined): Promise<PetitionerView> {
    const { id: petitionId, caseNumber } = await this.requireCode(ref, code);
    const view = await this.temporal.workflow.getHandle(petitionWorkflowId(petitionId)).query(petitionViewQuery);
    return this.withUnitNames({ ...petitionerViewToWire(view, Date.now()), caseNumber });
  }

  /** 提级办理 milestones name the unit that took the case over as people know it, not by its id. */
  private async withUnitNames(view: PetitionerView): Promise<PetitionerView> {
    const ids = [...new Set(view.milestones.flatMap((m) => (m.unitId ? [m.unitId] : [])))];
    if (ids.length === 0) return view;
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM units WHERE id = ANY($1::text[])`,
      [ids],
    );
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return {
      ...view,
      milestones: view.milestones.map((m) => (m.unitId ? { ...m, unitName: names.get(m.unitId) ?? m.unitId } : m)),
    };
  }

  /** The notices addressed to the petitioner; internal documents never. */
  async documents(ref: PetitionRef, code: string | undefined): Promise<DocumentView[]> {
    const { id: petitionId } = await this.requireCode(ref, code);
    return (await listCaseDocuments(this.dataSource.manager, petitionId, 'petitioner')).map(documentView);
  }

  async document(ref: PetitionRef, code: string | undefined, documentId: string) {
    const { id: petitionId } = await this.requireCode(ref, code);
    const document = await readCaseDocument(this.dataSource.manager, petitionId, documentId);
    if (!document || document.audience !== 'petitioner')
      throw new ApiError(
        'notFound',
        `petition ${petitionId} has no document ${documentId} for the petitioner`,
        undefined,
        undefined,
        { messageKey: 'petitioner.noDocument' },
      );
    return document;
  }

  async rate(ref: PetitionRef, code: string | undefined, requestId: string, rating: Rating): Promise<PetitionerView> {
    const { id: petitionId, caseNumber } = await this.requireCode(ref, code);
    const handle = this.temporal.workflow.getHandle(petitionWorkflowId(petitionId));
    const view = await unlessEnded(handle, () =>
      // The fingerprint in the update id: the same requestId with another rating reaches the workflow, which refuses it (409).
      handle.executeUpdate(petitionUpdates.rate, {
        args: [{ requestId, actor: PETITIONER, args: { rating } }],
        updateId: `rate:${requestId}:${requestFingerprint('rate', PETITIONER, { rating })}`,
      }),
    );
    return { ...petitionerViewToWire(view, Date.now()), caseNumber };
  }

  /** 复查 or 复核, whichever window is open, received now. */
  async requestReview(ref: PetitionRef, code: string | undefined, requestId: string): Promise<PetitionerView> {
    const { id: petitionId, caseNumber } = await this.requireCode(ref, code);
    const handle = this.temporal.workflow.getHandle(petitionWorkflowId(petitionId));
    const current = await handle.query(petitionViewQuery);
    const update = current.step === 'reReviewWindow' ? petitionUpdates.requestReReview : petitionUpdates.requestReview;
    const view = await unlessEnded(handle, () =>
      handle.executeUpdate(update, {
        args: [{ requestId, actor: PETITIONER, args: { receivedAt: Date.now() } }],
        updateId: `review:${requestId}`,
      }),
    );
    return { ...petitionerViewToWire(view, Date.now()), caseNumber };
  }
}
