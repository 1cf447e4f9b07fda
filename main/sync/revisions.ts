// Late changes to a sent period are differences, and a difference is protected like a
// submission of its own (policy version 2, rule 6): per borough, the conversations changed
// since the revision the collector may hold, and the visitors changed, must each be 0 or
// more than the threshold. A part that is not is held: the new revision carries it exactly as
// the collector already has it, and the Sync screen shows it as held with the reason.
//
// "The revision the collector may hold" is the newest one sent or attempted (an attempt may
// have arrived even if its answer was lost). Revisions never attempted are replaced freely.
import type { Store } from '../db/store.ts';
import { countedHere } from '../team/origin.ts';
import type { ActivityCounts, ExactBorough } from './aggregate.ts';
import { periodRange } from '../../shared/periods.ts';
import type { BoroughTables, DisclosurePolicy } from './protocol.ts';
import { TABLE_NAMES } from './protocol.ts';
import { syncQb } from './tables.ts';

/** Conversation id -> what it counts under (its code sets), per borough. */
export type Signatures = Map<string, Map<number, string>>;

/** What waits: conversations, visitors, or sessions and hours (which go with the next release of either). */
export type HeldPart = 'conversations' | 'visitors' | 'sessions';

/** One borough's change that waits, and why: `changed` is below `needed`. */
export interface HeldChange {
  authorityCode: string;
  part: HeldPart;
  changed: number;
  needed: number;
}

/** What the period's conversations count under now, per borough. */
export function currentSignatures(store: Store, period: string): Signatures {
  const { first, last } = periodRange(period);
  const rows = store.sqlite
    .prepare(
      `SELECT s.authority_code, c.id, c.topic_set || '.' || c.outcome_set || '.' || c.band_set
         FROM conversation c JOIN event e ON e.id = c.event_id JOIN site s ON s.id = e.site_id
        WHERE c.local_day >= ? AND c.local_day <= ? AND c.deleted_at IS NULL AND e.deleted_at IS NULL AND ${countedHere('e')}`,
    )
    .raw(true)
    .all(first, last) as [string, number, string][];
  return bySignature(rows);
}

function bySignature(rows: [string, number, string][]): Signatures {
  const signatures: Signatures = new Map();
  for (const [authority, id, signature] of rows) {
    let borough = signatures.get(authority);
    if (!borough) signatures.set(authority, (borough = new Map()));
    borough.set(id, signature);
  }
  return signatures;
}

export interface ReferenceRevision {
  id: string;
  revision: number;
  payload: string;
  activityBasis: string | null;
}

/** The newest revision of the period that may have reached the collector. */
export function referenceRevision(store: Store, period: string): ReferenceRevision | undefined {
  const row = store.first(
    syncQb(store)
      .selectFrom('sync_submission')
      .select(['id', 'revision', 'payload', 'activity_basis'])
      .where('period', '=', period)
      .where((eb) => eb.or([eb('status', '=', 'sent'), eb('attempts', '>', 0)]))
      .orderBy('revision', 'desc')
      .limit(1),
  );
  return row && { id: row.id, revision: row.revision, payload: row.payload, activityBasis: row.activity_basis };
}

export function basisSignatures(store: Store, submissionId: string): Signatures | null {
  const rows = store.sqlite
    .prepare('SELECT authority_code, conversation_id, signature FROM sync_basis_conversation WHERE submission_id = ?')
    .raw(true)
    .all(submissionId) as [string, number, string][];
  // A revision built before policy version 2 recorded nothing it was built from.
  return rows.length === 0 && !hasBasis(store, submissionId) ? null : bySignature(rows);
}

function hasBasis(store: Store, submissionId: string): boolean {
  return (
    store.first(syncQb(store).selectFrom('sync_submission').select('activity_basis').where('id', '=', submissionId))?.activity_basis != null
  );
}

export function saveBasis(store: Store, submissionId: string, signatures: Signatures): void {
  const insert = store.sqlite.prepare(
    'INSERT INTO sync_basis_conversation (submission_id, authority_code, conversation_id, signature) VALUES (?, ?, ?, ?)',
  );
  for (const [authority, conversations] of signatures) {
    for (const [id, signature] of conversations) insert.run(submissionId, authority, id, signature);
  }
}

/** Keeps the basis only of revisions a later one may be measured against. */
export function pruneBases(store: Store, period: string, keep: readonly string[]): void {
  store.sqlite
    .prepare(
      `DELETE FROM sync_basis_conversation WHERE submission_id IN (
         SELECT id FROM sync_submission WHERE period = ? AND NOT (status = 'pending' AND attempts > 0)
           AND id NOT IN (SELECT value FROM json_each(?)))`,
    )
    .run(period, JSON.stringify(keep));
}

/**
 * Conversations changed between two states of a borough: those counted under other codes, and
 * those deleted or added, except that a deletion and an addition counting under the same codes
 * cancel out (deleting and re-entering the same conversations changes nothing an intruder can
 * see, so id churn can never make a small difference look large).
 */
export function changedConversations(before: Map<number, string> | undefined, now: Map<number, string> | undefined): number {
  let corrected = 0;
  const removed = new Map<string, number>();
  let added = 0;
  let removedCount = 0;
  for (const [id, signature] of before ?? []) {
    const after = now?.get(id);
    if (after === undefined) {
      removed.set(signature, (removed.get(signature) ?? 0) + 1);
      removedCount += 1;
    } else if (after !== signature) corrected += 1;
  }
  let cancelled = 0;
  for (const [id, signature] of now ?? []) {
    if (before?.has(id)) continue;
    added += 1;
    const waiting = removed.get(signature) ?? 0;
    if (waiting > 0) {
      removed.set(signature, waiting - 1);
      cancelled += 1;
    }
  }
  return corrected + removedCount + added - 2 * cancelled;
}

function visitorsChanged(before: readonly ActivityCounts[], now: readonly ActivityCounts[]): { visitors: number; sessions: number; any: boolean } {
  const kinds = new Set([...before, ...now].map((row) => row.eventKind));
  let visitors = 0;
  let sessions = 0;
  let any = false;
  for (const kind of kinds) {
    const a = before.find((row) => row.eventKind === kind);
    const b = now.find((row) => row.eventKind === kind);
    const adults = Math.abs((b?.visitorsAdults ?? 0) - (a?.visitorsAdults ?? 0));
    const children = Math.abs((b?.visitorsChildren ?? 0) - (a?.visitorsChildren ?? 0));
    visitors += adults + children;
    sessions += Math.abs((b?.sessions ?? 0) - (a?.sessions ?? 0));
    if (adults + children > 0 || (a?.sessions ?? 0) !== (b?.sessions ?? 0) || (a?.volunteerHours ?? 0) !== (b?.volunteerHours ?? 0)) any = true;
  }
  return { visitors, sessions, any };
}

/** A borough's conversation total and six tables, as one comparable string. */
function conversationPart(borough: BoroughTables | undefined): string {
  return JSON.stringify(borough ? [borough.conversations, ...TABLE_NAMES.map((table) => borough[table] ?? null)] : [0]);
}

export interface RevisionPlan {
  boroughs: BoroughTables[];
  /** Exact activity per borough that the new revision stands for. */
  activityBasis: Record<string, ActivityCounts[]>;
  signatures: Signatures;
  held: HeldChange[];
}

/**
 * The next revision of a period measured against `reference`: each borough's released parts
 * from `now`, its held parts as the reference sent them.
 */
export function planRevision(
  policy: DisclosurePolicy,
  exact: readonly ExactBorough[],
  now: readonly BoroughTables[],
  signatures: Signatures,
  reference: { boroughs: BoroughTables[]; activity: Record<string, ActivityCounts[]>; signatures: Signatures },
): RevisionPlan {
  const needed = policy.threshold + 1;
  const releases = (changed: number) => changed === 0 || changed >= needed;
  const exactOf = new Map(exact.map((b) => [b.authorityCode, b]));
  const nowOf = new Map(now.map((b) => [b.authorityCode, b]));
  const sentOf = new Map(reference.boroughs.map((b) => [b.authorityCode, b]));
  const authorities = [...new Set([...exactOf.keys(), ...sentOf.keys(), ...signatures.keys(), ...reference.signatures.keys()])].sort();

  const plan: RevisionPlan = { boroughs: [], activityBasis: {}, signatures: new Map(), held: [] };
  for (const authority of authorities) {
    const sent = sentOf.get(authority);
    const fresh = nowOf.get(authority);
    const conversations = changedConversations(reference.signatures.get(authority), signatures.get(authority));
    const activityBefore = reference.activity[authority] ?? [];
    const activityNow = exactOf.get(authority)?.activity ?? [];
    const visitors = visitorsChanged(activityBefore, activityNow);

    const conversationsHeld = !releases(conversations);
    // Sessions and hours describe no person, but a late session alone would still show where a
    // held change happened: they go only with a release of at least `needed` people.
    const peopleReleased = visitors.visitors >= needed || (!conversationsHeld && conversations >= needed);
    const activityHeld = visitors.any && !(releases(visitors.visitors) && (visitors.visitors > 0 || peopleReleased));
    if (conversationsHeld) plan.held.push({ authorityCode: authority, part: 'conversations', changed: conversations, needed });
    if (activityHeld) {
      const part = visitors.visitors > 0 ? 'visitors' : 'sessions';
      plan.held.push({ authorityCode: authority, part, changed: part === 'visitors' ? visitors.visitors : visitors.sessions, needed });
    }

    // A part released but published the same as before stays measured from what was sent,
    // so changes add up against what the collector shows, never against an unseen state.
    const conversationsShown = !conversationsHeld && conversationPart(fresh) !== conversationPart(sent);
    const activityShown = !activityHeld && JSON.stringify(fresh?.activity ?? []) !== JSON.stringify(sent?.activity ?? []);
    const conversationSource = conversationsShown ? fresh : sent;
    const activitySource = activityShown ? fresh : sent;
    const borough: Record<string, unknown> = {
      authorityCode: authority,
      activity: activitySource?.activity ?? [],
      conversations: conversationSource?.conversations ?? 0,
    };
    for (const table of TABLE_NAMES) if (conversationSource?.[table]) borough[table] = conversationSource[table];
    const empty = (borough.activity as unknown[]).length === 0 && borough.conversations === 0;
    if (!empty) plan.boroughs.push(borough as BoroughTables);

    plan.activityBasis[authority] = activityShown ? activityNow : activityBefore;
    const basis = conversationsShown ? signatures.get(authority) : reference.signatures.get(authority);
    if (basis && basis.size > 0) plan.signatures.set(authority, basis);
  }
  return plan;
}
