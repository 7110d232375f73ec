/**
 * `npm run audit -- <command>`: the auditor's tools on the command line (README "Auditors").
 *   verify-trail [--anchor seq:hash …]   walk the hash-chained audit trail, name the first broken link
 *   backfill                              archive every closed case Temporal still holds
 *   replay [--all | petitionId …]         replay histories against the current workflow code
 *   verify [--all | petitionId …]         compare the read model with what each history implies
 *   timeline <petitionId>                 the case's timeline rebuilt from its history alone
 *   resolve-quarantine [--all | petitionId …] [--by operator]
 *                                         re-project batches the read model refused, repaired, in order
 *   consistency [petitionId …] [--repair] every case in both stores? disagreements by case number, with
 *                                         the remedy; --repair re-projects projections behind their history
 * Exit code 0 when everything checked out, 1 when something did not, 2 on bad usage.
 */
import { Command, CommanderError } from 'commander';
import { openAuditContext } from './context';
import { backfillCommand } from './commands/backfill';
import { consistencyCommand } from './commands/consistency';
import { replayCommand } from './commands/replay';
import { resolveQuarantineCommand } from './commands/resolve-quarantine';
import { UsageError } from './commands/selection';
import { timelineCommand } from './commands/timeline';
import { verifyReadModelCommand } from './commands/verify-read-model';
import { verifyTrailCommand } from './commands/verify-trail';

const program = new Command()
  .name('npm run audit --')
  .description("auditors' tools: audit-trail verification, history archive, replay, read-model verification")
  .exitOverride();

program
  .command('verify-trail')
  .description('walk the audit trail in order and name the first broken link')
  .option('--anchor <seq:hash...>', 'heads noted by earlier runs: a cut or rewritten tail is found')
  .action(async (options: { anchor?: string[] }) => run((ctx) => verifyTrailCommand(ctx, options.anchor ?? [])));

program
  .command('backfill')
  .description('archive the complete history of every closed case Temporal still holds (idempotent)')
  .action(async () => run((ctx) => backfillCommand(ctx)));

program
  .command('replay')
  .description('replay case histories (archive, else Temporal) against the workflow code of this checkout')
  .argument('[petitionIds...]', 'the cases to replay')
  .option('--all', 'every archived case')
  .action(async (ids: string[], options: { all?: boolean }) =>
    run((ctx) => replayCommand(ctx, ids, options.all === true)),
  );

program
  .command('verify')
  .description('compare the read model with what each history implies (missing / extra / changed rows)')
  .argument('[petitionIds...]', 'the cases to verify')
  .option('--all', 'every case')
  .action(async (ids: string[], options: { all?: boolean }) =>
    run((ctx) => verifyReadModelCommand(ctx, ids, options.all === true)),
  );

program
  .command('timeline')
  .description('the timeline of a case rebuilt from its history alone, compared with the read model')
  .argument('<petitionId>')
  .action(async (id: string) => run((ctx) => timelineCommand(ctx, id)));

program
  .command('resolve-quarantine')
  .description(
    're-project the batches the read model refused for their content, oldest first, with lone surrogates and NUL as U+FFFD (the original stays in the quarantine)',
  )
  .argument('[petitionIds...]', 'the cases whose quarantined batches to resolve')
  .option('--all', 'every case with a batch in the quarantine')
  .option('--by <operator>', 'who resolves them (recorded on each row; default: the OS user)')
  .action(async (ids: string[], options: { all?: boolean; by?: string }) =>
    run((ctx) => resolveQuarantineCommand(ctx, ids, options.all === true, options.by)),
  );

program
  .command('consistency')
  .description(
    'compare the read model, the intakes and Temporal case by case; name each disagreement by case number with its remedy',
  )
  .argument('[petitionIds...]', 'only these cases (default: every case either store knows of)')
  .option('--repair', 're-project the cases whose read model is behind their history')
  .action(async (ids: string[], options: { repair?: boolean }) =>
    run((ctx) => consistencyCommand(ctx, ids, options.repair === true)),
  );

async function run(command: (ctx: Awaited<ReturnType<typeof openAuditContext>>) => Promise<boolean>): Promise<void> {
  const ctx = await openAuditContext();
  try {
    process.exitCode = (await command(ctx)) ? 0 : 1;
  } finally {
    await ctx.close();
  }
}

program.parseAsync(process.argv).catch((error: Error) => {
  if (error instanceof UsageError) {
    console.error(`audit: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  console.error(`audit: ${error.message}`);
  process.exitCode = 1;
});
