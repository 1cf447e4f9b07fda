// Credentials the collector hands out: enrolment codes, device tokens, read tokens. Only their
// SHA-256 digests are ever stored, so a copy of the database cannot be used to submit or read.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url without padding: 43 characters. */
export function newBearerToken(): string {
  return randomBytes(32).toString('base64url');
}

export const bearerTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The row was found by its digest; this re-checks the digest in constant time so the answer
 * never depends on how far a database's own string comparison got.
 */
export function sameDigest(expectedHex: string, actualHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const actual = Buffer.from(actualHex, 'hex');
  return expected.length === 32 && actual.length === 32 && timingSafeEqual(expected, actual);
}

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const base32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomBase32(length: number): string {
  // 256 is a multiple of 32, so masking a random byte keeps every symbol equally likely.
  return Array.from(randomBytes(length), (byte) => base32[byte & 31]).join('');
}

/** 20 symbols (100 bits) in groups of four: too many to guess, short enough to type. */
export function newEnrolmentCode(): string {
  return randomBase32(20).match(/.{4}/g)!.join('-');
}

/**
 * The canonical form of a code as typed: case, spaces and hyphens ignored, and the letters
 * people confuse with digits read as those digits. Undefined when it cannot be a code.
 */
export function canonicalEnrolmentCode(typed: string): string | undefined {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{20}$/.test(code) ? code : undefined;
}

export function newEnrolmentId(): string {
  return `dev_${randomBase32(16).toLowerCase()}`;
}

export function newReaderId(): string {
  return `rdr_${randomBase32(16).toLowerCase()}`;
}

export function newReceiptId(): string {
  return `rcpt_${randomBase32(20).toLowerCase()}`;
}
