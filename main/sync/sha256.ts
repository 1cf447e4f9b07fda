// The digest the sync uses for fingerprints and payload hashes: SHA-256 of UTF-8 text, in hex.
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
