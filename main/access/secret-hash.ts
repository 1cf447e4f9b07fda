// PINs and passphrases are kept only as scrypt hashes: slow on purpose (about 0.1 s here), salted,
// with the parameters stored beside each hash so they can be raised later without locking
// anybody out (a hash made with weaker ones is redone at that profile's next unlock).
import crypto from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

export interface SecretHash {
  algorithm: 'scrypt';
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

/** What new hashes use. Raising N (or r, p) is safe: older hashes still verify, then are redone. */
export const currentScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

const SALT_BYTES = 16;

/** Parameters read back from a file are checked before use: a damaged row must not hang the app. */
export function parseScryptParams(json: string): ScryptParams {
  const value = JSON.parse(json) as Partial<ScryptParams>;
  const { N, r, p, keyLength } = value;
  const ok =
    Number.isInteger(N) && N! >= 2 ** 10 && N! <= 2 ** 20 && (N! & (N! - 1)) === 0 &&
    Number.isInteger(r) && r! >= 1 && r! <= 32 &&
    Number.isInteger(p) && p! >= 1 && p! <= 16 &&
    Number.isInteger(keyLength) && keyLength! >= 16 && keyLength! <= 64;
  if (!ok) throw new Error('unusable scrypt parameters');
  return { N: N!, r: r!, p: p!, keyLength: keyLength! };
}

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The same text typed on another keyboard layout composes differently: compare one form.
    crypto.scrypt(
      secret.normalize('NFC'),
      salt,
      params.keyLength,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashSecret(secret: string, params: ScryptParams = currentScryptParams): Promise<SecretHash> {
  const salt = crypto.randomBytes(SALT_BYTES);
  return { algorithm: 'scrypt', params, salt, hash: await derive(secret, salt, params) };
}

/** Constant-time comparison of the derived key with the stored one. */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const derived = await derive(secret, stored.salt, stored.params);
  return derived.length === stored.hash.length && crypto.timingSafeEqual(derived, stored.hash);
}

export function needsRehash(params: ScryptParams, wanted: ScryptParams = currentScryptParams): boolean {
  return params.N < wanted.N || params.r < wanted.r || params.p < wanted.p || params.keyLength < wanted.keyLength;
}
