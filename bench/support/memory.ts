/**
 * Memory of a process tree from /proc: RSS for single processes (node, Go), and PSS summed over a
 * tree (PostgreSQL's backends share memory with the postmaster; PSS counts shared pages once).
 */
import { readFileSync, readdirSync } from 'node:fs';

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  return byParent;
}

export function processTree(root: number): number[] {
  const byParent = children();
  const all: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    all.push(pid);
    queue.push(...(byParent.get(pid) ?? []));
  }
  return all;
}

function kb(file: string, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident set of the processes, in MB (each process counted whole). */
export function rssMb(pids: number[]): number {
  return Math.round(pids.reduce((sum, pid) => sum + kb(`/proc/${pid}/status`, 'VmRSS'), 0) / 1024);
}

/** Proportional set size of a whole process tree, in MB (shared pages split between sharers). */
export function treePssMb(root: number): number {
  return Math.round(processTree(root).reduce((sum, pid) => sum + kb(`/proc/${pid}/smaps_rollup`, 'Pss'), 0) / 1024);
}
