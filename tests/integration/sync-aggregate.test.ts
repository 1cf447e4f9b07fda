// Property tests of what leaves the device: random record sets are recorded through the real
// services into real SQLite files, the outbox builds the period's payload, and the payload is
// checked against exact counts worked out here from the record set itself.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import taxonomies from '../../resources/reference/taxonomies.json' with { type: 'json' };
import type { Store } from '../../main/db/store.ts';
import { londonDayOf } from '../../shared/clock.ts';
import { recordConversation, setConversationDeleted } from '../../main/records/conversations.ts';
import { setEventDeleted } from '../../main/records/event-admin.ts';
import { closeSession, openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { recordVisit, setVisitDeleted } from '../../main/records/visits.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';
import { saveEnrolment } from '../../main/sync/config.ts';
import { DEFAULT_POLICY, protect } from '../../main/sync/disclosure.ts';
import { refreshOutbox, submissionLog, submissionPayload } from '../../main/sync/outbox.ts';
import { submissionSchema, type BoroughTables, type ProtectedCount, type Submission } from '../../main/sync/protocol.ts';
import { attackBorough, boroughProgram, referenceFrame } from '../support/intruder.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

/** Fixed, so a run is repeatable; set FC_SEED to explore other record sets. */
const FC_SEED = Number(process.env.FC_SEED ?? 20261120);

const PERIOD = '2026-10';
const BOROUGHS = ['E09000023', 'E09000030', 'E09000012'];
const TOPICS = ['screening_bowel', 'smoking', 'mh_low_mood', 'gp_access', 'cancer_breast'];
const OUTCOMES = ['leaflet_given', 'signposted_gp', 'information_given'];
const AGES = ['age_50_59', 'age_60_74', 'not_recorded'];
const SEXES = ['female', 'male'];
const ETHNICITIES = ['indian', 'bangladeshi', 'african', 'white_british', 'prefer_not_to_say'];
const LANGUAGES = ['en', 'bn'];
const KINDS = ['popup_shop', 'community_stall'];
/** Days around October 2026, and start times (UTC) that put some records on the next London day. */
const DAYS = ['2026-09-30', '2026-10-01', '2026-10-14', '2026-10-25', '2026-10-31', '2026-11-01'];
const START_TIMES = ['T09:00:00.000Z', 'T14:00:00.000Z', 'T22:50:00.000Z', 'T23:45:00.000Z'];

const PLANTED = ['Planted-Site-Name-QZX', 'Planted-Volunteer-KWV', 'SECRET-NOTE-JJQ', '07700 900123', 'SW1A 1AA'];

const topicGroup = new Map(taxonomies.topics.map((t) => [t.code, t.group ?? 'ungrouped']));
const ethnicGroup = new Map(taxonomies.bands.ethnicity.map((e) => [e.code, e.group ?? 'ungrouped']));

interface ModelConversation {
  topics: string[];
  outcomes: string[];
  age: string;
  sex: string;
  ethnicity: string;
  language: string;
  deleted: boolean;
}
interface ModelEvent {
  site: number;
  kind: string;
  day: string;
  start: string;
  deleted: boolean;
  conversations: ModelConversation[];
  visits: { adults: number; children: number; deleted: boolean }[];
}
interface Model {
  sites: number[]; // borough index per site
  events: ModelEvent[];
}

const conversationArb: fc.Arbitrary<ModelConversation> = fc.record({
  topics: fc.subarray(TOPICS, { minLength: 1, maxLength: 3 }),
  outcomes: fc.subarray(OUTCOMES, { minLength: 1, maxLength: 2 }),
  age: fc.constantFrom(...AGES),
  sex: fc.constantFrom(...SEXES),
  ethnicity: fc.constantFrom(...ETHNICITIES),
  language: fc.constantFrom(...LANGUAGES),
  deleted: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
});

const modelArb: fc.Arbitrary<Model> = fc
  .array(fc.integer({ min: 0, max: BOROUGHS.length - 1 }), { minLength: 1, maxLength: 3 })
  .chain((sites) =>
    fc.record({
      sites: fc.constant(sites),
      events: fc.array(
        fc.record({
          site: fc.integer({ min: 0, max: sites.length - 1 }),
          kind: fc.constantFrom(...KINDS),
          day: fc.constantFrom(...DAYS),
          start: fc.constantFrom(...START_TIMES),
          deleted: fc.integer({ min: 0, max: 8 }).map((n) => n === 0),
          conversations: fc.array(conversationArb, { maxLength: 24 }),
          visits: fc.array(
            fc.record({ adults: fc.integer({ min: 1, max: 4 }), children: fc.integer({ min: 0, max: 3 }), deleted: fc.boolean() }),
            { maxLength: 4 },
          ),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    }),
  );

const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000).toISOString();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Records the model through the services; `reverse` records events (and their rows) in the opposite order. */
async function recordModel(model: Model, reverse = false): Promise<Store> {
  const { store, dir } = await freshStore({ withVolunteer: false });
  dirs.push(dir);
  // One outer transaction: each service's own transaction becomes a savepoint, so a run costs
  // one commit (one fsync) instead of one per record.
  store.transaction(() => recordInto(store, model, reverse));
  return store;
}

function recordInto(store: Store, model: Model, reverse: boolean): void {
  const clock = manualClock('2026-09-01T08:00:00.000Z');
  createVolunteer(store, clock, { name: PLANTED[1]!, role: 'coordinator', language: 'en-GB' });
  const siteIds = model.sites.map((borough, i) =>
    createSite(store, clock, { name: `${PLANTED[0]} ${i}`, authorityCode: BOROUGHS[borough]!, settingType: 'library' }).id,
  );
  const order = model.events.map((_, i) => i);
  if (reverse) order.reverse();
  for (const e of order) {
    const event = model.events[e]!;
    const start = `${event.day}${event.start}`;
    clock.set(start);
    const { id: eventId } = openSession(store, clock, { siteId: siteIds[event.site]!, kind: event.kind });
    const conversations = event.conversations.map((c, i) => ({ c, i }));
    if (reverse) conversations.reverse();
    for (const { c, i } of conversations) {
      clock.set(minutes(start, i + 1));
      const { conversationId } = recordConversation(store, clock, {
        eventId,
        depth: 'brief_contact',
        topics: c.topics,
        outcomes: c.outcomes,
        ageBand: c.age,
        sex: c.sex,
        ethnicity: c.ethnicity,
        language: c.language,
        safeguarding: false,
        notes: `${PLANTED[2]} rang ${PLANTED[3]}, lives at ${PLANTED[4]}`,
        // Planted details must not leak even when a volunteer confirmed saving them.
        personalDetailsConfirmed: true,
      });
      if (c.deleted) setConversationDeleted(store, clock, conversationId, true);
    }
    event.visits.forEach((v, j) => {
      clock.set(minutes(start, 30 + j));
      const { visitId } = recordVisit(store, clock, { eventId, adults: v.adults, children: v.children });
      if (v.deleted) setVisitDeleted(store, clock, visitId, true);
    });
    clock.set(minutes(start, 180));
    closeSession(store, clock, eventId);
    if (event.deleted) setEventDeleted(store, clock, eventId, true);
  }
}

type Cells = Map<string, number>;
interface ExpectedBorough {
  conversations: number;
  tables: Record<string, Cells>;
  activity: Map<string, { sessions: number; volunteerHours: number; visitorsAdults: number; visitorsChildren: number }>;
}

const add = (cells: Cells, key: string, n = 1) => cells.set(key, (cells.get(key) ?? 0) + n);

/** Exact counts for the period, straight from the model: the oracle the payload is judged by. */
function expectedCounts(model: Model): Map<string, ExpectedBorough> {
  const result = new Map<string, ExpectedBorough>();
  const borough = (code: string) => {
    let found = result.get(code);
    if (!found) {
      const tables = Object.fromEntries(
        ['byTopic', 'byTopicOutcome', 'byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'].map((t) => [t, new Map()]),
      );
      result.set(code, (found = { conversations: 0, tables, activity: new Map() }));
    }
    return found;
  };
  const inPeriod = (iso: string) => londonDayOf(iso).startsWith(`${PERIOD}-`);
  for (const event of model.events) {
    if (event.deleted) continue;
    const code = BOROUGHS[model.sites[event.site]!]!;
    const start = `${event.day}${event.start}`;
    const activity = () => {
      const b = borough(code);
      let row = b.activity.get(event.kind);
      if (!row) b.activity.set(event.kind, (row = { sessions: 0, volunteerHours: 0, visitorsAdults: 0, visitorsChildren: 0 }));
      return row;
    };
    if (inPeriod(start)) {
      activity().sessions += 1;
      activity().volunteerHours += 3;
    }
    event.visits.forEach((v, j) => {
      if (v.deleted || !inPeriod(minutes(start, 30 + j))) return;
      activity().visitorsAdults += v.adults;
      activity().visitorsChildren += v.children;
    });
    event.conversations.forEach((c, i) => {
      if (c.deleted || !inPeriod(minutes(start, i + 1))) return;
      const b = borough(code);
      b.conversations += 1;
      for (const t of c.topics) {
        add(b.tables.byTopic!, t);
        for (const o of c.outcomes) add(b.tables.byTopicOutcome!, `${t} ${o}`);
      }
      for (const g of new Set(c.topics.map((t) => topicGroup.get(t)!))) {
        add(b.tables.byTopicGroupAge!, `${g} ${c.age}`);
        add(b.tables.byTopicGroupSex!, `${g} ${c.sex}`);
        add(b.tables.byTopicGroupEthnicGroup!, `${g} ${ethnicGroup.get(c.ethnicity)}`);
        add(b.tables.byTopicGroupLanguage!, `${g} ${c.language}`);
      }
    });
  }
  return result;
}

const TABLE_NAMES = ['byTopic', 'byTopicOutcome', 'byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const;

function cellKeyOf(cell: Record<string, unknown>): string {
  return 'topic' in cell ? ['topic', 'outcome'].filter((f) => f in cell).map((f) => cell[f]).join(' ') : `${cell.topicGroup} ${cell.band}`;
}

const BAND_TABLES = new Set(['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage']);

/** A published count is 0, "suppressed", or on the grid above the threshold. */
const onTheGrid = (count: ProtectedCount) =>
  count === 'suppressed' || count === 0 || (count > DEFAULT_POLICY.threshold && count % DEFAULT_POLICY.roundingBase === 0);

function checkPayload(submission: Submission, expected: Map<string, ExpectedBorough>): void {
  const t = DEFAULT_POLICY.threshold;
  expect(submission.period).toBe(PERIOD);
  expect(submission.boroughs.map((b) => b.authorityCode)).toEqual([...expected.keys()].sort());
  for (const published of submission.boroughs) {
    const exact = expected.get(published.authorityCode)!;
    // Activity: sessions exact, hours to whole hours, visitors protected like conversations.
    expect(published.activity).toEqual(
      [...exact.activity]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([eventKind, row]) => ({
          eventKind,
          sessions: row.sessions,
          volunteerHours: Math.round(row.volunteerHours),
          visitorsAdults: protect(row.visitorsAdults, DEFAULT_POLICY),
          visitorsChildren: protect(row.visitorsChildren, DEFAULT_POLICY),
        })),
    );
    // A borough of 7 or fewer sends no breakdown at all; a bigger one all six tables (or, as
    // a last resort of the audit, none, with its total hidden too).
    if (exact.conversations <= t || published.byTopic === undefined) {
      expect(published.conversations).toBe(exact.conversations === 0 ? 0 : 'suppressed');
      for (const name of TABLE_NAMES) expect((published as BoroughTables)[name], name).toBeUndefined();
      continue;
    }
    expect(published.conversations).toBe(protect(exact.conversations, DEFAULT_POLICY));
    const groupSize = new Map<string, number>();
    for (const [key, n] of exact.tables.byTopicGroupAge!) groupSize.set(key.split(' ')[0]!, (groupSize.get(key.split(' ')[0]!) ?? 0) + n);
    for (const name of TABLE_NAMES) {
      const table = (published as BoroughTables)[name]!;
      const exactCells = exact.tables[name]!;
      const keys = table.cells.map((cell) => cellKeyOf(cell));
      expect(keys, `${name} is sorted, each cell once`).toEqual([...new Set(keys)].sort());
      const withheld = new Set(table.withheldRows);
      const listed = new Map(table.cells.map((cell, i) => [keys[i]!, cell.count]));
      for (const [key, n] of exactCells) {
        // Every non-zero cell of a published row is listed, as the rule gives it.
        if (withheld.has(key.split(' ')[0]!)) continue;
        expect(listed.has(key), `${name} ${key} listed`).toBe(true);
        expect(listed.get(key), `${name} ${key}`).toBe(protect(n, DEFAULT_POLICY));
      }
      for (const [key, count] of listed) {
        // Nothing listed in a withheld row, nothing listed that is 0, nothing off the grid.
        expect(withheld.has(key.split(' ')[0]!), `${name} ${key} in a withheld row`).toBe(false);
        expect(exactCells.get(key) ?? 0, `${name} ${key} is not 0`).toBeGreaterThan(0);
        expect(onTheGrid(count)).toBe(true);
      }
      // A small group (or, in topic x outcome, a small topic) is withheld whole: no code of it can be told apart.
      if (BAND_TABLES.has(name)) {
        for (const [group, n] of groupSize) if (n <= t) expect(withheld.has(group), `${name} ${group} (${n}) withheld`).toBe(true);
      }
      if (name === 'byTopicOutcome') {
        for (const [topic, n] of exact.tables.byTopic!) if (n <= t) expect(withheld.has(topic), `${name} ${topic} (${n}) withheld`).toBe(true);
      }
    }
  }
}

/** Every string in the payload is a code, a period, an id or 'suppressed': there is nowhere for free text to hide. */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, into));
  return into;
}

/** Submission ids in the order the outbox asks for them (periods oldest first), the same for every database. */
function sequentialIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

async function payloadFor(store: Store): Promise<string | null> {
  const clock = manualClock('2026-11-20T10:00:00.000Z');
  saveEnrolment(store, { endpoint: 'https://collector.example/', enrolmentId: 'dev_property' });
  refreshOutbox(store, clock, { newId: sequentialIds() });
  const entry = submissionLog(store).find((e) => e.period === PERIOD);
  expect(submissionLog(store).some((e) => e.period === '2026-11')).toBe(false); // not closed yet
  return entry ? submissionPayload(store, entry.submissionId) : null;
}

describe('the payload for a closed period', () => {
  it('carries only protected counts, consistent with the records, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        const store = await recordModel(model);
        const json = await payloadFor(store);
        const expected = expectedCounts(model);
        store.close();
        if (json === null) {
          expect(expected.size).toBe(0);
          return;
        }
        const submission = submissionSchema.parse(JSON.parse(json));
        checkPayload(submission, expected);
        for (const planted of [...PLANTED, 'Test Volunteer']) expect(json).not.toContain(planted);
        expect(json).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/); // no dates or times, only the period
        for (const s of strings(JSON.parse(json))) {
          expect(s).toMatch(/^(suppressed|nhsd-hes-2018|dev_property|2026-10|E09\d{6}|[a-z0-9_]+|[0-9a-f-]{36})$/);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 40), seed: FC_SEED },
    );
  });

  it('is byte-identical for identical records, whatever order they were entered in', async () => {
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        const first = await recordModel(model);
        const second = await recordModel(model, true);
        const a = await payloadFor(first);
        const b = await payloadFor(second);
        // Rebuilding from the same database gives the same bytes too.
        const { exactCounts, protectBoroughs, disclosureFrame } = await import('../../main/sync/aggregate.ts');
        const again = JSON.stringify(protectBoroughs(exactCounts(first, PERIOD), disclosureFrame(first), DEFAULT_POLICY));
        const once = JSON.stringify(protectBoroughs(exactCounts(first, PERIOD), disclosureFrame(first), DEFAULT_POLICY));
        first.close();
        second.close();
        expect(a).toBe(b);
        expect(again).toBe(once);
      }),
      { numRuns: 15, seed: FC_SEED },
    );
  });

  it('gives an intruder holding all its tables no count it can pin (a real MILP solver)', async () => {
    let attacked = 0;
    await fc.assert(
      fc.asyncProperty(modelArb, async (model) => {
        const store = await recordModel(model);
        const json = await payloadFor(store);
        store.close();
        if (json === null) return;
        for (const borough of submissionSchema.parse(JSON.parse(json)).boroughs) {
          const program = boroughProgram(borough, DEFAULT_POLICY, referenceFrame, 'any');
          if (!program) continue; // no tables: nothing to solve
          attacked += 1;
          const report = await attackBorough(program);
          expect(report.feasible).toBe(true);
          expect(report.pinned, borough.authorityCode).toEqual([]);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 12), seed: FC_SEED },
    );
    expect(attacked).toBeGreaterThan(0);
  }, 120_000);
});
