// The organisation's update policy: where the app looks, what a file may say, and the one
// answer it gets from every file found (off wins; an unreadable file means off).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHECK_EVERY_HOURS,
  feedUrlFromAppUpdateYml,
  isConfiguredFeedUrl,
  policyLocations,
  readPolicyFile,
  resolveUpdatePolicy,
  type PolicyReading,
} from '../../main/updates/policy.ts';
import { tempDir } from '../support/temp-store.ts';

const BUILT_IN = 'https://updates.example.nhs.uk/outreach-tally/';

function policyFile(content: string): string {
  const file = path.join(tempDir(), 'outreach-tally-policy.json');
  fs.writeFileSync(file, content);
  return file;
}

const valid = (file: string, updates: Record<string, unknown>): PolicyReading => ({ file, status: 'valid', policy: { updates } });

describe('where the policy is looked for', () => {
  it('a system folder the IT team controls first, then beside the installed program', () => {
    expect(policyLocations({ platform: 'linux', installDir: '/opt/Outreach Tally', env: {} })).toEqual([
      '/etc/outreach-tally/policy.json',
      '/opt/Outreach Tally/outreach-tally-policy.json',
    ]);
    expect(policyLocations({ platform: 'win32', installDir: 'C:\\Users\\v\\AppData\\Local\\Programs\\outreach-tally', env: { ProgramData: 'D:\\ProgramData' } })).toEqual([
      'D:\\ProgramData\\Outreach Tally\\policy.json',
      'C:\\Users\\v\\AppData\\Local\\Programs\\outreach-tally\\outreach-tally-policy.json',
    ]);
    expect(policyLocations({ platform: 'darwin', installDir: '/Applications/Outreach Tally.app/Contents/MacOS', env: {} })[0]).toBe(
      '/Library/Application Support/Outreach Tally/policy.json',
    );
  });
});

describe('reading a policy file', () => {
  it('accepts the documented settings', () => {
    const file = policyFile(JSON.stringify({ updates: { enabled: true, url: 'https://mirror.example.org/ot/', checkEveryHours: 12 } }));
    expect(readPolicyFile(file)).toEqual({ file, status: 'valid', policy: { updates: { enabled: true, url: 'https://mirror.example.org/ot/', checkEveryHours: 12 } } });
  });

  it('accepts a byte-order mark (Notepad) and a $schema key', () => {
    const file = policyFile(`\uFEFF${JSON.stringify({ $schema: './policy.schema.json', updates: { enabled: false } })}`);
    expect(readPolicyFile(file).status).toBe('valid');
  });

  it('is absent when there is no file', () => {
    expect(readPolicyFile(path.join(tempDir(), 'none.json'))).toMatchObject({ status: 'absent' });
  });

  it.each([
    ['not JSON', '{ updates: off }', /not JSON/],
    ['a typo in a key', JSON.stringify({ updates: { enable: false } }), /enable/],
    ['an http:// URL', JSON.stringify({ updates: { url: 'http://updates.example.org/' } }), /https/],
    ['a silly interval', JSON.stringify({ updates: { checkEveryHours: 0 } }), /checkEveryHours/],
    ['a wrong type', JSON.stringify({ updates: { enabled: 'no' } }), /enabled/],
    ['an unknown section', JSON.stringify({ sync: {} }), /sync/],
  ])('is invalid with %s', (_what, content, problem) => {
    const reading = readPolicyFile(policyFile(content));
    expect(reading.status).toBe('invalid');
    if (reading.status === 'invalid') expect(reading.problem).toMatch(problem);
  });
});

describe('the effective policy', () => {
  it('checks the built-in feed every few hours when no policy says otherwise', () => {
    expect(resolveUpdatePolicy({ readings: [{ file: '/etc/x', status: 'absent' }], builtInUrl: BUILT_IN })).toEqual({
      enabled: true,
      url: null,
      checkEveryHours: DEFAULT_CHECK_EVERY_HOURS,
      sources: [],
    });
  });

  it('is off when any policy file says off', () => {
    const readings = [valid('/etc/p.json', { url: 'https://a.example.org/' }), valid('/opt/p.json', { enabled: false })];
    expect(resolveUpdatePolicy({ readings, builtInUrl: BUILT_IN })).toMatchObject({ enabled: false, reason: 'policy', sources: ['/etc/p.json', '/opt/p.json'] });
  });

  it('is off, and says why, when a policy file cannot be read', () => {
    const readings: PolicyReading[] = [{ file: '/etc/p.json', status: 'invalid', problem: 'not JSON' }, valid('/opt/p.json', { enabled: true })];
    expect(resolveUpdatePolicy({ readings, builtInUrl: BUILT_IN })).toEqual({
      enabled: false,
      reason: 'policy-invalid',
      sources: ['/etc/p.json', '/opt/p.json'],
      problems: ['/etc/p.json: not JSON'],
    });
  });

  it('takes the URL and interval from the most authoritative file that sets them', () => {
    const readings = [valid('/etc/p.json', { checkEveryHours: 24 }), valid('/opt/p.json', { url: 'https://mirror.example.org/', checkEveryHours: 2 })];
    expect(resolveUpdatePolicy({ readings, builtInUrl: BUILT_IN })).toMatchObject({ enabled: true, url: 'https://mirror.example.org/', checkEveryHours: 24 });
  });

  it('never checks from a build that still carries the placeholder URL, unless a policy names one', () => {
    expect(resolveUpdatePolicy({ readings: [], builtInUrl: 'https://updates.invalid/outreach-tally/' })).toMatchObject({ enabled: false, reason: 'not-configured' });
    expect(resolveUpdatePolicy({ readings: [], builtInUrl: null })).toMatchObject({ enabled: false, reason: 'not-configured' });
    expect(resolveUpdatePolicy({ readings: [valid('/etc/p.json', { url: BUILT_IN })], builtInUrl: null })).toMatchObject({ enabled: true, url: BUILT_IN });
  });

  it('counts only https URLs off the reserved .invalid domain as configured', () => {
    expect(isConfiguredFeedUrl(BUILT_IN)).toBe(true);
    expect(isConfiguredFeedUrl('http://updates.example.org/')).toBe(false);
    expect(isConfiguredFeedUrl('https://updates.invalid/x/')).toBe(false);
    expect(isConfiguredFeedUrl('not a url')).toBe(false);
  });

  it("reads the feed URL from electron-builder's app-update.yml", () => {
    expect(feedUrlFromAppUpdateYml('provider: generic\nurl: https://updates.example.org/ot/\nupdaterCacheDirName: outreach-tally-updater\n')).toBe(
      'https://updates.example.org/ot/',
    );
    expect(feedUrlFromAppUpdateYml("provider: generic\nurl: 'https://q.example.org/'\n")).toBe('https://q.example.org/');
    expect(feedUrlFromAppUpdateYml('provider: github\n')).toBeNull();
  });
});
