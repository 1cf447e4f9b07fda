// The sync commands end to end: a real collector on 127.0.0.1, a seeded database, the CLI
// run as a separate process for enrol, sync --once and sync-preview.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { submissionSchema } from '../../main/sync/protocol.ts';
import { createReadToken, issueEnrolmentCode } from '../../server/admin.ts';
import { backends, getJson, startCollector, type RunningCollector } from '../../server/testing/fixtures.ts';
import { tempDir } from '../support/temp-store.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../main/cli.ts');

async function outreach(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('sync from the command line', () => {
  let collector: RunningCollector;
  let db: string;
  beforeEach(async () => {
    collector = await startCollector(backends[0]!);
    db = path.join(tempDir(), 'device.db');
    const { store } = await openStore(db);
    seedSyntheticData(store, { conversations: 3000, seed: 7 });
    store.close();
  });
  afterEach(() => collector.stop());

  it('enrols, sends every closed month once, and shows exactly what it sends', { timeout: 60_000 }, async () => {
    const notEnrolled = await outreach('sync', '--db', db, '--once');
    expect(notEnrolled.code).toBe(1);
    expect(notEnrolled.stderr).toMatch(/not enrolled/);

    const { code: enrolmentCode } = await issueEnrolmentCode(collector.store, collector.clock, { organisation: 'Lewisham Outreach' });
    const enrolled = await outreach('enrol', '--db', db, '--endpoint', collector.url, '--code', enrolmentCode);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    const tokenFile = `${db}.sync-token`;
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);

    const preview = await outreach('sync-preview', '--db', db, '--period', '2026-06');
    expect(preview.code, preview.stderr).toBe(0);
    const payload = submissionSchema.parse(JSON.parse(preview.stdout));
    expect(payload.period).toBe('2026-06');
    expect(preview.stdout).not.toMatch(/"notes"|"name"|T\d\d:\d\d/); // no free text, no names, no timestamps
    // Policy version 2: every count of people (visitors too) is 0, "suppressed" or on the grid;
    // no table totals; no breakdown for a borough not published with more than 0 conversations.
    const people = [...preview.stdout.matchAll(/"(?:count|conversations|visitorsAdults|visitorsChildren)":(\d+)/g)].map((m) => Number(m[1]));
    expect(people.length).toBeGreaterThan(0);
    for (const n of people) expect(n === 0 || (n > 7 && n % 5 === 0), String(n)).toBe(true);
    expect(preview.stdout).not.toContain('"total"');
    for (const borough of payload.boroughs) {
      if (!(typeof borough.conversations === 'number' && borough.conversations > 0)) expect(borough.byTopic).toBeUndefined();
    }

    // Three years of closed months at once meet the collector's rate limit (burst 30, then one
    // a second): the client waits as Retry-After says and carries on, so one run sends them all.
    // The collector's bucket refills on its own (test) clock, so that clock follows real time here.
    const started = Date.now();
    const collectorStart = collector.clock().getTime();
    const ticker = setInterval(() => collector.clock.set(new Date(collectorStart + Date.now() - started).toISOString()), 20);
    const first = await outreach('sync', '--db', db, '--once').finally(() => clearInterval(ticker));
    expect(first.code, first.stderr).toBe(0);
    const result = JSON.parse(first.stdout) as { sent: number; pending: number; problem: unknown };
    expect(result).toMatchObject({ pending: 0, problem: null }); // the 429s it waited through are not a problem now
    // More than the burst in one run: only possible by waiting for the bucket to refill.
    expect(result.sent).toBeGreaterThan(30);

    // The very payload previewed is what the collector now holds for that month.
    const reader = await createReadToken(collector.store, collector.clock);
    const totals = await getJson(collector.url, '/v1/totals?period=2026-06', reader);
    expect(totals.status).toBe(200);
    expect(JSON.stringify(await totals.json())).toContain('"devices":1');
    expect(await collector.store.latestSubmissions('2026-06')).toEqual([payload]);

    // Nothing new: a second run sends nothing and still exits 0.
    const again = await outreach('sync', '--db', db, '--once');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0, pending: 0 });
  });

  it('refuses a malformed period and a wrong enrolment code with a clear message', async () => {
    const period = await outreach('sync-preview', '--db', db, '--period', 'June');
    expect(period.code).toBe(2);
    const refused = await outreach('enrol', '--db', db, '--endpoint', collector.url, '--code', 'AAAA-BBBB-CCCC-DDDD-EEEE');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused/i);
    expect(fs.existsSync(`${db}.sync-token`)).toBe(false);
  });
});
