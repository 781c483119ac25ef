/**
 * The benchmark splits the service's fills by the page faults its process took (bench/run.ts);
 * the count must be the process's own minor faults, not a neighbouring field of /proc/…/stat.
 */
import { describe, expect, it } from 'vitest';
import { minorFaults } from '../bench/lib/process-tree.js';

describe("the benchmark's page-fault count", () => {
  it('counts the pages a process takes afresh', () => {
    const before = minorFaults(process.pid);
    // 64 MB is above glibc's largest mmap threshold, so these pages are new to the process.
    const buffer = Buffer.allocUnsafeSlow(64 << 20).fill(1);
    const taken = minorFaults(process.pid) - before;
    expect(buffer[buffer.length - 1]).toBe(1);
    // 16,384 pages of 4 KB; fewer only where the kernel hands out huge pages unasked.
    expect(taken).toBeGreaterThan(8000);
  });

  it('is the count the kernel gives the process itself, not another field that grows with memory', () => {
    // A field such as the resident set would pass the test above; getrusage names minor faults alone.
    Buffer.allocUnsafeSlow(64 << 20).fill(1);
    const fromProc = minorFaults(process.pid);
    const fromRusage = process.resourceUsage().minorPageFault;
    expect(fromProc).toBeGreaterThan(16000);
    expect(Math.abs(fromProc - fromRusage)).toBeLessThan(200);
  });
});
