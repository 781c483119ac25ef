/**
 * Finds processes by a piece of their command line, from /proc. The pool uses it as a
 * last sweep (a soffice.bin whose bridge was killed before it reported the pid), and
 * tests use it to prove that no soffice.bin of theirs is left.
 */
import { readdirSync, readFileSync } from 'node:fs';

export function findProcessesByArg(needle: string, name = 'soffice.bin'): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (/^State:\s+Z/m.test(status)) continue; // a zombie holds no resources
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith(name) && cmdline.some((arg) => arg.includes(needle))) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** SIGKILLs each process's group (soffice.bin leads its own group) and the process itself. */
export function killProcessGroups(pids: number[]): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  }
}
