/** Locates the project's own files (templates, fixtures, scripts) from src/ or dist/src/. */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');
