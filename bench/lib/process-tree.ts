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
  return sumOverTree(root, exclude, rssKb) / 1024;
}

/** valueOf summed over root and its descendants, processes named in `exclude` left out. */
function sumOverTree(root: number, exclude: string[], valueOf: (pid: number) => number): number {
  const byParent = children();
  let sum = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!exclude.includes(comm(pid))) sum += valueOf(pid);
    stack.push(...(byParent.get(pid) ?? []));
  }
  return sum;
}

/**
 * CPU ms used so far by root and its descendants, `exclude` left out. Taken before and after
 * a load, the difference is what the load cost the rival on every core, the processes that
 * ended meanwhile included once their parent has waited for them.
 */
export function treeCpuMs(root: number, exclude: string[] = []): number {
  return sumOverTree(root, exclude, (pid) => {
    try {
      return cpuSeconds(pid) * 1000;
    } catch {
      return 0; // ended while we looked
    }
  });
}

/** CPU ms the whole machine has spent busy (all cores, everything but idle and iowait), from /proc/stat. */
export function machineBusyMs(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) * 10;
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

/**
 * CPU seconds a process has used (user + system, its own and its waited-for children's, such as
 * a per-call soffice that ended and so left the tree).
 */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
}

/** The fields of /proc/<pid>/stat after the name: [0] is the state (field 3 in proc(5)). */
function statFields(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** Minor page faults of one process so far (all its threads, not its children), from /proc. */
export function minorFaults(pid: number): number {
  return Number(statFields(pid)[7]);
}

/**
 * What a fresh page of memory costs this machine: a new 64 MB buffer written once (every 4 KB page
 * faulted in, mapped and zeroed by the kernel) against the same buffer written again, in µs per page.
 * Where the first is dear (11–15 µs against 0.2–0.3 on the machine of 2026-12-02), a process that
 * gives memory back and takes it again pays it for every page.
 */
export function pageCostUs(): { fresh: number; mapped: number } {
  const size = 64 << 20;
  const perPage = (ms: number) => (ms * 1000) / (size / 4096);
  const t0 = performance.now();
  const buffer = Buffer.allocUnsafeSlow(size).fill(1);
  const t1 = performance.now();
  buffer.fill(2);
  return { fresh: perPage(t1 - t0), mapped: perPage(performance.now() - t1) };
}
