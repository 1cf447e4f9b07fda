// The team workflow on the command line, as a coordinator scripts it: real `node main/cli.ts`
// processes on real files, judged by exit code, stdout and stderr.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-store.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = tempDir('outreach-tally-team-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['main/cli.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const file = (name: string) => path.join(dir, name);
const json = (run: Run) => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

describe('cli team, handover, merge and stats', () => {
  it('hands two volunteers’ records to the coordinator, refuses what it should, and counts records by laptop', { timeout: 120_000 }, async () => {
    fs.writeFileSync(file('pass'), 'our team passphrase 2026\n', { mode: 0o600 });
    fs.writeFileSync(file('wrong'), 'not our passphrase at all\n', { mode: 0o600 });
    await Promise.all([
      cli('seed', '--db', file('a.db'), '--conversations', '300', '--seed', '1'),
      cli('seed', '--db', file('b.db'), '--conversations', '200', '--seed', '2'),
      cli('seed', '--db', file('c.db'), '--conversations', '100', '--seed', '3'),
    ]);
    const { teamId } = json(await cli('team', '--db', file('c.db'), '--create', '--passphrase-file', file('pass'), '--name', 'Coordinator'));
    expect(teamId).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    json(await cli('team', '--db', file('a.db'), '--join', teamId, '--passphrase-file', file('pass'), '--name', 'Amina'));
    json(await cli('team', '--db', file('b.db'), '--join', teamId, '--passphrase-file', file('pass'), '--name', 'Ben'));

    const handedA = json(await cli('handover', '--db', file('a.db'), '--out', file('a.oth'), '--passphrase-file', file('pass')));
    expect(handedA.conversations).toBe(300);
    expect(fs.statSync(file('a.oth')).mode & 0o777).toBe(0o600);
    json(await cli('handover', '--db', file('b.db'), '--out', file('b.oth'), '--passphrase-file', file('pass')));
    // Never overwrites, and a wrong passphrase writes nothing.
    expect((await cli('handover', '--db', file('a.db'), '--out', file('a.oth'), '--passphrase-file', file('pass'))).code).toBe(2);
    const refusedOut = await cli('handover', '--db', file('a.db'), '--out', file('x.oth'), '--passphrase-file', file('wrong'));
    expect(refusedOut.code).toBe(1);
    expect(refusedOut.stderr).toContain('[team.errors.wrongPassphrase]');
    expect(fs.existsSync(file('x.oth'))).toBe(false);
    // The passphrase is never an argument.
    expect((await cli('merge', '--db', file('c.db'), '--file', file('a.oth'), '--passphrase', 'x')).code).toBe(2);

    const statsBefore = json(await cli('stats', '--db', file('c.db')));
    const preview = json(await cli('merge', '--db', file('c.db'), '--file', file('a.oth'), '--passphrase-file', file('pass'), '--dry-run'));
    expect(preview).toMatchObject({ laptopName: 'Amina', alreadyMerged: false });
    expect(preview.byKind.conversations.new).toBe(300);
    expect(json(await cli('stats', '--db', file('c.db')))).toEqual(statsBefore);

    const wrong = await cli('merge', '--db', file('c.db'), '--file', file('a.oth'), '--passphrase-file', file('wrong'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase.*\[team\.errors\.wrongPassphrase\]/i);
    fs.writeFileSync(file('cut.oth'), fs.readFileSync(file('a.oth')).subarray(0, 1000));
    const cut = await cli('merge', '--db', file('c.db'), '--file', file('cut.oth'), '--passphrase-file', file('pass'));
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('[team.errors.damagedFile]');
    expect(json(await cli('stats', '--db', file('c.db')))).toEqual(statsBefore);

    expect(json(await cli('merge', '--db', file('c.db'), '--file', file('a.oth'), '--passphrase-file', file('pass'))).merged).toBe(true);
    expect(json(await cli('merge', '--db', file('c.db'), '--file', file('b.oth'), '--passphrase-file', file('pass'))).merged).toBe(true);
    const again = json(await cli('merge', '--db', file('c.db'), '--file', file('a.oth'), '--passphrase-file', file('pass')));
    expect(again).toMatchObject({ merged: false, alreadyMerged: true });

    const stats = json(await cli('stats', '--db', file('c.db')));
    const byName = Object.fromEntries(stats.byLaptop.merged.map((l: { name: string; conversations: number; thisLaptop: boolean }) => [l.name, l]));
    const volunteers = (await Promise.all(['a.db', 'b.db'].map(async (db) => json(await cli('stats', '--db', file(db))).conversations.total))) as number[];
    const own = [...volunteers, statsBefore.conversations.total as number];
    expect(stats.byLaptop.thisLaptop).toMatchObject({ conversations: own[2] });
    expect(byName.Amina).toMatchObject({ thisLaptop: false, conversations: own[0] });
    expect(byName.Ben).toMatchObject({ thisLaptop: false, conversations: own[1] });
    expect(stats.conversations.total).toBe(own[0]! + own[1]! + own[2]!);
  });
});
