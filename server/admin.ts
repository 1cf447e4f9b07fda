// What an administrator does at the command line, as functions the CLI and the tests share.
import type { Clock } from '../shared/clock.ts';
import { canonicalEnrolmentCode, newBearerToken, newEnrolmentCode, newReaderId, sha256Hex } from './secrets.ts';
import type { CollectorStore } from './store/store.ts';

export const defaultCodeValidHours = 72;

/** A new single-use enrolment code; the store keeps only its digest. */
export async function issueEnrolmentCode(
  store: CollectorStore,
  clock: Clock,
  options: { organisation?: string | null; validHours?: number } = {},
): Promise<{ code: string; expiresAt: string }> {
  const code = newEnrolmentCode();
  const issuedAt = clock();
  const expiresAt = new Date(issuedAt.getTime() + (options.validHours ?? defaultCodeValidHours) * 3_600_000).toISOString();
  await store.issueEnrolmentCode({
    codeSha256: sha256Hex(canonicalEnrolmentCode(code)!),
    organisation: options.organisation ?? null,
    issuedAt: issuedAt.toISOString(),
    expiresAt,
  });
  return { code, expiresAt };
}

/** A new read token for the totals API; the store keeps only its digest. */
export async function createReadToken(store: CollectorStore, clock: Clock, label: string | null = null): Promise<string> {
  const token = newBearerToken();
  await store.addReader({ readerId: newReaderId(), tokenSha256: sha256Hex(token), label, createdAt: clock().toISOString() });
  return token;
}
