import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorkerProfile } from './office-profile.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('seedWorkerProfile', () => {
  it('writes the settings into a new profile: no word completion, no status bar, no toolbars', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'profile-test-'));
    seedWorkerProfile(dir);
    const xcu = readFileSync(path.join(dir, 'user', 'registrymodifications.xcu'), 'utf8');
    expect(xcu).toContain('<item oor:path="/org.openoffice.Office.Writer/AutoFunction/Completion"><prop oor:name="Enable" oor:op="fuse"><value>false</value>');
    expect(xcu).toContain('<node oor:name="private:resource/statusbar/statusbar" oor:op="replace"><prop oor:name="Visible" oor:op="fuse"><value>false</value>');
    expect(xcu).toContain('private:resource/toolbar/standardbar');
    expect(xcu.match(/<item /g)).toHaveLength(23);
  });

  it('leaves a profile LibreOffice has already written as it is', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'profile-test-'));
    mkdirSync(path.join(dir, 'user'));
    writeFileSync(path.join(dir, 'user', 'registrymodifications.xcu'), 'written by LibreOffice');
    seedWorkerProfile(dir);
    expect(readFileSync(path.join(dir, 'user', 'registrymodifications.xcu'), 'utf8')).toBe('written by LibreOffice');
  });
});
