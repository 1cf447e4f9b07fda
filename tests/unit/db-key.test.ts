// The app's database key: made once, kept only as the OS secret store's ciphertext, and never
// stored where that store cannot protect it. Electron's safeStorage is stood in for here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../main/db/store.ts';
import { DatabaseKeyUnavailableError, KEY_FILE_NAME, loadDatabaseKey, type KeyCipher } from '../../main/electron/db-key.ts';
import { randomKey } from '../support/durability-fixtures.ts';
import { tempDir } from '../support/temp-store.ts';

/** A stand-in secret store: "encrypts" by reversing and tagging, and says which backend it is. */
function fakeSafeStorage(options: { available?: boolean; backend?: ReturnType<KeyCipher['getSelectedStorageBackend']>; reEncrypt?: boolean } = {}) {
  const calls = { encrypt: 0 };
  const cipher: KeyCipher = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (text) => {
      calls.encrypt++;
      return Buffer.concat([Buffer.from('SEALED:'), Buffer.from(text).reverse()]);
    },
    decryptStringAsync: async (sealed) => {
      if (!sealed.subarray(0, 7).equals(Buffer.from('SEALED:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(sealed.subarray(7)).reverse().toString(), shouldReEncrypt: options.reEncrypt ?? false };
    },
  };
  return { cipher, calls };
}

describe('the database key in the app', () => {
  it('is made at first start, kept only as ciphertext (0600), and the same at every start after', async () => {
    const userData = tempDir();
    const dbFile = path.join(userData, 'outreach-tally.db');
    const { cipher } = fakeSafeStorage();
    const key = await loadDatabaseKey(dbFile, { userData, safeStorage: cipher, platform: 'linux' });
    expect(key).toHaveLength(32);
    const keyFile = path.join(userData, KEY_FILE_NAME);
    const stored = fs.readFileSync(keyFile);
    expect(stored.includes(Buffer.from(key.toString('hex')))).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await loadDatabaseKey(dbFile, { userData, safeStorage: cipher, platform: 'linux' });
    expect(again.equals(key)).toBe(true);
  });

  it('refuses to start on Linux with the basic_text backend, or with no secret store, writing nothing', async () => {
    const userData = tempDir();
    const dbFile = path.join(userData, 'outreach-tally.db');
    const basic = loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage({ backend: 'basic_text' }).cipher, platform: 'linux' });
    await expect(basic).rejects.toBeInstanceOf(DatabaseKeyUnavailableError);
    await expect(basic).rejects.toThrow(/basic_text/);
    const none = loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage({ available: false }).cipher, platform: 'win32' });
    await expect(none).rejects.toThrow(/secure storage/);
    expect(fs.readdirSync(userData)).toEqual([]);
    // basic_text means nothing off Linux (the backend is a Linux notion).
    const mac = await loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage({ backend: 'basic_text' }).cipher, platform: 'darwin' });
    expect(mac).toHaveLength(32);
  });

  it('will not make a new key for a database that is already encrypted', async () => {
    const userData = tempDir();
    const dbFile = path.join(userData, 'outreach-tally.db');
    (await openStore(dbFile, { key: randomKey() })).store.close();
    const attempt = loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage().cipher, platform: 'linux' });
    await expect(attempt).rejects.toThrow(/key to them .* is missing/);
    expect(fs.existsSync(path.join(userData, KEY_FILE_NAME))).toBe(false);
  });

  it('says so when the stored key cannot be unlocked, and stores it again when the OS asks', async () => {
    const userData = tempDir();
    const dbFile = path.join(userData, 'outreach-tally.db');
    const keyFile = path.join(userData, KEY_FILE_NAME);
    const first = await loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage().cipher, platform: 'linux' });

    const rotating = fakeSafeStorage({ reEncrypt: true });
    const again = await loadDatabaseKey(dbFile, { userData, safeStorage: rotating.cipher, platform: 'linux' });
    expect(again.equals(first)).toBe(true);
    expect(rotating.calls.encrypt).toBe(1);

    fs.writeFileSync(keyFile, 'not sealed by this computer');
    await expect(loadDatabaseKey(dbFile, { userData, safeStorage: fakeSafeStorage().cipher, platform: 'linux' })).rejects.toThrow(
      /could not unlock the key/,
    );
  });
});
