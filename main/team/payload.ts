// What a hand-over file holds once decrypted (docs/handover-format.md): the records a laptop
// recorded, by stable id, with everything the coordinator reviews and never a note. The same
// shapes are built from the coordinator's copy to tell new, changed and present records apart.
import { z } from 'zod';
import { hash } from 'node:crypto';
import { limits } from '../../shared/limits.ts';

// A stable id: 36 characters (a UUID as written). Only ever a query parameter; references
// between records are checked after parsing (merge.ts).
const uid = z.string().length(36);
const code = z.string().min(1).max(80);
const instant = z.string().min(10).max(40);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const name = z.string().min(1).max(200);

export const handoverVolunteer = z.strictObject({ uid, recordedOn: z.string().min(1).max(64), name, retired: z.boolean() });
export const handoverSite = z.strictObject({
  uid,
  recordedOn: z.string().min(1).max(64),
  name,
  authorityCode: code,
  settingType: code,
  createdAt: instant,
  updatedAt: instant,
  retiredAt: instant.nullable(),
});
export const handoverEvent = z.strictObject({
  uid,
  siteUid: uid,
  kind: code,
  startsAt: instant,
  endsAt: instant.nullable(),
  localDay: day,
  createdBy: uid.nullable(),
  createdAt: instant,
  updatedAt: instant,
  deletedAt: instant.nullable(),
  volunteers: z.array(z.strictObject({ volunteerUid: uid, hours: z.number().min(0).max(limits.eventHours) })).max(200),
});
export const handoverVisit = z.strictObject({
  uid,
  eventUid: uid,
  recordedAt: instant,
  localDay: day,
  adults: z.number().int().min(0).max(100_000),
  children: z.number().int().min(0).max(100_000),
  recordedBy: uid.nullable(),
  deletedAt: instant.nullable(),
});
export const handoverConversation = z.strictObject({
  uid,
  eventUid: uid,
  recordedAt: instant,
  localDay: day,
  recordedBy: uid.nullable(),
  depth: code,
  topics: z.array(code).min(1).max(50),
  outcomes: z.array(code).max(50),
  ageBand: code,
  sex: code,
  ethnicity: code,
  language: code,
  safeguarding: z.boolean(),
  updatedAt: instant,
  deletedAt: instant.nullable(),
});
/**
 * An audit entry's before or after: any JSON object. Checked as one, not copied key by key: it
 * comes from JSON.parse, so its keys are strings, and a merge reads one per record.
 */
const auditValue = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
export const auditedEntities = ['site', 'volunteer', 'event', 'visit', 'conversation'] as const;
export const handoverAudit = z.strictObject({
  uid,
  at: instant,
  actor: uid.nullable(),
  entity: z.enum(auditedEntities),
  entityUid: uid,
  action: z.enum(['create', 'update', 'delete', 'restore']),
  before: auditValue.nullable(),
  after: auditValue.nullable(),
});

export const handoverPayload = z.strictObject({
  laptop: z.strictObject({ id: z.string().min(1).max(64), name }),
  writtenAt: z.iso.datetime(),
  volunteers: z.array(handoverVolunteer),
  sites: z.array(handoverSite),
  events: z.array(handoverEvent),
  visits: z.array(handoverVisit),
  conversations: z.array(handoverConversation),
  audit: z.array(handoverAudit),
});

export type HandoverVolunteer = z.infer<typeof handoverVolunteer>;
export type HandoverSite = z.infer<typeof handoverSite>;
export type HandoverEvent = z.infer<typeof handoverEvent>;
export type HandoverVisit = z.infer<typeof handoverVisit>;
export type HandoverConversation = z.infer<typeof handoverConversation>;
export type HandoverAudit = z.infer<typeof handoverAudit>;
export type HandoverPayload = z.infer<typeof handoverPayload>;

/** The kinds of record merged by stable id, in the order they are written. */
export const recordKinds = ['volunteers', 'sites', 'events', 'visits', 'conversations'] as const;
export type RecordKind = (typeof recordKinds)[number];
export const entityOfKind: Record<RecordKind, (typeof auditedEntities)[number]> = {
  volunteers: 'volunteer',
  sites: 'site',
  events: 'event',
  visits: 'visit',
  conversations: 'conversation',
};

/**
 * A record's version: the hash of its fields in a fixed order (codes sorted), the same for a
 * record read from a file and for the copy built from this laptop's rows. Field by field
 * rather than canonical JSON of the object: a merge hashes every record it reads.
 */
export const contentHash = {
  volunteers: (v: HandoverVolunteer) => hashOf([v.uid, v.recordedOn, v.name, v.retired]),
  sites: (s: HandoverSite) => hashOf([s.uid, s.recordedOn, s.name, s.authorityCode, s.settingType, s.createdAt, s.updatedAt, s.retiredAt]),
  events: (e: HandoverEvent) =>
    hashOf([
      e.uid, e.siteUid, e.kind, e.startsAt, e.endsAt, e.localDay, e.createdBy, e.createdAt, e.updatedAt, e.deletedAt,
      [...e.volunteers].sort((a, b) => (a.volunteerUid < b.volunteerUid ? -1 : 1)).map((m) => [m.volunteerUid, m.hours]),
    ]),
  visits: (v: HandoverVisit) => hashOf([v.uid, v.eventUid, v.recordedAt, v.localDay, v.adults, v.children, v.recordedBy, v.deletedAt]),
  conversations: (c: HandoverConversation) =>
    hashOf([
      c.uid, c.eventUid, c.recordedAt, c.localDay, c.recordedBy, c.depth, sorted(c.topics), sorted(c.outcomes), c.ageBand, c.sex, c.ethnicity,
      c.language, c.safeguarding, c.updatedAt, c.deletedAt,
    ]),
} satisfies Record<RecordKind, (record: never) => string>;

const sorted = (codes: string[]) => (codes.length < 2 ? codes : [...codes].sort());
// One-shot: no Hash object per record.
const hashOf = (fields: unknown[]) => hash('sha256', JSON.stringify(fields), 'base64');

/** Keys never handed over: notes, and anything that could be a profile's secret (a PIN, say). */
const kept = (key: string) => key !== 'notes' && !/pin|secret|passphrase|password/i.test(key);
// Audit values repeat a few dozen keys: each is judged once.
const keptKeys = new Map<string, boolean>();
const isKept = (key: string) => {
  let verdict = keptKeys.get(key);
  if (verdict === undefined) {
    verdict = kept(key);
    if (keptKeys.size < 10_000) keptKeys.set(key, verdict);
  }
  return verdict;
};

/**
 * Notes never leave the laptop: every `notes` key (and any secret) is dropped from an audit
 * value, at any depth. In place: the value was just made by JSON.parse and nothing else holds it.
 */
export function dropNotesInPlace(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = dropNotesInPlace(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!isKept(key)) delete object[key];
    else if (typeof object[key] === 'object') object[key] = dropNotesInPlace(object[key]);
  }
  return object;
}
