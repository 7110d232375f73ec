/**
 * Every outcome in writing, and deadlines beyond the official holiday notices: through the real
 * worker (real activities render and store the PDFs in PostgreSQL) on the time-skipping server.
 *
 * Cases are set in March 2030, a year with no official holiday notice in the data: the statutory
 * holidays of the 放假办法 are counted (2030: 劳动节 Wed 05-01 and Thu 05-02, no 补假), and every
 * last day is provisional, which the notices say (如遇法定节假日顺延).
 */
import type { DataSource } from 'typeorm';
import { OFFICIAL_CALENDAR_YEARS } from '../../libs/process/calendar';
import type { PetitionView } from '../../libs/process';
import { ACTORS, COUNTY_OFFICE, CaseDriver, at } from '../support/case-driver';
import { petitionWorkflowId, type RegistrationInput } from '../../workflows/petition/petition.contract';
import { petitionWorkflow } from '../../workflows/petition/petition.workflow';

/** A registration as the API sends it (the driver's register() queries a case that stays open). */
function registration(petitionId: string): RegistrationInput {
  return {
    petitionId,
    requestId: `register-${petitionId}`,
    registeredBy: ACTORS.registrar,
    registeringUnit: COUNTY_OFFICE,
    category: 'appeal',
    channel: 'visit',
    receivedAt: at('2030-03-04 09:00'),
    urgent: false,
    collective: false,
    repeatOf: [],
    accusedUnitId: null,
    handleDirectly: false,
  };
}
import { useTimeSkippingWorker } from '../support/harness';
import { pdfWords } from '../support/pdf-text';

async function noticeText(
  dataSource: DataSource,
  view: PetitionView,
  kind: string,
): Promise<{ number: string; words: string }> {
  const notice = view.documents.find((d) => d.kind === kind);
  if (!notice) throw new Error(`no ${kind} among ${JSON.stringify(view.documents)}`);
  const [row] = await dataSource.query(`SELECT content FROM documents WHERE id = $1`, [notice.documentId]);
  return { number: notice.number, words: pdfWords(row.content) };
}

describe('written notices of every outcome, and provisional last days', () => {
  const ctx = useTimeSkippingWorker('outcome-notices');

  async function routedCase(): Promise<CaseDriver> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-02 09:00'), channel: 'letter' });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    return c;
  }

  it('a 受理告知书 whose last day lies in a year without an official notice says 如遇法定节假日顺延', async () => {
    expect(OFFICIAL_CALENDAR_YEARS).not.toContain(2030);
    const c = await routedCase();
    await c.advanceTo(at('2030-03-06 10:00'));
    const view = await c.act('accept', ACTORS.handler, {});
    // 60 days from Wednesday 03-06 end on Sunday 05-05, rolled to Monday 05-06.
    expect(c.clock(view, 'handling#1')).toMatchObject({
      lastDay: '2030-05-06',
      calendarBasis: 'statutory',
      provisional: true,
    });
    const { number, words } = await noticeText(ctx.dataSource, view, 'acceptanceNotice');
    expect(number).toMatch(/^示住建信〔2030〕\d+号$/);
    expect(words).toContain(number);
    expect(words).toContain('示范县住房和城乡建设局');
    expect(words).toContain('依照《信访工作条例》第三十四条的规定');
    expect(words).toContain('60日内办结，即于2030年5月6日前（如遇法定节假日顺延）作出处理并书面答复');
  });

  it('不再受理 by the handling unit issues a 不再受理告知书', async () => {
    const c = await routedCase();
    const view = await c.act('notAcceptedAgain', ACTORS.handler, {
      earlierPetitionId: '7b3f2c1e-0000-4000-8000-000000000042',
    });
    expect(view.step).toBe('endedNotAcceptedAgain');
    const { number, words } = await noticeText(ctx.dataSource, view, 'notAcceptedAgainNotice');
    expect(number).toMatch(/^示住建信〔2030〕\d+号$/);
    expect(words).toContain('信访事项不再受理告知书');
    expect(words).toContain('依照《信访工作条例》第三十六条的规定');
    expect(words).toContain('本机关对你（们）的此次信访请求不再受理');
    expect(view.milestones.find((m) => m.type === 'notAcceptedAgain')?.document?.number).toBe(number);
  });

  it('导入 issues a notice naming the procedure and the organ to turn to', async () => {
    const c = await routedCase();
    const view = await c.act('redirect', ACTORS.handler, { procedure: 'litigation', note: '属于民事诉讼' });
    expect(view.step).toBe('endedRedirected');
    const { words } = await noticeText(ctx.dataSource, view, 'redirectNotice');
    expect(words).toContain('信访事项导入法定途径告知书');
    expect(words).toContain('依照《信访工作条例》第三十一条的规定，本机关将其导入诉讼程序处理');
    expect(words).toContain('请你（们）依法向人民法院提起诉讼');
    expect(words).toContain('说明：属于民事诉讼');
  });

  it('a registration that repeats a finally decided matter ends at once with its 不再受理告知书 from the registering office', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    const earlier = '7b3f2c1e-0000-4000-8000-000000000042';
    await c.advanceTo(at('2030-03-04 10:00'));
    c.handle = await ctx.env.client.workflow.start(petitionWorkflow, {
      workflowId: petitionWorkflowId(c.petitionId),
      taskQueue: ctx.taskQueue,
      args: [{ registration: { ...registration(c.petitionId), repeatOf: [earlier], notAcceptedAgainOf: earlier } }],
    });
    const view = await c.handle.result();
    expect(view.step).toBe('endedNotAcceptedAgain');
    const milestone = view.milestones.find((m) => m.type === 'notAcceptedAgain')!;
    // What the petitioner reads: Chinese, without a machine id.
    expect(milestone.detail).toBe('同一事实和理由的信访事项已经复核终结，依照《信访工作条例》第三十六条不再受理');
    const { number, words } = await noticeText(ctx.dataSource, view, 'notAcceptedAgainNotice');
    expect(number).toMatch(/^示访信〔2030〕\d+号$/);
    expect(milestone.document?.number).toBe(number);
    expect(words).toContain('信访事项不再受理告知书');
    expect(words).toContain('示范县信访局');
  });
});
