import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendDisposition } from '@/libs/persistence/accountability-ledger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { dispositionToWire, ledgerRecordToWire, type DispositionRow, type TriggerRow } from '../common/wire-views';
import { PetitionAccessService } from '../petitions/petition-access.service';
import type {
  AccountabilityPage,
  AccountabilityRecordView,
  CaseAccountabilityView,
  DispositionView,
} from './dto/accountability-views';
import { ListAccountabilityQuery } from './dto/list-accountability.query';
import { RecordDispositionDto } from './dto/record-disposition.dto';
import { SqlFilter, withinOversight } from './oversight-scope';

const DEFAULT_PAGE = 50;

const TRIGGER_COLUMNS = `r.id, r.petition_id, (SELECT ci.case_number FROM petition_intakes ci WHERE ci.petition_id = r.petition_id) AS case_number, r.campaign_id, r.rule, r.unit_id, r.responsible_user_id,
  (SELECT ru.name FROM users ru WHERE ru.id = r.responsible_user_id) AS responsible_name, r.responsible_by, r.severity, r.suggested_action, r.basis,
  r.evidence, r.detail, r.occurred_at, r.recorded_at`;
const DISPOSITION_COLUMNS = `d.id, d.disposes_record_id, d.petition_id, d.rule, d.unit_id, d.disposition, d.detail, d.recorded_by,
  (SELECT du.name FROM users du WHERE du.id = d.recorded_by) AS recorded_by_name, d.recorded_at`;

/**
 * Reads of the accountability ledger for the units a supervisor or auditor oversees, and the one
 * write the API makes to it: a disposition, always a new row (the table refuses updates).
 */
@Injectable()
export class AccountabilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
  ) {}

  async list(user: AuthenticatedUser, query: ListAccountabilityQuery): Promise<AccountabilityPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const filter = this.triggersVisibleTo(user);
    if (query.unitId) filter.and(`r.unit_id = ${filter.bind(query.unitId)}::text`);
    if (query.petitionId) filter.and(`r.petition_id = ${filter.bind(query.petitionId)}::uuid`);
    if (query.campaignId) filter.and(`r.campaign_id = ${filter.bind(query.campaignId)}::uuid`);
    if (query.rule) filter.and(`r.rule = ${filter.bind(query.rule)}::text`);
    if (query.before) filter.and(`r.id < ${filter.bind(query.before)}::bigint`);
    // One row more than asked tells whether another page exists without a count.
    const rows: TriggerRow[] = await this.dataSource.query(
      `SELECT ${TRIGGER_COLUMNS} FROM accountability_records r JOIN units u ON u.id = r.unit_id
        ${filter.where()} ORDER BY r.id DESC LIMIT ${filter.bind(limit + 1)}`,
      filter.params,
    );
    const page = rows.slice(0, limit);
    return {
      records: await this.withDispositions(page),
      nextBefore: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async forPetition(user: AuthenticatedUser, petitionId: string): Promise<CaseAccountabilityView> {
    await this.access.requireVisible(user, petitionId, 'read', 'readAccountability');
    const filter = this.triggersVisibleTo(user);
    filter.and(`r.petition_id = ${filter.bind(petitionId)}::uuid`);
    const rows: TriggerRow[] = await this.dataSource.query(
      `SELECT ${TRIGGER_COLUMNS} FROM accountability_records r JOIN units u ON u.id = r.unit_id ${filter.where()} ORDER BY r.id DESC`,
      filter.params,
    );
    return { petitionId, records: await this.withDispositions(rows) };
  }

  async recordDisposition(
    user: AuthenticatedUser,
    recordId: string,
    dto: RecordDispositionDto,
  ): Promise<DispositionView> {
    const filter = this.triggersVisibleTo(user);
    filter.and(`r.id = ${filter.bind(recordId)}::bigint`);
    const visible: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM accountability_records r JOIN units u ON u.id = r.unit_id ${filter.where()}`,
      filter.params,
    );
    if (visible.length === 0) throw this.recordNotFound(recordId);
    // The ledger keys a disposition by its request id alone; scoping it to the record and the user
    // keeps one user's request id from ever returning another user's decision on another record.
    const appended = await appendDisposition(this.dataSource.manager, {
      recordId,
      disposition: dto.disposition,
      note: dto.note,
      recordedBy: user.id,
      requestId: `${recordId}:${user.id}:${dto.requestId}`,
    });
    if (!appended) throw this.recordNotFound(recordId);
    const [row]: DispositionRow[] = await this.dataSource.query(
      `SELECT ${DISPOSITION_COLUMNS} FROM accountability_records d WHERE d.id = $1`,
      [appended.id],
    );
    if (row.disposition !== dto.disposition || row.detail.note !== dto.note) {
      throw new ApiError(
        'idempotencyConflict',
        `requestId "${dto.requestId}" already recorded a different disposition on record ${recordId}; use a new requestId for a new decision`,
        'requestId',
        undefined,
        { messageKey: 'ledger.dispositionConflict' },
      );
    }
    return dispositionToWire(row);
  }

  private triggersVisibleTo(user: AuthenticatedUser): SqlFilter {
    return withinOversight(new SqlFilter(), user, 'u.region_path', 'r.petition_id').and(`r.kind = 'trigger'`);
  }

  private async withDispositions(rows: TriggerRow[]): Promise<AccountabilityRecordView[]> {
    if (rows.length === 0) return [];
    const dispositions: DispositionRow[] = await this.dataSource.query(
      `SELECT ${DISPOSITION_COLUMNS} FROM accountability_records d
        WHERE d.kind = 'disposition' AND d.disposes_record_id = ANY($1::bigint[]) ORDER BY d.id`,
      [rows.map((r) => r.id)],
    );
    const byRecord = new Map<string, DispositionView[]>();
    for (const d of dispositions)
      byRecord.set(d.disposes_record_id, [...(byRecord.get(d.disposes_record_id) ?? []), dispositionToWire(d)]);
    return rows.map((r) => ledgerRecordToWire(r, byRecord.get(r.id) ?? []));
  }

  private recordNotFound(recordId: string | number): ApiError {
    return new ApiError('notFound', `accountability record ${recordId} not found`, undefined, undefined, {
      messageKey: 'ledger.recordNotFound',
    });
  }
}
