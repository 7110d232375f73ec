import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DraftView } from '@/libs/process';
import { formatInstant } from '@/libs/process/wire-time';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { draftToWire } from '../common/wire-views';
import { dueClock } from './case-list-rows';
import type { ApprovalQueuePage } from './dto/approval-queue.views';

/** The clock each kind of draft is due in: the reply's handling period, the review's, the re-review's. */
const DRAFT_CLOCKS: Readonly<Record<DraftView['kind'], string>> = {
  reply: 'handling',
  reviewDecision: 'review',
  reReviewDecision: 'reReview',
};

/** More than a head signs in a sitting; the oldest drafts come first. */
const MAX_ITEMS = 200;

interface Row {
  id: string;
  step: string;
  draft: DraftView;
  case_number: string | null;
  summary: string | null;
  drafted_by_name: string | null;
  clock_key: string | null;
  clock_id: string | null;
  due_at: Date | null;
  last_day: string | null;
}

/**
 * 签发: the unit head's queue of drafts awaiting approval in the head's own unit (the handling unit
 * for replies, the reviewing organ for decisions), oldest draft first. Other roles approve nothing:
 * their queue is empty. An accusation never appears to its accused unit.
 */
@Injectable()
export class ApprovalQueueService {
  constructor(private readonly dataSource: DataSource) {}

  async queue(user: AuthenticatedUser, now = Date.now()): Promise<ApprovalQueuePage> {
    const base = {
      description: "drafts of your unit's replies and review/re-review decisions awaiting your 签发, oldest first",
      asOf: formatInstant(now),
    };
    if (user.role !== 'unitHead') return { ...base, items: [] };
    const rows: Row[] = await this.dataSource.query(
      `SELECT p.id, p.step, p.view->'draft' AS draft, i.case_number, i.summary, drafter.name AS drafted_by_name,
              c.clock_key, c.clock_id, c.due_at, c.last_day::text AS last_day
         FROM petitions p
         LEFT JOIN petition_intakes i ON i.petition_id = p.id
         LEFT JOIN users drafter ON drafter.id = p.view->'draft'->>'draftedBy'
         LEFT JOIN LATERAL (
           SELECT c.clock_key, c.clock_id, c.due_at, c.last_day FROM petition_clocks c
            WHERE c.petition_id = p.id AND c.status = 'running' AND c.unit_id = $1
              AND c.clock_id = CASE p.view->'draft'->>'kind'
                    WHEN 'reply' THEN $2 WHEN 'reviewDecision' THEN $3 ELSE $4 END
            ORDER BY c.due_at LIMIT 1) c ON true
        WHERE p.view->'draft'->>'unitId' = $1
          AND p.accused_unit_id IS DISTINCT FROM $1
        ORDER BY (p.view->'draft'->>'draftedAt')::bigint, p.id
        LIMIT ${MAX_ITEMS}`,
      [user.unitId, DRAFT_CLOCKS.reply, DRAFT_CLOCKS.reviewDecision, DRAFT_CLOCKS.reReviewDecision],
    );
    return {
      ...base,
      items: rows.map((r) => ({
        petitionId: r.id,
        caseNumber: r.case_number,
        step: r.step,
        draft: draftToWire(r.id, r.draft),
        draftedByName: r.drafted_by_name,
        clock:
          r.clock_key && r.clock_id && r.due_at ? dueClock(r.clock_key, r.clock_id, r.due_at, r.last_day, now) : null,
        summary: r.summary,
      })),
    };
  }
}
