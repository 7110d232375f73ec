import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { appendAuditRecord, fromRow } from '@/libs/audit/audit-trail';
import { TrailAnchor, parseAnchor, verifyAuditTrail } from '@/libs/audit/trail-verification';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PetitionAccessService } from '../petitions/petition-access.service';
import { formatInstant } from '@/libs/process/wire-time';
import { AuditTrailRecordView, TrailVerificationView } from './dto/audit-views';

export const AUDIT_ROLES = ['auditor', 'admin'] as const;
const MAX_ANCHORS = 50;

/** The audit trail for auditors: its verification, and the records of one case. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(...AUDIT_ROLES)
@Controller('audit')
export class AuditTrailController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
  ) {}

  @Get('trail/verification')
  @ApiOperation({
    summary:
      'walk the hash-chained audit trail; names the first broken link (edited, deleted, inserted, reordered record)',
  })
  @ApiQuery({
    name: 'anchor',
    required: false,
    description: 'seq:hash of a head noted earlier (repeatable): finds a cut or rewritten tail',
  })
  @ApiOkResponse({ type: TrailVerificationView })
  async verify(
    @CurrentUser() user: AuthenticatedUser,
    @Query('anchor') anchor?: string | string[],
  ): Promise<TrailVerificationView> {
    const given = anchor === undefined ? [] : Array.isArray(anchor) ? anchor : [anchor];
    if (given.length > MAX_ANCHORS) throw new BadRequestException(`at most ${MAX_ANCHORS} anchors`);
    let anchors: TrailAnchor[];
    try {
      anchors = given.map(parseAnchor);
    } catch (error) {
      throw new BadRequestException(`anchor: ${(error as Error).message}`);
    }
    const result = await verifyAuditTrail(this.dataSource.manager, { anchors });
    await appendAuditRecord(this.dataSource.manager, {
      kind: 'auditorAction',
      action: 'verifyTrail',
      outcome: result.ok ? 'succeeded' : 'failed',
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      detail: { recordsChecked: result.recordsChecked, head: result.head, firstBrokenLink: result.firstBrokenLink },
    });
    return { ...result, checkedAt: formatInstant(Date.parse(result.checkedAt)) };
  }

  @Get('petitions/:id/trail')
  @ApiOperation({ summary: 'the audit-trail records of one case (actions, refusals, reads), in chain order' })
  @ApiOkResponse({ type: [AuditTrailRecordView], description: 'in chain order' })
  async forPetition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
  ): Promise<AuditTrailRecordView[]> {
    await this.access.requireVisible(user, id, 'read', 'readTrail');
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT t.*, au.name AS actor_name, an.name AS actor_unit_name
         FROM audit_trail t
         LEFT JOIN users au ON au.id = t.actor_user_id
         LEFT JOIN units an ON an.id = t.actor_unit_id
        WHERE t.petition_id = $1 ORDER BY t.seq`,
      [id],
    );
    // The names are read beside the record, never hashed into it: the chain stays as it was written.
    return rows.map((row) => ({
      ...fromRow(row),
      recordedAt: formatInstant(fromRow(row).recordedAt.getTime()),
      actorName: (row.actor_name as string | null) ?? null,
      actorUnitName: (row.actor_unit_name as string | null) ?? null,
    }));
  }
}
