import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { deriveQueryCode } from '@/libs/auth/query-code';
import { receiptDocument, renderPdf, type RenderedDocument } from '@/libs/documents';
import type { PetitionView } from '@/libs/process';
import { computeDeadline } from '@/libs/process/deadline';
import { policyByVersion } from '@/libs/process/policy';
import { petitionViewQuery, petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG, TEMPORAL_CLIENT } from '../common/tokens';
import { PetitionAccessService } from './petition-access.service';

export interface Receipt extends RenderedDocument {
  caseNumber: string;
}

/**
 * 登记回执, rendered when asked (the same case renders the same bytes: its instants are the case's).
 * It carries the 查询码, which lets anyone act as the petitioner: only the staff of the registering
 * office, who gave that code to the petitioner in the first place, may print it again.
 */
@Injectable()
export class RegistrationReceiptService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async receipt(user: AuthenticatedUser, petitionId: string, origin: string): Promise<Receipt> {
    await this.access.requireVisible(user, petitionId, 'read', 'readReceipt');
    const [intake]: {
      case_number: string | null;
      petitioner_name: string;
      registering_unit_id: string;
      office_name: string;
      view: PetitionView | null;
    }[] = await this.dataSource.query(
      `SELECT i.case_number, i.petitioner_name, i.registering_unit_id, u.name AS office_name, p.view
         FROM petition_intakes i JOIN units u ON u.id = i.registering_unit_id LEFT JOIN petitions p ON p.id = i.petition_id
        WHERE i.petition_id = $1`,
      [petitionId],
    );
    if (intake.registering_unit_id !== user.unitId)
      throw new ApiError(
        'forbidden',
        'only the registering office prints the registration receipt (it carries the 查询码)',
      );
    if (!intake.case_number) throw new ApiError('conflict', 'the case has no number yet: try again in a moment');
    // Right after registration the read model may not have the case yet: the workflow answers.
    const view = await this.liveView(petitionId).then((v) => v ?? intake.view);
    if (!view) throw new ApiError('conflict', 'the case is not registered yet: try again in a moment');
    const clock = policyByVersion(view.policyVersion).clocks.acceptanceNotice;
    // An imported 积案's clocks run from its registration, a new petition's from its receipt.
    const from = view.backlog ? view.registeredAt : view.receivedAt;
    // The acceptance notice has a fixed length in every policy (only some windows have none).
    const days = clock.lengthDays ?? 15;
    const due = computeDeadline(clock, from, days, 0, view.calendarVersion);
    const { title, content } = receiptDocument({
      caseNumber: intake.case_number,
      queryCode: deriveQueryCode(this.config.queryCodeSecret, petitionId),
      petitionerName: intake.petitioner_name,
      officeName: intake.office_name,
      receivedAt: view.receivedAt,
      registeredAt: view.registeredAt,
      acceptanceLastDay: due.lastDay,
      acceptanceDays: days,
      petitionerUrl: `${origin}/console/petitioner?id=${encodeURIComponent(intake.case_number)}`,
    });
    const rendered = await renderPdf(content, {
      title,
      author: intake.office_name,
      subject: `${title}（${intake.case_number}）`,
      issuedAt: view.registeredAt,
    });
    return { ...rendered, caseNumber: intake.case_number };
  }

  private async liveView(petitionId: string): Promise<PetitionView | null> {
    try {
      return await this.temporal.workflow.getHandle(petitionWorkflowId(petitionId)).query(petitionViewQuery);
    } catch {
      return null;
    }
  }
}
