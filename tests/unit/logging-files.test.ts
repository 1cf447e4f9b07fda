// Both loggers (electron-log in the app, the plain file logger in the harness) write the same
// redacted lines, rotate at their size limit keeping one archive, and list their files for the
// support export, which redacts again and comes back through the api as one download.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServiceDispatcher } from '../../main/api/services.ts';
import { unlockedForCurrentProfile } from '../support/access.ts';
import { createElectronLogLogger } from '../../main/logging/electron-log.ts';
import { bundleLogs } from '../../main/logging/export.ts';
import { createFileLogger, logDirFor } from '../../main/logging/file-logger.ts';
import type { AppLogger } from '../../main/logging/logger.ts';
import { freshStore, manualClock, tempDir } from '../support/temp-store.ts';

const note = 'Mrs Okafor mentioned a lump and her number 07700 900123';
const token = 'x9Qm3ZrT7uVw2YbK5nLp8HsD4fGj6A';

function failureWithRecordContent(): Error {
  return Object.assign(new Error(`could not save "${note}" with Bearer ${token}`), { code: 'SQLITE_CONSTRAINT' });
}

function read(files: string[]): string {
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('');
}

const loggers: [string, (dir: string, maxBytes?: number) => AppLogger][] = [
  ['the file logger', (dir, maxBytes) => createFileLogger({ dir, maxBytes })],
  [
    'the electron-log logger',
    (dir, maxBytes) => createElectronLogLogger({ file: path.join(dir, 'main.log'), maxBytes, logId: `test-${path.basename(dir)}` }),
  ],
];

describe.each(loggers)('%s', (_name, make) => {
  it('writes events, fields and error stacks, with no record content or token', () => {
    const dir = tempDir();
    const logger = make(dir);
    logger.info('app.started', { version: '0.1.0' });
    logger.error('api.failed', failureWithRecordContent(), { method: 'conversations.record', name: 'Grace Okafor' });
    const text = read(logger.files());
    expect(text).toMatch(/\[info\]\s+app\.started version=0\.1\.0/);
    expect(text).toMatch(/\[error\]\s+api\.failed method=conversations\.record name=\[redacted\]/);
    expect(text).toContain('with Bearer [redacted]\n');
    expect(text).toContain('Error [SQLITE_CONSTRAINT]: could not save');
    expect(text).toMatch(/\n\s+at /); // the stack trace is kept
    for (const secret of ['Okafor', 'lump', '07700', token]) expect(text).not.toContain(secret);
  });

  it('rotates past its size limit, keeping exactly one archived file', () => {
    const dir = tempDir();
    const logger = make(dir, 2_000);
    for (let i = 0; i < 200; i++) logger.info('visits.recorded', { count: i });
    const files = logger.files();
    expect(files.map((f) => path.basename(f))).toEqual(['main.old.log', 'main.log']);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThan(2_400);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort()).toEqual(['main.log', 'main.old.log']);
    expect(fs.readFileSync(files[1]!, 'utf8')).toContain('count=199');
  });
});

describe('the support export', () => {
  it('bundles every log file, redacting again lines that something else wrote', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'main.old.log'), `[2026-11-19T09:00:00.000Z] [info] older line\n`);
    fs.writeFileSync(path.join(dir, 'main.log'), `[2026-11-20T09:00:00.000Z] [warn] library said "${note}" token=${token}\n`);
    const bundle = bundleLogs([path.join(dir, 'main.old.log'), path.join(dir, 'main.log')], {
      now: new Date('2026-11-20T10:15:30Z'),
      appVersion: '1.2.0',
    });
    expect(bundle.fileName).toBe('outreach-tally-logs-20261120-101530.txt');
    expect(bundle.mediaType).toBe('text/plain');
    expect(bundle.files.map((f) => f.name)).toEqual(['main.old.log', 'main.log']);
    expect(bundle.text).toContain('Version: 1.2.0');
    expect(bundle.text).toContain('===== main.old.log');
    expect(bundle.text).toContain('older line');
    for (const secret of ['Okafor', 'lump', token]) expect(bundle.text).not.toContain(secret);
  });

  it('keeps only the newest part of a huge file, starting on a whole line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'main.log');
    fs.writeFileSync(file, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    const bundle = bundleLogs([file], { now: new Date(), maxBytesPerFile: 100 });
    expect(bundle.text).toContain('newest part only');
    expect(bundle.text).toContain('line 999');
    expect(bundle.text).not.toContain('line 1\n');
  });

  it('is a method: in the harness, the logs beside the database; in the app, the shell\'s logger', async () => {
    const { store, file } = await freshStore();
    const dispatch = createServiceDispatcher(await unlockedForCurrentProfile({ store, clock: manualClock('2026-11-20T10:00:00Z') }));
    createFileLogger({ dir: logDirFor(file) }).error('api.failed', new Error('boom'), { method: 'sites.create' });
    const harness = await dispatch('support.exportLogs', {});
    expect(harness).toMatchObject({ ok: true, value: { fileName: 'outreach-tally-logs-20261120-100000.txt', files: [{ name: 'main.log' }] } });
    if (harness.ok) expect((harness.value as { text: string }).text).toContain('api.failed method=sites.create');

    const appLogs = tempDir();
    const appLogger = createFileLogger({ dir: appLogs, fileName: 'app.log' });
    appLogger.info('app.started');
    const app = await createServiceDispatcher(await unlockedForCurrentProfile({ store, clock: manualClock(), logger: appLogger, appVersion: '9.9.9' }))(
      'support.exportLogs',
      {},
    );
    expect(app).toMatchObject({ ok: true, value: { files: [{ name: 'app.log' }] } });
    if (app.ok) expect((app.value as { text: string }).text).toContain('Version: 9.9.9');
    store.close();
  });
});
