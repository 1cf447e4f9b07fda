// The database key in the app: 32 random bytes made at first start, kept only as ciphertext
// from the OS secret store (Electron safeStorage: Keychain on macOS, DPAPI on Windows,
// libsecret/KWallet on Linux) in userData/db-key.bin, and decrypted at each start. The key
// is never written in plaintext: if the secret store is unavailable — or, on Linux, is
// Chromium's 'basic_text' fallback, whose "encryption" uses a hard-coded password — the app
// refuses to start and says why, rather than keep the key beside the database it protects.
//
// Electron is only a type here: main.ts passes `safeStorage` in, so the tests run this file
// under plain Node with a stand-in. The asynchronous safeStorage calls are used (Electron 45
// deprecates the synchronous encryptString/decryptString; the ciphertext is the same).
import fs from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';
import { databaseFileKind, type DatabaseKey } from '../db/connection.ts';
import { writePrivateFile } from '../db/files.ts';
import { generateDatabaseKey, parseDatabaseKey } from '../db/key.ts';

export const KEY_FILE_NAME = 'db-key.bin';

export type KeyCipher = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

/** Start-up cannot go on: the English message for logs, a message key for the dialog. */
export class DatabaseKeyUnavailableError extends Error {
  readonly messageKey: string;
  readonly values: Record<string, string>;
  constructor(messageKey: string, values: Record<string, string>, message: string) {
    super(message);
    this.messageKey = messageKey;
    this.values = values;
  }
}

async function assertSecretStoreUsable(safeStorage: KeyCipher, platform: NodeJS.Platform): Promise<void> {
  // Availability first: it initialises the encryptor, after which the backend is known.
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new DatabaseKeyUnavailableError(
      'startup.key.unavailable',
      {},
      'Outreach Tally keeps its records encrypted, with the key held by the operating system\'s secure storage ' +
        '(Keychain, Windows data protection or your desktop\'s keyring), which is not available. ' +
        'Unlock or set it up and start the app again. Nothing has been changed.',
    );
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new DatabaseKeyUnavailableError(
      'startup.key.noKeyring',
      {},
      'Outreach Tally keeps its records encrypted, with the key held by your desktop\'s password store ' +
        '(GNOME Keyring / libsecret or KWallet). None was found: Electron would fall back to "basic_text", ' +
        'which does not protect the key. Install or unlock a keyring (for example gnome-keyring) and start ' +
        'the app again, or start it with --password-store="gnome-libsecret" or "kwallet6". Nothing has been changed.',
    );
  }
}

/**
 * The database key: decrypted from userData/db-key.bin, or made and stored there at first
 * start. Refuses (DatabaseKeyUnavailableError) when the secret store cannot protect it, and
 * when the key file is missing but `dbFile` is already encrypted (a new key could not open it).
 */
export async function loadDatabaseKey(
  dbFile: string,
  options: { userData: string; safeStorage: KeyCipher; platform?: NodeJS.Platform },
): Promise<DatabaseKey> {
  const { userData, safeStorage } = options;
  await assertSecretStoreUsable(safeStorage, options.platform ?? process.platform);
  const keyFile = path.join(userData, KEY_FILE_NAME);
  if (fs.existsSync(keyFile)) {
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await safeStorage.decryptStringAsync(fs.readFileSync(keyFile));
    } catch (error) {
      throw new DatabaseKeyUnavailableError(
        'startup.key.cannotUnlock',
        { file: keyFile },
        `Outreach Tally could not unlock the key to its records (${keyFile}) with this computer's secure storage: ` +
          `it may belong to another user account or computer, or the keyring was reset. Nothing has been changed. (${String(error)})`,
      );
    }
    const key = parseDatabaseKey(decrypted.result, keyFile);
    // The OS rotated its own key: store ours again under the new one.
    if (decrypted.shouldReEncrypt) writePrivateFile(keyFile, await safeStorage.encryptStringAsync(key.toString('hex')));
    return key;
  }
  if (databaseFileKind(dbFile) === 'encrypted-or-other') {
    throw new DatabaseKeyUnavailableError(
      'startup.key.missing',
      { records: dbFile, file: keyFile },
      `The records at ${dbFile} are encrypted, but the key to them (${keyFile}) is missing. ` +
        'Restore that file from a backup of this computer if you have one. Nothing has been changed.',
    );
  }
  const key = generateDatabaseKey();
  fs.mkdirSync(userData, { recursive: true });
  writePrivateFile(keyFile, await safeStorage.encryptStringAsync(key.toString('hex')));
  return key;
}
