/**
 * Drives one petition workflow through the real worker on the time-skipping server, the way staff
 * would: updates with actors and request ids, time advanced between them.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ActionName } from '../../libs/process/policy';
import type { ActionArgs, Actor, PetitionView, RejectionCode } from '../../libs/process';
import {
  REJECTION_FAILURE_TYPE_PREFIX,
  RegistrationInput,
  petitionUpdates,
  petitionViewQuery,
  petitionWorkflowId,
} from '../../workflows/petition/petition.contract';
import { petitionWorkflow } from '../../workflows/petition/petition.workflow';
import { headOf } from './sign-off';

export const ACTORS = {
  registrar: { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' },
  handler: { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' },
  unitHead: { userId: 'x-head', role: 'unitHead', unitId: 'x-zjj' },
  disciplineHandler: { userId: 'x-jw-handler', role: 'handler', unitId: 'x-jw' },
  reviewHandler: { userId: 'c-handler', role: 'handler', unitId: 'c-zjj' },
  reReviewHandler: { userId: 'p-handler', role: 'handler', unitId: 'p-zjj' },
  petitioner: { userId: 'petitioner', role: 'petitioner', unitId: null },
} satisfies Record<string, Actor>;

/** The actions whose written result is drafted, then approved (签发) on cases started since approvals. */
const DRAFTED: readonly ActionName[] = ['issueReply', 'issueReviewDecision', 'issueReReviewDecision'];

/** The head of a unit, as the test directory names them (x-zjj → x-head; x-xfj → x-xfj-head). */
export function headActor(unitId: string): Actor {
  return { userId: headOf(unitId), role: 'unitHead', unitId };
}

import { COUNTY_OFFICE } from './registration-input';
export { COUNTY_OFFICE };

/** What a written reply or decision states (处理意见书, 复查/复核意见书): facts, reasons, legal basis. */
export const GROUNDS = {
  facts: '经现场核查，小区维修基金账目已公示，相关支出经业主大会表决通过。',
  reasons: '维修基金的使用程序符合规定，信访人反映的问题已作说明。',
  legalBasis: '《住宅专项维修资金管理办法》第二十二条',
};

/** Instant of a Shanghai wall-clock time, e.g. at('2030-03-04 10:00'). */
export function at(shanghaiDateTime: string): number {
  return Date.parse(`${shanghaiDateTime.replace(' ', 'T')}:00+08:00`);
}
/** 24:00 Asia/Shanghai at the end of the given date: when a period ending that day is due. */
export function endOf(date: string): number {
  return Date.parse(`${date}T24:00:00+08:00`);
}

export class CaseDriver {
  readonly petitionId = randomUUID();
  handle!: WorkflowHandle<typeof petitionWorkflow>;

  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
  ) {}

  /** Moves the server's clock forward to the instant (timers due on the way fire). */
  async advanceTo(instant: number): Promise<void> {
    const now = await this.env.currentTimeMs();
    if (instant < now) throw new Error(`cannot go back in time to ${new Date(instant).toISOString()}`);
    await this.env.sleep(instant - now);
  }

  async register(
    overrides: Partial<RegistrationInput> = {},
    options: { continueAsNewAtHistoryLength?: number } = {},
  ): Promise<PetitionView> {
    const registration: RegistrationInput = {
      petitionId: this.petitionId,
      requestId: `register-${this.petitionId}`,
      registeredBy: ACTORS.registrar,
      registeringUnit: COUNTY_OFFICE,
      category: 'appeal',
      channel: 'visit',
      receivedAt: await this.env.currentTimeMs(),
      urgent: false,
      collective: false,
      repeatOf: [],
      accusedUnitId: null,
      handleDirectly: false,
      ...overrides,
    };
    this.handle = await this.env.client.workflow.start(petitionWorkflow, {
      workflowId: petitionWorkflowId(this.petitionId),
      taskQueue: this.taskQueue,
      args: [{ registration, ...options }],
    });
    return this.view();
  }

  /**
   * A staff action. A reply or decision drafted on a case with 签发 is approved at once by the head
   * of the drafting unit (set `signOff` false to leave the draft awaiting approval), so tests that are
   * not about approval issue as before.
   */
  async act<A extends ActionName>(
    action: A,
    actor: Actor,
    args: ActionArgs[A],
    requestId: string = randomUUID(),
  ): Promise<PetitionView> {
    const view = await this.update(action, actor, args, requestId);
    if (!this.signOff || !DRAFTED.includes(action) || !view.draft) return view;
    return this.update('approveDraft', headActor(view.draft.unitId), { draftNo: view.draft.draftNo }, randomUUID());
  }

  /** Whether act() approves a draft it made (签发) at once. */
  signOff = true;

  private update<A extends ActionName>(
    action: A,
    actor: Actor,
    args: ActionArgs[A],
    requestId: string,
  ): Promise<PetitionView> {
    return this.handle.executeUpdate(petitionUpdates[action] as never, {
      args: [{ requestId, actor, args }],
    }) as Promise<PetitionView>;
  }

  /** 送达: records delivery of the written reply awaiting it, naming its document. */
  async deliver(actor: Actor, deliveredAt: number): Promise<PetitionView> {
    const awaiting = (await this.view()).awaitingDelivery;
    if (!awaiting) throw new Error('no written reply is awaiting delivery (or its document is not ready)');
    return this.act('recordDelivery', actor, {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt,
      documentId: awaiting.documentId,
    });
  }

  view(): Promise<PetitionView> {
    return this.handle.query(petitionViewQuery);
  }

  /**
   * Waits until the read model holds the case's current revision: a query can answer before the
   * projection activity of the same transition has committed (ledger rows are written with it).
   */
  async projected(dataSource: DataSource, timeoutMs = 30_000): Promise<void> {
    const { revision } = await this.view();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows: { revision: number }[] = await dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [
        this.petitionId,
      ]);
      if (rows.length > 0 && Number(rows[0].revision) >= revision) return;
      if (Date.now() > deadline)
        throw new Error(
          `the read model did not reach revision ${revision} of ${this.petitionId} within ${timeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  clock(view: PetitionView, key: string) {
    const clock = view.clocks.find((c) => c.key === key);
    if (!clock) throw new Error(`no clock ${key}; clocks: ${view.clocks.map((c) => c.key).join(', ')}`);
    return clock;
  }

  /** The action is refused with this code and reason, and the case is exactly as it was. */
  async expectRejected<A extends ActionName>(
    action: A,
    actor: Actor,
    args: ActionArgs[A],
    code: RejectionCode,
    reason: RegExp,
  ): Promise<void> {
    const before = await this.view();
    const error = await this.act(action, actor, args).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof WorkflowUpdateFailedError))
      throw new Error(`expected ${action} to be rejected, got ${error === undefined ? 'success' : String(error)}`);
    const cause = error.cause as ApplicationFailure;
    if (!(cause instanceof ApplicationFailure))
      throw new Error(`rejection without an ApplicationFailure: ${String(error.cause)}`);
    if (cause.type !== REJECTION_FAILURE_TYPE_PREFIX + code || !reason.test(cause.message)) {
      throw new Error(`expected ${code} matching ${reason}, got ${cause.type}: ${cause.message}`);
    }
    const after = await this.view();
    if (after.revision !== before.revision || JSON.stringify(stable(after)) !== JSON.stringify(stable(before))) {
      throw new Error(`a rejected ${action} changed the case`);
    }
  }
}

/** The view without the fields that move with time alone. */
function stable(view: PetitionView) {
  return { ...view, clocks: view.clocks.map(({ remainingMs: _r, overdue: _o, ...rest }) => rest) };
}
