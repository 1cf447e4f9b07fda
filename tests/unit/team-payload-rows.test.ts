// The hand-written checks of a hand-over file's many rows (main/team/payload-rows.ts) against the
// zod schemas they stand in for (main/team/payload.ts): every rule, broken one at a time, must be
// refused by both, and every valid row accepted by both and rebuilt the same, key order included.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { handoverAudit, handoverConversation, handoverEvent, handoverPayload, handoverVisit } from '../../main/team/payload.ts';
import { checkedAudit, checkedConversation, checkedEvent, checkedVisit, parseHandoverPayload } from '../../main/team/payload-rows.ts';

const uid = (c: string) => c.repeat(36);

const event = {
  uid: uid('e'),
  siteUid: uid('s'),
  kind: 'pop_up_shop',
  startsAt: '2026-10-03T09:00:00.000Z',
  endsAt: null,
  localDay: '2026-10-03',
  createdBy: uid('v'),
  createdAt: '2026-10-03T09:00:00.000Z',
  updatedAt: '2026-10-03T09:00:00.000Z',
  deletedAt: null,
  volunteers: [{ volunteerUid: uid('v'), hours: 2.5 }],
};
const visit = {
  uid: uid('w'),
  eventUid: uid('e'),
  recordedAt: '2026-10-03T10:00:00.000Z',
  localDay: '2026-10-03',
  adults: 2,
  children: 1,
  recordedBy: null,
  deletedAt: null,
};
const conversation = {
  uid: uid('c'),
  eventUid: uid('e'),
  recordedAt: '2026-10-03T10:00:00.000Z',
  localDay: '2026-10-03',
  recordedBy: uid('v'),
  depth: 'brief_contact',
  topics: ['smoking', 'bowel_screening'],
  outcomes: [],
  ageBand: 'age_50_59',
  sex: 'female',
  ethnicity: 'not_recorded',
  language: 'en',
  safeguarding: false,
  updatedAt: '2026-10-03T10:00:00.000Z',
  deletedAt: null,
};
const audit = {
  uid: uid('a'),
  at: '2026-10-03T10:00:00.000Z',
  actor: null,
  entity: 'conversation',
  entityUid: uid('c'),
  action: 'create',
  before: null,
  after: { depth: 'brief_contact', topics: ['smoking'] },
};

/** Values that break at least one rule for some field (and some that keep them all). */
const probes: unknown[] = [
  undefined, null, true, false, 0, -1, 1.5, 2, 24, 24.01, 100_000, 100_001, Number.NaN, '', 'x', 'x'.repeat(9), 'x'.repeat(10), 'x'.repeat(40),
  'x'.repeat(41), 'x'.repeat(80), 'x'.repeat(81), uid('z'), 'z'.repeat(35), 'z'.repeat(37), '2026-10-03', '2026-1-03', '2026-10-03\n', '20261003xx',
  [], ['smoking'], [''], ['x'.repeat(81)], new Array(50).fill('smoking'), new Array(51).fill('smoking'), [1], {}, { a: 1 }, [{ a: 1 }],
  [{ volunteerUid: uid('v'), hours: 25 }], [{ volunteerUid: uid('v'), hours: -1 }], [{ volunteerUid: uid('v') }],
  [{ volunteerUid: uid('v'), hours: 1, extra: 1 }], new Array(201).fill({ volunteerUid: uid('v'), hours: 1 }), 'create', 'update', 'restore', 'purge',
  'site', 'volunteer', 'event', 'visit', 'handover',
];

function variants(row: Record<string, unknown>): unknown[] {
  const out: unknown[] = [row, [row], 'row', null, { ...row, extra: 1 }, JSON.parse(`{"__proto__": 1, ${JSON.stringify(row).slice(1)}`)];
  for (const key of Object.keys(row)) {
    const { [key]: _dropped, ...without } = row;
    out.push(without);
    for (const value of probes) out.push({ ...row, [key]: value });
  }
  // The same row with its keys in another order: accepted, and rebuilt in the schema's order.
  out.push(Object.fromEntries(Object.entries(row).reverse()));
  return out;
}

const shapes: [string, z.ZodType, (row: unknown) => unknown, Record<string, unknown>][] = [
  ['a session', handoverEvent, checkedEvent, event],
  ['a visit', handoverVisit, checkedVisit, visit],
  ['a conversation', handoverConversation, checkedConversation, conversation],
  ['an audit entry', handoverAudit, checkedAudit, audit],
];

describe('hand-over rows checked by hand, rule for rule as zod', () => {
  for (const [name, schema, check, valid] of shapes) {
    it(`${name}: the same verdict and the same rebuilt row as zod, for every rule broken`, () => {
      let refused = 0;
      for (const candidate of variants(valid)) {
        const zod = schema.safeParse(candidate);
        const fast = check(candidate);
        expect({ candidate, accepted: fast !== undefined }).toEqual({ candidate, accepted: zod.success });
        if (zod.success) expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
        else refused++;
      }
      expect(refused).toBeGreaterThan(Object.keys(valid).length * 5);
    });
  }

  it('a whole payload: refused when any row, of any kind, breaks a rule; otherwise as zod parses it', () => {
    const payload = {
      laptop: { id: 'laptop-1', name: 'Stall laptop' },
      writtenAt: '2026-11-10T12:00:00.000Z',
      volunteers: [{ uid: uid('v'), recordedOn: 'laptop-1', name: 'Amina', retired: false }],
      sites: [],
      events: [event],
      visits: [visit],
      conversations: [conversation, { ...conversation, uid: uid('d') }],
      audit: [audit],
    };
    expect(JSON.stringify(parseHandoverPayload(payload))).toBe(JSON.stringify(handoverPayload.parse(payload)));
    const broken: Record<string, unknown>[] = [
      { ...payload, extra: [] },
      { ...payload, writtenAt: 'yesterday' },
      { ...payload, volunteers: [{ ...payload.volunteers[0], retired: 'no' }] },
      { ...payload, events: [{ ...event, localDay: '3 Oct' }] },
      { ...payload, visits: [visit, { ...visit, adults: -1 }] },
      { ...payload, conversations: [conversation, { ...conversation, topics: [] }] },
      { ...payload, audit: [{ ...audit, after: [1] }] },
      { ...payload, audit: 'none' },
    ];
    for (const candidate of broken) {
      expect(handoverPayload.safeParse(candidate).success).toBe(false);
      expect(parseHandoverPayload(candidate)).toBeUndefined();
    }
  });
});
