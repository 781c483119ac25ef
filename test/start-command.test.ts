/**
 * The service starts the same way everywhere: the container's CMD is `npm start`'s command, Node
 * flags included (the young generation's size: see bench/README.md, What was cut), and the benchmark
 * runs the service from that same script (bench/lib/processes.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/shared/paths.js';

const read = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

describe('the start command', () => {
  it('is the same in the Dockerfile as in npm start', () => {
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(cmd, 'the Dockerfile has a CMD in exec form').toBeDefined();
    expect(JSON.parse(cmd!)).toEqual(start);
    expect(start).toContain('--max-semi-space-size=32');
  });
});
