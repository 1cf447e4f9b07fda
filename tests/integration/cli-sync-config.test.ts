// `sync-config` as an outreach lead runs it: the policy can be raised (and the period changed
// to ISO weeks), never lowered below NHS Digital's rule, and the next preview uses it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { saveEnrolment } from '../../main/sync/config.ts';
import { tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('outreach-tally-sync-config-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('cli sync-config', () => {
  const db = path.join(dir, 'seeded.db');

  it('shows the default policy, raises it, refuses to lower it, and the preview follows', { timeout: 60_000 }, async () => {
    expect((await cli('seed', '--db', db, '--conversations', '3000', '--seed', '3')).code).toBe(0);
    const shown = await cli('sync-config', '--db', db);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ periodKind: 'month', graceDays: 3, policy: { threshold: 7, roundingBase: 5 } });

    const raised = await cli('sync-config', '--db', db, '--threshold', '10', '--base', '10', '--grace-days', '5');
    expect(raised.code).toBe(0);
    expect(JSON.parse(raised.stdout)).toMatchObject({ graceDays: 5, policy: { threshold: 10, roundingBase: 10 } });

    const lowered = await cli('sync-config', '--db', db, '--threshold', '5');
    expect(lowered.code).not.toBe(0);
    expect(lowered.stderr).toMatch(/only be protected more, never less.*\[sync\.errors\.policyNotAllowed\]/);
    const after = JSON.parse((await cli('sync-config', '--db', db)).stdout);
    expect(after.policy).toMatchObject({ threshold: 10, roundingBase: 10 }); // nothing changed

    // The payload for a seeded month carries the raised policy, and every count is on its grid.
    const preview = await cli('sync-preview', '--db', db, '--period', '2026-09');
    expect(preview.code).toBe(0);
    const body = JSON.parse(preview.stdout);
    expect(body.policy).toMatchObject({ threshold: 10, roundingBase: 10 });
    // Counts of people (visitors too, since policy version 2) are 0, "suppressed" or on the grid;
    // no table carries a total any more.
    const counts = [...preview.stdout.matchAll(/"(?:count|conversations|visitorsAdults|visitorsChildren)":(\d+)/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(0);
    for (const count of counts) expect(count === 0 || (count > 10 && count % 10 === 0)).toBe(true);
    expect(preview.stdout).not.toContain('"total"');
    for (const hours of preview.stdout.matchAll(/"volunteerHours":([\d.]+)/g)) expect(Number.isInteger(Number(hours[1]))).toBe(true);

    // Once periods are queued under 10 and 10, nothing may go below that, even above NHS Digital's floor.
    const { store } = await openStore(db);
    saveEnrolment(store, { endpoint: 'https://collector.example/', enrolmentId: 'dev_config' });
    store.close();
    expect((await cli('sync-preview', '--db', db, '--period', '2026-09')).code).toBe(0); // queues the closed months
    const belowUsed = await cli('sync-config', '--db', db, '--threshold', '8');
    expect(belowUsed.code).not.toBe(0);
    expect(belowUsed.stderr).toMatch(/\[sync\.errors\.policyNotAllowed\]/);
    expect(JSON.parse((await cli('sync-config', '--db', db)).stdout).policy).toMatchObject({ threshold: 10, roundingBase: 10 });

    const weeks = await cli('sync-config', '--db', db, '--period', 'week');
    expect(JSON.parse(weeks.stdout)).toMatchObject({ periodKind: 'week' });
    expect((await cli('sync-config', '--db', db, '--period', 'fortnight')).code).toBe(2);
  });
});
