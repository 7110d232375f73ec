/**
 * 异议核实: the objections to a misroute waiting for the caller's petition office (Art 23). The
 * office that routed the case verifies each: agree (the case returns for routing) or refuse with
 * reasons (the case stays). Read from the projected view, oldest objection first.
 */
import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { formatInstant } from '@/libs/process/wire-time';
import type { PendingObjection } from '@/libs/process';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiInstant } from '../common/wire-instant';

export class PendingObjectionItem {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ description: 'the unit that objects it has no authority over the matter' }) unitId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: 'who filed the objection' })
  byUserId!: string | null;
  @ApiProperty({ description: "the unit's reasons" }) reasons!: string;
  @ApiInstant('when the objection was filed') objectedAt!: string;
  @ApiInstant("the unit's acceptance notice is due (its clocks run on while the objection waits)", {
    nullable: true,
  })
  acceptanceDueAt!: string | null;
}

export class PendingObjectionsPage {
  @ApiInstant() asOf!: string;
  @ApiProperty({ type: [PendingObjectionItem] }) items!: PendingObjectionItem[];
}

/** Objections wait at most as long as a case may sit at acceptance: a page holds them all. */
const MAX_ITEMS = 500;

@Injectable()
export class ObjectionQueueService {
  constructor(private readonly dataSource: DataSource) {}

  async pending(user: AuthenticatedUser, now = Date.now()): Promise<PendingObjectionsPage> {
    const rows: { id: string; case_number: string | null; objection: PendingObjection; due_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT p.id, i.case_number, p.view->'pendingObjection' AS objection,
                (SELECT c.due_at FROM petition_clocks c WHERE c.petition_id = p.id AND c.clock_id = 'acceptanceNotice'
                    AND c.status = 'running' LIMIT 1) AS due_at
           FROM petitions p LEFT JOIN petition_intakes i ON i.petition_id = p.id
          WHERE p.routing_unit_id = $1 AND p.step = 'acceptance' AND jsonb_typeof(p.view->'pendingObjection') = 'object'
          ORDER BY (p.view->'pendingObjection'->>'at')::bigint, p.id
          LIMIT ${MAX_ITEMS}`,
        [user.unitId],
      );
    return {
      asOf: formatInstant(now),
      items: rows.map((r) => ({
        petitionId: r.id,
        caseNumber: r.case_number,
        unitId: r.objection.unitId,
        byUserId: r.objection.byUserId,
        reasons: r.objection.reasons,
        objectedAt: formatInstant(r.objection.at),
        acceptanceDueAt: r.due_at ? formatInstant(r.due_at.getTime()) : null,
      })),
    };
  }
}
