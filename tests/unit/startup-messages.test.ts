// The shell's own dialogs (a damaged database, a key the OS will not give, a file from a newer
// version) speak the computer's language, from the same locale files as the UI.
import { describe, expect, it } from 'vitest';
import { DatabaseFromNewerVersionError } from '../../main/db/migrator.ts';
import { DatabaseKeyUnavailableError } from '../../main/electron/db-key.ts';
import { supportedLanguage } from '../../shared/labels.ts';
import { MissingDatabaseError } from '../../main/db/restore-copies.ts';
import { recoveryDialog, startFailureMessage, startupTranslator } from '../../main/startup/messages.ts';
import { loadLocale } from '../../scripts/i18n.ts';

describe('the shell’s start-up messages', () => {
  it('choose the first of the computer’s languages the app speaks', () => {
    expect(supportedLanguage(['pl-PL', 'en-GB'])).toBe('pl');
    expect(supportedLanguage(['fr-FR', 'ar-EG'])).toBe('ar');
    expect(supportedLanguage(['en-US'])).toBe('en-GB');
    expect(supportedLanguage(['ja-JP'])).toBe('en-GB');
    expect(supportedLanguage([])).toBe('en-GB');
  });

  it('offer the newest backup, in the language, with its date in London time', () => {
    const t = startupTranslator(['pl-PL']);
    const text = recoveryDialog(t, { backupTakenAt: new Date('2026-07-01T23:30:00Z'), folder: '/home/a/.config/Outreach Tally', problems: ['row 3 missing from index'] });
    const pl = loadLocale('pl');
    expect(text.message).toBe(pl.get('startup.recovery.message'));
    expect(text.buttons[1]).toBe(pl.get('startup.recovery.quit'));
    expect(text.buttons[0]).toContain('2 lipca 2026'); // 00:30 on 2 July in London
    expect(text.detail).toContain('/home/a/.config/Outreach Tally');
    expect(text.detail).toContain('row 3 missing from index');
    expect(text.detail).not.toMatch(/\{\{/);
  });

  it('say there is no backup when there is none', () => {
    const text = recoveryDialog(startupTranslator(['en-GB']), { backupTakenAt: null, folder: '/data', problems: [] });
    expect(text.buttons).toEqual(['Start with no records', 'Quit without changing anything']);
    expect(text.detail).toMatch(/^There is no usable automatic backup/);
  });

  it('offer a restore’s copy when the records file is missing, never to start empty', () => {
    const text = recoveryDialog(startupTranslator(['es']), { backupTakenAt: new Date('2026-11-20T10:00:00Z'), folder: '/data/backups', problems: ['gone'], reason: 'missing' });
    const es = loadLocale('es');
    expect(text.message).toBe(es.get('startup.recovery.missingMessage'));
    expect(text.detail).toContain('/data/backups');
    expect(text.detail).not.toMatch(/\{\{/);
    expect(text.buttons).toHaveLength(2);
    expect(text.buttons).not.toContain(es.get('startup.recovery.startEmpty'));
    expect(text.buttons[1]).toBe(es.get('startup.recovery.quit'));
    // A missing file whose copy will not open is a failed start, said by its own key.
    const missing = new MissingDatabaseError('/data/outreach-tally.db', ['/data/backups/outreach-tally-before-restore-x.db']);
    expect(startFailureMessage(startupTranslator(['en-GB']), missing, '/data/outreach-tally.db')).toMatch(/^There is no database at \/data\/outreach-tally\.db, but a restore left a copy of one at \/data\/backups\//);
  });

  it('explain a failed start by the error’s own key, and never leave a placeholder', () => {
    const ar = startupTranslator(['ar']);
    const missing = new DatabaseKeyUnavailableError('startup.key.missing', { records: '/data/outreach-tally.db', file: '/data/db-key.bin' }, 'english');
    const said = startFailureMessage(ar, missing, '/data/outreach-tally.db');
    expect(said).toBe(loadLocale('ar').get('startup.key.missing')!.replace('{{records}}', '/data/outreach-tally.db').replace('{{file}}', '/data/db-key.bin'));
    expect(startFailureMessage(startupTranslator(['en-GB']), new DatabaseFromNewerVersionError(['0099_future']), '/d.db')).toMatch(/newer version/);
    expect(startFailureMessage(startupTranslator(['en-GB']), new Error('SQLITE_CANTOPEN'), '/d.db')).toMatch(/could not open its records at \/d\.db.*\(SQLITE_CANTOPEN\)/);
  });
});
