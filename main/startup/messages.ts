// What the shell says in its own dialogs, before the page (and i18next) is up: in the first of
// the computer's languages the app speaks, from the same locale files as the UI. Plain
// TypeScript, so the wording is tested without Electron; main/electron only shows it.
import { exportTranslator, supportedLanguage, type Translate } from '../../shared/labels.ts';

/** An error whose text a person reads: a message key into the locale files, and its values. */
export interface PersonMessage {
  messageKey: string;
  values?: Record<string, string | number>;
}

export function startupTranslator(preferredLanguages: readonly string[]): Translate {
  return exportTranslator(supportedLanguage(preferredLanguages));
}

export interface RecoveryDialog {
  message: string;
  detail: string;
  /** [recover, quit] */
  buttons: [string, string];
}

/** The database is damaged: what happened, what a restore loses, where the damaged file goes. */
export function recoveryDialog(
  t: Translate,
  prompt: { backupTakenAt: Date | null; folder: string; problems: readonly string[]; reason?: 'damaged' | 'missing' },
): RecoveryDialog {
  const when = prompt.backupTakenAt
    ? new Intl.DateTimeFormat(t.language, { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' }).format(prompt.backupTakenAt)
    : null;
  if (prompt.reason === 'missing' && when) {
    // Nothing is damaged or set aside: the file is gone and a restore's copy can take its place.
    return {
      message: t('startup.recovery.missingMessage'),
      detail: t('startup.recovery.missingDetail', { when, folder: prompt.folder }),
      buttons: [t('startup.recovery.restore', { when }), t('startup.recovery.quit')],
    };
  }
  const detail = [
    when ? t('startup.recovery.withBackup', { when }) : t('startup.recovery.noBackup'),
    t('startup.recovery.keptAside', { folder: prompt.folder }),
  ].join(' ');
  return {
    message: t('startup.recovery.message'),
    // SQLite's own findings stay in English: they are for whoever repairs the file.
    detail: prompt.problems.length > 0 ? `${detail}\n\n${prompt.problems.slice(0, 3).join('\n')}` : detail,
    buttons: [when ? t('startup.recovery.restore', { when }) : t('startup.recovery.startEmpty'), t('startup.recovery.quit')],
  };
}

function isPersonMessage(error: unknown): error is PersonMessage {
  return typeof error === 'object' && error !== null && typeof (error as PersonMessage).messageKey === 'string';
}

/**
 * Why the app could not start with its records, and that nothing was changed. Errors that
 * carry a message key (a newer database, a key the secret store cannot give) say it their way.
 */
export function startFailureMessage(t: Translate, error: unknown, dbFile: string): string {
  if (isPersonMessage(error)) return t(error.messageKey, error.values ?? {});
  return `${t('startup.openFailed', { file: dbFile })} (${error instanceof Error ? error.message : String(error)})`;
}
