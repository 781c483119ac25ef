/**
 * Where Debian's libjemalloc2 puts jemalloc. LibreOffice allocates and frees small objects
 * all the time (about 14 % of a conversion's CPU was in glibc's malloc and free, by perf);
 * preloaded jemalloc made Bilag 2 5–7 % and a 20-page plan 10–19 % faster
 * (bench/libreoffice-phases.py with and without --preload).
 */
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
  '/usr/lib64/libjemalloc.so.2',
  '/usr/lib/libjemalloc.so.2',
];

export function findJemalloc(): string | undefined {
  return CANDIDATES.find((file) => existsSync(file));
}
