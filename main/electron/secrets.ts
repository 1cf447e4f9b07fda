// The sync token in the app: encrypted by the OS secret store through Electron's safeStorage
// (DPAPI on Windows, the Keychain on macOS, libsecret or KWallet on Linux) and kept as those
// encrypted bytes in userData. It never goes to the renderer (no method returns it) or to a
// log (the loggers redact tokens). Where the OS offers no real secret store, it is refused
// rather than kept in plaintext: on Linux without a keyring, safeStorage would "encrypt" with
// a password built into Chromium (the `basic_text` backend), which protects nothing.
//
// Electron is only a type here: main.ts passes `safeStorage` in, so the tests run this file
// under plain Node with a stand-in cipher. The synchronous safeStorage calls are used (Electron
// 45 prefers the async ones) because TokenStore is synchronous, shared with the CLI's token
// file (main/sync/token-file.ts).
import fs from 'node:fs';
import type { SafeStorage } from 'electron';
import { writePrivateFile } from '../db/files.ts';
import type { TokenStore } from '../sync/token-file.ts';

export type SecretCipher = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export const TOKEN_FILE_NAME = 'sync-token.bin';

/** A bearer token as the collector issues it; the same rule as the CLI's token file. */
const tokenPattern = /^[A-Za-z0-9_-]{16,512}$/;

export type SecretStoreProblem = 'unavailable' | 'plaintext-only' | 'unreadable';

export class SecretStoreError extends Error {
  readonly messageKey = 'support.secretStoreUnavailable';
  readonly problem: SecretStoreProblem;
  constructor(problem: SecretStoreProblem, message: string) {
    super(message);
    this.name = 'SecretStoreError';
    this.problem = problem;
  }
}

export interface SafeStorageTokenStoreOptions {
  /** Where the encrypted bytes live: `<userData>/sync-token.bin`. */
  file: string;
  cipher: SecretCipher;
  platform?: NodeJS.Platform;
}

export function safeStorageTokenStore({ file, cipher, platform = process.platform }: SafeStorageTokenStoreOptions): TokenStore {
  const requireRealEncryption = () => {
    if (!cipher.isEncryptionAvailable()) {
      throw new SecretStoreError('unavailable', "The operating system's secret store is not available, so the sync token cannot be kept safely.");
    }
    if (platform === 'linux' && cipher.getSelectedStorageBackend() === 'basic_text') {
      throw new SecretStoreError('plaintext-only', 'No keyring (libsecret or KWallet) is running, so the sync token would not really be encrypted.');
    }
  };

  return {
    get() {
      let encrypted: Buffer;
      try {
        encrypted = fs.readFileSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      requireRealEncryption();
      let token: string;
      try {
        token = cipher.decryptString(encrypted);
      } catch {
        // Another user's or another machine's secret store (a copied profile), or a reset keyring.
        throw new SecretStoreError('unreadable', 'The stored sync token cannot be decrypted on this account; enrol the device again.');
      }
      if (!tokenPattern.test(token)) {
        throw new SecretStoreError('unreadable', 'The stored sync token is not valid; enrol the device again.');
      }
      return token;
    },
    set(token: string) {
      if (!tokenPattern.test(token)) throw new TypeError('Not a sync token');
      requireRealEncryption();
      const encrypted = cipher.encryptString(token);
      if (encrypted.length === 0 || encrypted.includes(Buffer.from(token, 'utf8'))) {
        throw new SecretStoreError('plaintext-only', 'The secret store returned the token unencrypted; refusing to write it.');
      }
      writePrivateFile(file, encrypted);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
