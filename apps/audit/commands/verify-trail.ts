import Table from 'cli-table3';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import { parseAnchor, verifyAuditTrail } from '@/libs/audit/trail-verification';
import type { AuditContext } from '../context';

export async function verifyTrailCommand(ctx: AuditContext, anchors: string[]): Promise<boolean> {
  const result = await verifyAuditTrail(ctx.dataSource.manager, { anchors: anchors.map(parseAnchor) });
  const table = new Table({ head: ['audit trail', ''] });
  table.push(
    ['records checked', String(result.recordsChecked)],
    ['head (note it: --anchor)', result.head ? `${result.head.seq}:${result.head.hash}` : '(empty)'],
    ['result', result.ok ? 'intact' : `BROKEN at record ${result.firstBrokenLink!.seq}`],
  );
  if (result.firstBrokenLink) {
    table.push(['first broken link', result.firstBrokenLink.message]);
    if (result.firstBrokenLink.expected) table.push(['expected', result.firstBrokenLink.expected]);
    if (result.firstBrokenLink.found) table.push(['found', result.firstBrokenLink.found]);
  }
  console.log(table.toString());
  await appendAuditRecord(ctx.dataSource.manager, {
    kind: 'auditorAction',
    action: 'verifyTrail',
    outcome: result.ok ? 'succeeded' : 'failed',
    actor: { userId: process.env.USER ?? 'cli', role: 'cli', unitId: null },
    detail: {
      via: 'cli',
      recordsChecked: result.recordsChecked,
      head: result.head,
      firstBrokenLink: result.firstBrokenLink,
    },
  });
  return result.ok;
}
