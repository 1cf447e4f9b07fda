// What the collector keeps, behind one interface with a SQLite and a PostgreSQL implementation.
// Each method is one transaction; both implementations make the same decisions, so the HTTP
// layer (and the test suite, run against both) cannot tell them apart.
import type { Submission } from '../../main/sync/protocol.ts';

export interface IssuedCode {
  codeSha256: string;
  organisation: string | null;
  issuedAt: string;
  expiresAt: string;
}

export type Redemption =
  | { outcome: 'enrolled'; enrolmentId: string }
  | { outcome: 'unknown' | 'used' | 'expired' };

export interface Device {
  enrolmentId: string;
  tokenSha256: string;
  organisation: string | null;
}

export interface Reader {
  readerId: string;
  tokenSha256: string;
  label: string | null;
}

/** A submission the collector acknowledged: stored (it counted), or stale (it was ignored). */
export interface Acknowledgement {
  submissionId: string;
  receiptId: string;
  enrolmentId: string;
  period: string;
  revision: number;
  status: 'stored' | 'stale';
  bodySha256: string;
  receivedAt: string;
}

export type SubmissionOutcome =
  /** First time this submission id was seen: stored as the latest revision, or ignored as stale. */
  | { outcome: 'new'; acknowledgement: Acknowledgement }
  /** Seen before with the same content: the original acknowledgement, unchanged. */
  | { outcome: 'repeat'; acknowledgement: Acknowledgement }
  /** Seen before with different content (or from another device): nothing was written. */
  | { outcome: 'conflict' }
  /** Refused (409) because it would publish the period again at another grain or with a lower policy. */
  | { outcome: 'refused'; code: string; reason: string };

/** A period a device holds a stored revision of: which one, and the policy it was protected with. */
export interface HeldPeriod {
  period: string;
  revision: number;
  submissionId: string;
  threshold: number;
  roundingBase: number;
}

export interface NewSubmission {
  submission: Submission;
  /** The submission as canonical JSON, and its digest for recognising a repeat. */
  canonicalBody: string;
  bodySha256: string;
  receiptId: string;
  receivedAt: string;
}

export interface CollectorStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  issueEnrolmentCode(code: IssuedCode): Promise<void>;
  /** Spends the code (single use, unexpired) and enrols a device with the token's digest. */
  redeemEnrolmentCode(input: { codeSha256: string; enrolmentId: string; tokenSha256: string; now: string }): Promise<Redemption>;
  deviceByToken(tokenSha256: string): Promise<Device | undefined>;
  addReader(reader: Reader & { createdAt: string }): Promise<void>;
  readerByToken(tokenSha256: string): Promise<Reader | undefined>;
  /**
   * Idempotent by submission id. A revision higher than the one held for (device, period)
   * replaces it and erases the replaced body (its acknowledgement stays); an equal or lower one
   * is acknowledged as stale and changes nothing. Refused when it overlaps a period of the
   * other grain, or lowers the policy the period was sent with (decide.ts).
   */
  recordSubmission(input: NewSubmission): Promise<SubmissionOutcome>;
  /** The latest stored revision of each device for the period (protocol version 2 bodies only). */
  latestSubmissions(period: string): Promise<Submission[]>;
  /** The submission ids of those revisions, cheaply: what the totals cache is keyed on. */
  latestSubmissionIds(period: string): Promise<string[]>;
  close(): Promise<void>;
}
