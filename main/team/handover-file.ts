// The hand-over file's envelope (docs/handover-format.md): a readable header, the records
// compressed and encrypted with AES-256-GCM under a key derived from the team passphrase by
// scrypt, and an Ed25519 signature by the laptop that wrote it over everything before it.
// Only node:crypto primitives; every failure is a message key and nothing is written.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { deriveKey, SCRYPT, type ScryptParameters } from './laptop.ts';
import type { HandoverPayload } from './payload.ts';
import { parseHandoverPayload } from './payload-rows.ts';

export const MAGIC = Buffer.from('OTHANDOV', 'ascii');
export const FORMAT_VERSION = 1;
const TAG_BYTES = 16;
const SIGNATURE_BYTES = 64;
const MAX_HEADER_BYTES = 16 * 1024;
/** The largest file read: 100,000 records are ~5 MB compressed. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(4096);

export const handoverHeader = z.strictObject({
  format: z.literal('outreach-tally-handover'),
  formatVersion: z.literal(FORMAT_VERSION),
  teamId: z.string().min(1).max(40),
  laptopId: z.string().min(1).max(64),
  laptopName: z.string().min(1).max(200),
  /** Ed25519 public key, SPKI DER. */
  publicKey: base64,
  writtenAt: z.iso.datetime(),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    // Bounded, so a crafted header cannot make the reader spend minutes or gigabytes.
    N: z.number().int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(4),
    salt: base64,
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: base64,
  compression: z.literal('gzip'),
});
export type HandoverHeader = z.infer<typeof handoverHeader>;

/** Unpacked a megabyte at a time: the payload is ~160 MB, and zlib's 16 KB default means ten thousand pieces to join. */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;

const damaged = () => new DomainError('invalid_input', 'team.errors.damagedFile');

export function writeHandoverFile(
  payload: HandoverPayload,
  options: { teamId: string; passphrase: string; privateKey: crypto.KeyObject; publicKey: string },
): Buffer {
  const kdf: ScryptParameters = { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: crypto.randomBytes(16).toString('base64') };
  const iv = crypto.randomBytes(12);
  const header: HandoverHeader = {
    format: 'outreach-tally-handover',
    formatVersion: FORMAT_VERSION,
    teamId: options.teamId,
    laptopId: payload.laptop.id,
    laptopName: payload.laptop.name,
    publicKey: options.publicKey,
    writtenAt: payload.writtenAt,
    kdf: { name: 'scrypt', ...kdf },
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    compression: 'gzip',
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const authenticated = Buffer.concat([MAGIC, length, headerBytes]);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveKey(options.passphrase, kdf), iv);
  cipher.setAAD(authenticated);
  // The fastest level: a third quicker to write than the default for a file ~18 % larger.
  const plain = zlib.gzipSync(Buffer.from(JSON.stringify(payload), 'utf8'), { level: zlib.constants.Z_BEST_SPEED });
  const body = Buffer.concat([authenticated, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  const signature = crypto.sign(null, body, options.privateKey);
  return Buffer.concat([body, signature]);
}

/** The header, read and checked without the passphrase: the format version and the signature. */
export function readHandoverHeader(bytes: Uint8Array): { header: HandoverHeader; headerEnd: number } {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new DomainError('invalid_input', 'team.errors.notHandoverFile');
  }
  const headerLength = file.readUInt32BE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerLength > MAX_HEADER_BYTES || file.length < headerEnd + TAG_BYTES + SIGNATURE_BYTES) throw damaged();
  let raw: unknown;
  try {
    raw = JSON.parse(file.subarray(MAGIC.length + 4, headerEnd).toString('utf8'));
  } catch {
    throw damaged();
  }
  // The version first: a newer file is refused as such, whatever else its header holds.
  const version = z.object({ formatVersion: z.number().int() }).safeParse(raw);
  if (!version.success) throw damaged();
  if (version.data.formatVersion > FORMAT_VERSION) {
    throw new DomainError('conflict', 'team.errors.newerFormat', { values: { version: version.data.formatVersion } });
  }
  const parsed = handoverHeader.safeParse(raw);
  if (!parsed.success) throw damaged();
  const header = parsed.data;
  const signed = file.subarray(0, file.length - SIGNATURE_BYTES);
  let valid: boolean;
  try {
    const publicKey = crypto.createPublicKey({ key: Buffer.from(header.publicKey, 'base64'), format: 'der', type: 'spki' });
    valid = publicKey.asymmetricKeyType === 'ed25519' && crypto.verify(null, signed, publicKey, file.subarray(file.length - SIGNATURE_BYTES));
  } catch {
    valid = false;
  }
  if (!valid) throw damaged();
  return { header, headerEnd };
}

/** Decrypts a file, reading and checking its header first unless the caller just did (`read`). */
export function openHandoverFile(
  bytes: Uint8Array,
  passphrase: string,
  read: { header: HandoverHeader; headerEnd: number } = readHandoverHeader(bytes),
): { header: HandoverHeader; payload: HandoverPayload } {
  const { header, headerEnd } = read;
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tagStart = file.length - SIGNATURE_BYTES - TAG_BYTES;
  let plain: Buffer;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKey(passphrase, header.kdf), Buffer.from(header.iv, 'base64'));
    decipher.setAAD(file.subarray(0, headerEnd));
    decipher.setAuthTag(file.subarray(tagStart, tagStart + TAG_BYTES));
    const body = decipher.update(file.subarray(headerEnd, tagStart));
    // final() checks the tag; GCM returns nothing more from it, so the body is not copied again.
    const rest = decipher.final();
    plain = rest.length === 0 ? body : Buffer.concat([body, rest]);
  } catch {
    // The signature held, so the bytes are as written: the key is what differs.
    throw new DomainError('invalid_input', 'team.errors.wrongPassphrase');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(zlib.gunzipSync(plain, { chunkSize: GUNZIP_CHUNK_BYTES }).toString('utf8'));
  } catch {
    throw damaged();
  }
  const payload = parseHandoverPayload(raw);
  if (!payload || payload.laptop.id !== header.laptopId) throw damaged();
  return { header, payload };
}
