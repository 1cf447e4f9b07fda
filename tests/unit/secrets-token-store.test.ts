// The sync token in the app: only ever written as bytes the OS secret store encrypted, and
// refused outright where there is no real secret store. Electron's safeStorage is stood in for
// by a cipher that behaves like it (the module takes it as a parameter; Electron is a type only).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeStorageTokenStore, SecretStoreError, TOKEN_FILE_NAME, type SecretCipher } from '../../main/electron/secrets.ts';
import type { TokenStore } from '../../main/sync/token-file.ts';
import { tempDir } from '../support/temp-store.ts';

const token = 'dev_7Yk2pQ9rTz4mWx8vLb3nHc6sJf1gDa0e';

/** AES-GCM under a key that stands in for the one the OS keyring holds. */
function keyringCipher(overrides: Partial<SecretCipher> = {}): SecretCipher & { key: Buffer } {
  const key = crypto.randomBytes(32);
  return {
    key,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plain: string) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer) {
      const iv = encrypted.subarray(3, 15);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    },
    ...overrides,
  };
}

function storeIn(dir: string, cipher: SecretCipher, platform: NodeJS.Platform = 'linux'): { store: TokenStore; file: string } {
  const file = path.join(dir, TOKEN_FILE_NAME);
  return { store: safeStorageTokenStore({ file, cipher, platform }), file };
}

describe('the safeStorage token store', () => {
  it('keeps the token as encrypted bytes only, and gives it back', () => {
    const { store, file } = storeIn(tempDir(), keyringCipher());
    expect(store.get()).toBeNull();
    store.set(token);
    const onDisk = fs.readFileSync(file);
    expect(onDisk.includes(Buffer.from(token))).toBe(false);
    expect(onDisk.toString('latin1')).not.toContain(token.slice(4, 20));
    expect(store.get()).toBe(token);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual([TOKEN_FILE_NAME]); // no temporary file left
  });

  it('replaces and clears the token', () => {
    const { store, file } = storeIn(tempDir(), keyringCipher());
    store.set(token);
    store.set(`${token}X`);
    expect(store.get()).toBe(`${token}X`);
    store.clear();
    expect(store.get()).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    store.clear(); // clearing nothing is fine
  });

  it('refuses to keep a token where the OS has no secret store', () => {
    const { store, file } = storeIn(tempDir(), keyringCipher({ isEncryptionAvailable: () => false }));
    expect(() => store.set(token)).toThrow(SecretStoreError);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("refuses Linux's basic_text backend, which is plaintext under a password built into Chromium", () => {
    const cipher = keyringCipher({ getSelectedStorageBackend: () => 'basic_text' });
    const { store, file } = storeIn(tempDir(), cipher, 'linux');
    expect(() => store.set(token)).toThrow(/not really be encrypted/);
    expect(fs.existsSync(file)).toBe(false);
    // The backend name means nothing on Windows and macOS, where DPAPI and the Keychain are used.
    expect(() => storeIn(tempDir(), cipher, 'win32').store.set(token)).not.toThrow();
  });

  it('refuses a cipher that hands the token back unencrypted', () => {
    const { store, file } = storeIn(tempDir(), keyringCipher({ encryptString: (plain: string) => Buffer.from(`v10${plain}`) }));
    expect(() => store.set(token)).toThrow(SecretStoreError);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('says the token must be enrolled again when another account or keyring cannot decrypt it', () => {
    const dir = tempDir();
    storeIn(dir, keyringCipher()).store.set(token);
    const elsewhere = storeIn(dir, keyringCipher()).store; // a different key: a copied profile
    expect(() => elsewhere.get()).toThrow(expect.objectContaining({ problem: 'unreadable', messageKey: 'support.secretStoreUnavailable' }));
  });

  it('does not read a stored token while the secret store is unavailable', () => {
    const dir = tempDir();
    const cipher = keyringCipher();
    storeIn(dir, cipher).store.set(token);
    expect(() => storeIn(dir, { ...cipher, isEncryptionAvailable: () => false }).store.get()).toThrow(SecretStoreError);
  });

  it('accepts only what looks like a collector token', () => {
    const { store } = storeIn(tempDir(), keyringCipher());
    for (const bad of ['', 'short', 'has spaces in it here', 'x'.repeat(600), 'tok\nen-0123456789abcdef']) {
      expect(() => store.set(bad)).toThrow(TypeError);
    }
  });
});
