import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { archiveClosedCases } from '@/libs/audit/history-archiver';
import { archiverOptions } from '../../worker/src/history-archiving';
import type { AuditContext } from '../context';

/** Archives every closed case Temporal still holds: the cases that closed before archiving existed. */
export async function backfillCommand(ctx: AuditContext): Promise<boolean> {
  const client = await ctx.temporal();
  const bar = new cliProgress.SingleBar(
    { format: 'backfill |{bar}| {value} cases considered, {archived} archived', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(0, 0, { archived: 0 });
  const pass = await archiveClosedCases(
    client,
    ctx.dataSource,
    { ...archiverOptions(ctx.config), archivedBy: 'backfill' },
    null,
    (p) => {
      bar.setTotal(p.considered);
      bar.update(p.considered, { archived: p.archived });
    },
  );
  bar.stop();
  if (!pass.ran) {
    console.error('another archiver is running a pass right now (a worker): try again in a moment');
    return false;
  }
  const table = new Table({ head: ['backfill', 'cases'] });
  table.push(
    ['closed cases in Temporal', pass.considered],
    ['archived now', pass.archived],
    ['already archived', pass.alreadyArchived],
    ['failed', pass.failed.length],
  );
  console.log(table.toString());
  for (const f of pass.failed) console.error(`  ${f.workflowId}: ${f.error}`);
  return pass.failed.length === 0;
}
