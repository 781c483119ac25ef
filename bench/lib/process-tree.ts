/** Resident memory of a process and all its descendants, and a process's CPU time, from /proc (Linux). */
import fs from 'node:fs';

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The name (field 2) may hold spaces; the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = byParent.get(ppid) ?? [];
      list.push(Number(entry));
      byParent.set(ppid, list);
    } catch {
      // ended while we looked
    }
  }
  return byParent;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function comm(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * MB of RSS of root and its descendants, including processes that left the tree by
 * starting a session of their own (they keep their parent). `exclude` names processes
 * that are tooling, not the service (tsx's esbuild).
 */
export function treeRssMb(root: number, exclude: string[] = []): number {
  const byParent = children();
  let kb = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!exclude.includes(comm(pid))) kb += rssKb(pid);
    stack.push(...(byParent.get(pid) ?? []));
  }
  return kb / 1024;
}

/** Samples treeRssMb every interval until stopped; returns the peak. */
export function sampleTreePeak(root: number, exclude: string[] = [], intervalMs = 100): { stop: () => number } {
  let peak = treeRssMb(root, exclude);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssMb(root, exclude));
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treeRssMb(root, exclude));
    },
  };
}

/** CPU seconds a process has used (user + system, its own and its waited-for children's). */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
}
