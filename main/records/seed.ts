// Synthetic records for demos, tests and the 1,000,000-conversation benchmark.
//
// Deterministic: every random choice comes from one seeded PRNG and every timestamp from
// `now` (a fixed default, never the wall clock), so the same seed gives the same database.
//
// Fast: rows go straight in through prepared multi-row INSERTs in one transaction, with
// explicit ids so child rows need no lastInsertRowid round trip, and the tally triggers paused
// while the rows are counted as they are written (main/tallies/bulk.ts). This deliberately bypasses
// the per-action services and the audit trail: synthetic data is nobody's action, and a
// million fake audit rows would only distort the file the benchmark measures.
import { batchInserter } from '../db/bulk-insert.ts';
import type { SqliteDatabase } from '../db/connection.ts';
import type { Store } from '../db/store.ts';
import { pauseTallies, type PausedTallies } from '../tallies/bulk.ts';
import { londonDayOf } from '../../shared/clock.ts';

export interface SeedOptions {
  /** Exactly this many conversations are written (0 writes only volunteers and sites). */
  conversations: number;
  seed: number;
  /** Records fall on the London days of the three years before this instant. */
  now?: Date | string;
  /** Add to a database that already holds records instead of refusing. */
  append?: boolean;
}

export interface SeedSummary {
  seed: number;
  now: string;
  volunteers: number;
  sites: number;
  events: number;
  visits: number;
  conversations: number;
  conversationTopics: number;
  conversationOutcomes: number;
  firstDay: string | null;
  lastDay: string | null;
}

/** Fixed, so that the output does not depend on when the seed runs. */
export const DEFAULT_SEED_NOW = '2026-11-01T00:00:00.000Z';

/**
 * The `now` of a seed whose records end today: the start of today's London day (as a UTC
 * instant on that day), so the last day seeded is yesterday (every session is over) and a
 * seed run twice on one day writes the same records.
 */
export function seedNowFor(instant: Date): string {
  return `${londonDayOf(instant)}T00:00:00.000Z`;
}

export class SeedRefusedError extends Error {}

// ---------------------------------------------------------------------------------------
// Randomness

/** mulberry32: tiny, fast and good enough for synthetic data; never for anything secret. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Random {
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  item<T>(items: readonly T[]): T;
}

function createRandom(seed: number): Random {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, int, chance: (p) => next() < p, item: (items) => items[int(0, items.length - 1)]! };
}

type Picker<T> = (random: Random) => T;

function weightedPicker<T>(items: readonly T[], weightOf: (item: T) => number): Picker<T> {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, i) => {
    total += Math.max(0, weightOf(item));
    cumulative[i] = total;
  });
  if (total <= 0) throw new Error('Cannot seed: a reference list has no usable entries.');
  return (random) => {
    const target = random.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** Codes an organisation added that we have no weight for still turn up, just rarely. */
function codePicker(codes: readonly string[], weights: Readonly<Record<string, number>>, unknownWeight = 1): Picker<string> {
  return weightedPicker(codes, (code) => weights[code] ?? unknownWeight);
}

/** weights[n] is the weight of the count n. */
function countPicker(weights: readonly number[]): Picker<number> {
  return weightedPicker(
    weights.map((_, count) => count),
    (count) => weights[count]!,
  );
}

function pickDistinct<T>(pick: Picker<T>, random: Random, count: number, into: T[]): T[] {
  into.length = 0;
  // Bounded retries: a tiny or lopsided list yields fewer items, never a hang.
  for (let attempts = 0; into.length < count && attempts < count * 20; attempts++) {
    const item = pick(random);
    if (!into.includes(item)) into.push(item);
  }
  return into;
}

/** `count` offsets in [0, span), ascending, so the records of a session are in time order. */
function sortedOffsets(random: Random, count: number, span: number): Float64Array {
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) offsets[i] = Math.floor(random.next() * span);
  return offsets.sort();
}

// ---------------------------------------------------------------------------------------
// Rough proportions for a London outreach programme

const weights = {
  eventKind: {
    popup_shop: 30, community_stall: 24, talk_workshop: 12, faith_setting_session: 10,
    workplace_session: 8, street_outreach: 8, volunteer_training: 3, other: 5,
  },
  settingType: {
    community_centre: 16, place_of_worship: 12, market_high_street: 14, shopping_centre: 8, library: 12,
    school_college: 6, workplace: 7, gp_pharmacy: 8, hospital: 5, sports_leisure: 5, criminal_justice: 2, other: 5,
  },
  // Each session has a focus (a cancer stall, a wellbeing café) its topics lean towards.
  focus: { cancer: 62, mental_health: 33, general_practice: 5 },
  topic: {
    cancer_signs_symptoms: 14, cancer_bowel: 5, cancer_breast: 6, cancer_cervical: 3, cancer_lung: 4,
    cancer_prostate: 5, cancer_ovarian: 1.5, cancer_skin: 2, cancer_other: 2, screening_bowel: 9,
    screening_breast: 8, screening_cervical: 7, lung_health_check: 4, smoking: 5, alcohol: 3,
    weight_activity: 4, hpv_vaccination: 2, living_with_cancer: 3, mh_wellbeing: 10, mh_stress_anxiety: 8,
    mh_low_mood: 6, mh_loneliness: 5, mh_dementia_memory: 3, mh_carers: 3, mh_young_people: 2,
    mh_bereavement: 2, mh_substance_use: 2, mh_crisis: 0.6, gp_access: 6,
  },
  outcome: {
    information_given: 30, leaflet_given: 25, signposted_gp: 8, signposted_screening: 6,
    signposted_talking_therapies: 5, signposted_stop_smoking: 3, signposted_weight_management: 2,
    signposted_other_service: 4, pledge_screening: 5, pledge_see_gp: 4, pledge_lifestyle: 4, referred: 2,
    follow_up_requested: 2,
    // Only ever follows a safeguarding concern: added below, never drawn at random.
    crisis_protocol_followed: 0,
  },
  depth: { brief_contact: 62, meaningful_discussion: 38 },
  age: {
    under_18: 4, age_18_24: 10, age_25_49: 36, age_50_59: 18, age_60_74: 17, age_75_plus: 6,
    prefer_not_to_say: 2, not_recorded: 7,
  },
  sex: { female: 55, male: 38, other: 1, prefer_not_to_say: 2, not_recorded: 4 },
  // Roughly London's 2021 census mix, plus the bands a busy stall leaves blank.
  ethnicity: {
    indian: 7.5, pakistani: 3.3, bangladeshi: 3.7, chinese: 1.7, other_asian: 4.6, african: 7.9,
    caribbean: 3.9, other_black: 2.1, white_black_caribbean: 1.5, white_black_african: 0.8, white_asian: 1.2,
    other_mixed: 2.2, white_british: 37, irish: 2, gypsy_irish_traveller: 0.1, roma: 0.4, other_white: 15,
    arab: 1.6, any_other_ethnic_group: 4.8, prefer_not_to_say: 3, not_recorded: 8,
  },
  language: {
    en: 72, pl: 3, ro: 2.5, bn: 3, ur: 2, ar: 2, so: 1.5, tr: 1.5, pt: 1.5, es: 1.5, gu: 1.5, pa: 1,
    ta: 1, fr: 1, zh: 1, lt: 0.7, it: 0.7, other: 2, prefer_not_to_say: 0.5, not_recorded: 4,
  },
} as const;

/** Session length in hours (min, max) by kind: a pop-up shop runs longer than a talk. */
const hoursByKind: Readonly<Record<string, readonly [number, number]>> = {
  popup_shop: [3, 6],
  community_stall: [2, 5],
  talk_workshop: [1, 2],
  faith_setting_session: [1.5, 3],
  workplace_session: [1, 3],
  street_outreach: [2, 4],
  volunteer_training: [2, 6],
};
const defaultHours = [1, 4] as const;

const counts = {
  topicsPerConversation: countPicker([0, 55, 32, 13]),
  outcomesPerConversation: countPicker([3, 45, 37, 15]),
  volunteersPerEvent: countPicker([0, 40, 35, 18, 7]),
  adultsPerVisit: countPicker([7, 62, 25, 6]),
  childrenPerVisit: countPicker([72, 15, 9, 4]),
};

const rates = {
  safeguarding: 0.025,
  safeguardingWhenCrisisTopic: 0.35,
  crisisProtocolWhenSafeguarding: 0.7,
  conversationNote: 0.02,
  eventNote: 0.05,
  deletedConversation: 0.005,
  deletedVisit: 0.01,
  mistakenEvent: 0.003,
  unclosedEvent: 0.01,
  shortStint: 0.2,
  retiredSite: 0.05,
  retiredVolunteer: 0.04,
};

const firstNames = [
  'Amina', 'Ben', 'Chidi', 'Deepa', 'Ewa', 'Farah', 'George', 'Hannah', 'Ibrahim', 'Jade', 'Kemi', 'Liam',
  'Mei', 'Nadia', 'Olu', 'Priya', 'Rosa', 'Sam', 'Tariq', 'Una', 'Vikram', 'Wanjiru', 'Yusuf', 'Zofia',
  'Aisha', 'Bogdan', 'Ciara', 'Dev', 'Efua', 'Fatima', 'Grace', 'Hamza', 'Ioana', 'Joel', 'Kofi', 'Leila',
];
const surnameInitials = [...'ABCDEFGHJKLMNOPRSTWY'];

const settingNouns: Readonly<Record<string, string>> = {
  community_centre: 'Community Centre', place_of_worship: 'Faith Centre', market_high_street: 'Market',
  shopping_centre: 'Shopping Centre', library: 'Library', school_college: 'College', workplace: 'Business Park',
  gp_pharmacy: 'Health Centre', hospital: 'Hospital', sports_leisure: 'Leisure Centre',
  criminal_justice: 'Probation Office',
};

// Notes a volunteer might write; none identifies anybody.
const conversationNotes = [
  'Asked for leaflets in large print.',
  'Wanted to know how to get a bowel screening kit.',
  'Interested in the next talk at this site.',
  'Cares for a relative; took the carers information.',
  'Prefers information in Bengali.',
  'Came back after last week’s stall.',
];
const eventNotes = [
  'Wet weather, quiet afternoon.',
  'Shared the table with the stop-smoking service.',
  'Ran out of screening leaflets by midday.',
  'Venue asked us back next month.',
];

// ---------------------------------------------------------------------------------------
// Bulk insertion: the columns each table is written with (rows are object literals)

const columns = {
  volunteer: ['id', 'name', 'role', 'language', 'created_at', 'retired_at'],
  site: ['id', 'name', 'authority_code', 'setting_type', 'created_at', 'updated_at', 'retired_at'],
  event: ['id', 'site_id', 'kind', 'starts_at', 'ends_at', 'local_day', 'notes', 'created_by', 'created_at', 'updated_at', 'deleted_at'],
  event_volunteer: ['event_id', 'volunteer_id', 'hours'],
  visit: ['id', 'event_id', 'recorded_at', 'local_day', 'adults', 'children', 'recorded_by', 'deleted_at'],
  conversation: [
    'id', 'event_id', 'recorded_at', 'local_day', 'recorded_by', 'depth', 'age_band', 'sex', 'ethnicity', 'language', 'safeguarding', 'notes',
    'updated_at', 'deleted_at', 'topic_set', 'outcome_set', 'band_set', 'outcome_count',
  ],
  conversation_topic: ['conversation_id', 'topic'],
  conversation_outcome: ['conversation_id', 'outcome'],
} as const;

// ---------------------------------------------------------------------------------------
// What is already in the database

interface Lists {
  authorities: { code: string; name: string }[];
  settingTypes: string[];
  eventKinds: string[];
  topics: { code: string; group: string }[];
  outcomes: string[];
  depths: string[];
  age: string[];
  sex: string[];
  ethnicity: string[];
  language: string[];
}

/** Read from the database, not the JSON, so the seed uses this organisation's lists. */
function loadLists(store: Store): Lists {
  const items = store.all(
    store.qb
      .selectFrom('reference_item')
      .select(['list', 'code', 'group_code'])
      .where('retired', '=', 0)
      .orderBy('list')
      .orderBy('sort'),
  );
  const inList = (list: string) => {
    const found = items.filter((item) => item.list === list);
    if (found.length === 0) throw new Error(`Cannot seed: the reference list "${list}" is empty.`);
    return found;
  };
  const codes = (list: string) => inList(list).map((item) => item.code);
  const authorities = store.all(store.qb.selectFrom('authority').select(['code', 'name']).orderBy('code'));
  if (authorities.length === 0) throw new Error('Cannot seed: the authority table is empty.');
  return {
    authorities,
    settingTypes: codes('setting_type'),
    eventKinds: codes('event_kind'),
    topics: inList('topic').map((item) => ({ code: item.code, group: item.group_code ?? '' })),
    outcomes: codes('outcome'),
    depths: codes('depth'),
    age: codes('age'),
    sex: codes('sex'),
    ethnicity: codes('ethnicity'),
    language: codes('language'),
  };
}

type RecordTable = 'volunteer' | 'site' | 'event' | 'visit' | 'conversation';
const recordTables: readonly RecordTable[] = ['volunteer', 'site', 'event', 'visit', 'conversation'];

function hasRecords(store: Store): boolean {
  return recordTables.some((table) => store.first(store.qb.selectFrom(table).select('id').limit(1)) !== undefined);
}

function nextId(sqlite: SqliteDatabase, table: RecordTable): number {
  return (sqlite.prepare(`SELECT coalesce(max(id), 0) + 1 AS id FROM ${table}`).get() as { id: number }).id;
}

// ---------------------------------------------------------------------------------------
// Calendar

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const londonHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' });

interface Calendar {
  firstDay: number;
  /** A day (UTC midnight of a London calendar date) weighted by how busy outreach is then. */
  pickDay: Picker<number>;
  /** The UTC instant of a London wall-clock time on a day. */
  instant(day: number, londonMinutes: number): number;
}

/** The London days of the three years before `now`; its own day is left out, so every seeded session is over. */
function seedCalendar(now: Date): Calendar {
  const lastDay = Date.parse(`${londonDayOf(now)}T00:00:00Z`);
  const first = new Date(lastDay);
  first.setUTCFullYear(first.getUTCFullYear() - 3);
  const firstDay = first.getTime();
  const dayCount = Math.round((lastDay - firstDay) / DAY_MS);
  const days = Array.from({ length: dayCount }, (_, i) => firstDay + i * DAY_MS);
  const offsets = new Map<number, number>();
  return {
    firstDay,
    pickDay: weightedPicker(days, (day) => dayWeight(day, (day - firstDay) / DAY_MS / dayCount)),
    instant(day, londonMinutes) {
      // London's offset (0 or 60 minutes), asked of Intl once per day at midday, far from the
      // 01:00 UTC clock change, rather than hand-coding the BST rules.
      let offset = offsets.get(day);
      if (offset === undefined) {
        offset = (Number(londonHour.format(day + 12 * 60 * MINUTE_MS)) - 12) * 60;
        offsets.set(day, offset);
      }
      return day + (londonMinutes - offset) * MINUTE_MS;
    },
  };
}

/** Busier on weekdays and Saturdays, quieter in August and over Christmas, growing over time. */
function dayWeight(day: number, progress: number): number {
  const date = new Date(day);
  const weekday = date.getUTCDay();
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  let weight = weekday === 0 ? 0.35 : weekday === 6 ? 1.1 : 1;
  if (month === 7) weight *= 0.7;
  if ((month === 11 && dayOfMonth >= 20) || (month === 0 && dayOfMonth <= 2)) weight *= 0.3;
  return weight * (0.7 + 0.6 * progress);
}

// ---------------------------------------------------------------------------------------
// People and places

function writeVolunteers(sqlite: SqliteDatabase, random: Random, count: number, calendar: Calendar, nowIso: string): Picker<number> {
  const volunteers = batchInserter(sqlite, 'volunteer', columns.volunteer);
  const first = nextId(sqlite, 'volunteer');
  const ids: number[] = [];
  const activity: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(first + i);
    // A few regulars do most of the sessions.
    activity.push(0.2 + random.next() ** 2 * 3);
    volunteers.addRow({
      id: first + i,
      name: `${random.item(firstNames)} ${random.item(surnameInitials)}.`,
      role: i === 0 ? 'lead' : i % 12 === 0 ? 'coordinator' : 'volunteer',
      language: 'en-GB',
      created_at: new Date(calendar.firstDay - random.int(1, 120) * DAY_MS).toISOString(),
      retired_at: i > 0 && random.chance(rates.retiredVolunteer) ? nowIso : null,
    });
  }
  volunteers.flush();
  return weightedPicker(ids, (id) => activity[id - first]!);
}

function writeSites(
  sqlite: SqliteDatabase,
  random: Random,
  lists: Lists,
  count: number,
  calendar: Calendar,
  nowIso: string,
): Picker<number> {
  const sites = batchInserter(sqlite, 'site', columns.site);
  const pickSetting = codePicker(lists.settingTypes, weights.settingType);
  const first = nextId(sqlite, 'site');
  const ids: number[] = [];
  const activity: number[] = [];
  const namesUsed = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const authority = lists.authorities[i % lists.authorities.length]!;
    // The first sites take each setting type in turn, so every type is present.
    const settingType = i < lists.settingTypes.length ? lists.settingTypes[i]! : pickSetting(random);
    const baseName = `${authority.name} ${settingNouns[settingType] ?? 'Venue'}`;
    const sameName = (namesUsed.get(baseName) ?? 0) + 1;
    namesUsed.set(baseName, sameName);
    const createdAt = new Date(calendar.firstDay - random.int(1, 365) * DAY_MS).toISOString();
    // Retired as of `now`, so every seeded session took place while the site was in use.
    const retired = random.chance(rates.retiredSite);
    ids.push(first + i);
    activity.push(0.2 + random.next() ** 2 * 3);
    sites.addRow({
      id: first + i,
      name: sameName === 1 ? baseName : `${baseName} ${sameName}`,
      authority_code: authority.code,
      setting_type: settingType,
      created_at: createdAt,
      updated_at: retired ? nowIso : createdAt,
      retired_at: retired ? nowIso : null,
    });
  }
  sites.flush();
  return weightedPicker(ids, (id) => activity[id - first]!);
}

// ---------------------------------------------------------------------------------------
// Sessions and what happened at them

interface EventPlan {
  kind: string;
  conversations: number;
  mistaken: boolean;
}

function planEvents(random: Random, conversations: number, pickKind: Picker<string>): EventPlan[] {
  const plans: EventPlan[] = [];
  let remaining = conversations;
  while (remaining > 0) {
    const kind = pickKind(random);
    if (random.chance(rates.mistakenEvent)) {
      // Opened by mistake and deleted straight away: a soft-deleted session with no records.
      plans.push({ kind, conversations: 0, mistaken: true });
    } else if (kind === 'volunteer_training') {
      plans.push({ kind, conversations: 0, mistaken: false });
    } else {
      const size = Math.min(remaining, random.int(15, 40));
      plans.push({ kind, conversations: size, mistaken: false });
      remaining -= size;
    }
  }
  return plans;
}

interface ConversationPickers {
  focus: Picker<string>;
  topicByFocus: Map<string, Picker<string>>;
  outcome: Picker<string>;
  depth: Picker<string>;
  age: Picker<string>;
  sex: Picker<string>;
  ethnicity: Picker<string>;
  language: Picker<string>;
  hasCrisisProtocol: boolean;
}

function conversationPickers(lists: Lists): ConversationPickers {
  const groups = [...new Set(lists.topics.map((topic) => topic.group))];
  const topicWeights: Readonly<Record<string, number>> = weights.topic;
  const topicCodes = lists.topics.map((topic) => topic.code);
  const topicByFocus = new Map(
    groups.map((focus) => {
      const lean = (i: number) => (lists.topics[i]!.group === focus ? 4 : 1);
      const pickIndex = weightedPicker(
        topicCodes.map((_, i) => i),
        (i) => (topicWeights[topicCodes[i]!] ?? 1) * lean(i),
      );
      return [focus, (random: Random) => topicCodes[pickIndex(random)]!] as const;
    }),
  );
  return {
    focus: codePicker(groups, weights.focus),
    topicByFocus,
    outcome: codePicker(lists.outcomes, weights.outcome),
    depth: codePicker(lists.depths, weights.depth),
    age: codePicker(lists.age, weights.age),
    sex: codePicker(lists.sex, weights.sex),
    ethnicity: codePicker(lists.ethnicity, weights.ethnicity),
    language: codePicker(lists.language, weights.language),
    hasCrisisProtocol: lists.outcomes.includes('crisis_protocol_followed'),
  };
}

interface SessionWriter {
  /** Writes one session and everything recorded at it; returns its London day. */
  write(plan: EventPlan, day: number): string;
  finish(): Pick<SeedSummary, 'events' | 'visits' | 'conversations' | 'conversationTopics' | 'conversationOutcomes'>;
}

function sessionWriter(
  sqlite: SqliteDatabase,
  random: Random,
  calendar: Calendar,
  pick: { volunteer: Picker<number>; site: Picker<number>; codes: ConversationPickers },
  tallies: PausedTallies,
): SessionWriter {
  const events = batchInserter(sqlite, 'event', columns.event);
  const team = batchInserter(sqlite, 'event_volunteer', columns.event_volunteer);
  const visits = batchInserter(sqlite, 'visit', columns.visit);
  const conversations = batchInserter(sqlite, 'conversation', columns.conversation);
  const topicRows = batchInserter(sqlite, 'conversation_topic', columns.conversation_topic);
  const outcomeRows = batchInserter(sqlite, 'conversation_outcome', columns.conversation_outcome);
  let eventId = nextId(sqlite, 'event');
  tallies.eventsFrom(eventId);
  let visitId = nextId(sqlite, 'visit');
  let conversationId = nextId(sqlite, 'conversation');
  // Reused between rows: a million conversations should not mean a million small arrays.
  const members: number[] = [];
  const topics: string[] = [];
  const outcomes: string[] = [];

  function writeVisits(event: number, startMs: number, durationMs: number, localDay: string, count: number) {
    const times = sortedOffsets(random, count, durationMs);
    for (let v = 0; v < count; v++) {
      const recordedMs = startMs + times[v]!;
      let adults = counts.adultsPerVisit(random);
      const children = counts.childrenPerVisit(random);
      if (adults + children === 0) adults = 1;
      const visit = {
        id: visitId++,
        event_id: event,
        recorded_at: new Date(recordedMs).toISOString(),
        local_day: localDay,
        adults,
        children,
        recorded_by: random.item(members),
        // A mis-tap, undone a moment later.
        deleted_at: random.chance(rates.deletedVisit) ? new Date(recordedMs + random.int(2, 60) * 1000).toISOString() : null,
      };
      visits.addRow(visit);
      if (visit.deleted_at === null) tallies.visit(localDay, event, adults, children);
    }
  }

  function writeConversations(event: number, kind: string, startMs: number, durationMs: number, localDay: string, count: number) {
    const codes = pick.codes;
    const pickTopic = codes.topicByFocus.get(codes.focus(random))!;
    const times = sortedOffsets(random, count, durationMs);
    for (let c = 0; c < count; c++) {
      const id = conversationId++;
      const recordedMs = startMs + times[c]!;
      const recordedAt = new Date(recordedMs).toISOString();
      pickDistinct(pickTopic, random, counts.topicsPerConversation(random), topics);
      const safeguarding = random.chance(topics.includes('mh_crisis') ? rates.safeguardingWhenCrisisTopic : rates.safeguarding);
      pickDistinct(codes.outcome, random, counts.outcomesPerConversation(random), outcomes);
      if (safeguarding && codes.hasCrisisProtocol && random.chance(rates.crisisProtocolWhenSafeguarding)) {
        if (outcomes.length === 3) outcomes.pop();
        outcomes.push('crisis_protocol_followed');
      }
      const deletedAt = random.chance(rates.deletedConversation)
        ? new Date(recordedMs + random.int(5, 120) * 1000).toISOString()
        : null;
      const row = {
        id,
        event_id: event,
        recorded_at: recordedAt,
        local_day: localDay,
        recorded_by: random.item(members),
        depth: codes.depth(random),
        age_band: codes.age(random),
        sex: codes.sex(random),
        ethnicity: codes.ethnicity(random),
        language: codes.language(random),
        safeguarding: safeguarding ? 1 : 0,
        notes: random.chance(rates.conversationNote) ? random.item(conversationNotes) : '',
        updated_at: deletedAt ?? recordedAt,
        deleted_at: deletedAt,
      };
      const bands = { age: row.age_band, sex: row.sex, ethnicity: row.ethnicity, language: row.language };
      conversations.addRow({ ...row, ...tallies.setColumns(bands, topics, outcomes) });
      // Seeded events with records are live (a mistaken one has none).
      if (deletedAt === null) tallies.conversation(localDay, event, kind, bands, topics, outcomes);
      for (const topic of topics) topicRows.add(id, topic);
      for (const outcome of outcomes) outcomeRows.add(id, outcome);
    }
  }

  return {
    write(plan, day) {
      const id = eventId++;
      const [minHours, maxHours] = hoursByKind[plan.kind] ?? defaultHours;
      const quarters = random.int(minHours * 4, maxHours * 4);
      const durationMs = quarters * 15 * MINUTE_MS;
      // Starts 09:00–15:00 London time, so even a six-hour session ends by 21:00 the same day
      // and every record of the session shares its London day.
      const startMs = calendar.instant(day, 9 * 60 + random.int(0, 24) * 15);
      const startsAt = new Date(startMs).toISOString();
      const localDay = londonDayOf(startsAt);
      const unclosed = !plan.mistaken && random.chance(rates.unclosedEvent);
      const endsAt = plan.mistaken
        ? new Date(startMs + random.int(1, 10) * MINUTE_MS).toISOString()
        : unclosed
          ? null
          : new Date(startMs + durationMs).toISOString();
      pickDistinct(pick.volunteer, random, counts.volunteersPerEvent(random), members);
      events.addRow({
        id,
        site_id: pick.site(random),
        kind: plan.kind,
        starts_at: startsAt,
        ends_at: endsAt,
        local_day: localDay,
        notes: random.chance(rates.eventNote) ? random.item(eventNotes) : '',
        created_by: members[0]!,
        created_at: startsAt,
        updated_at: endsAt ?? startsAt,
        deleted_at: plan.mistaken ? endsAt : null,
      });
      // Hours stay 0 until a session is closed (what openSession writes); some leave early.
      const fullHours = plan.mistaken || unclosed ? 0 : quarters / 4;
      for (const volunteerId of members) {
        const leftEarly = fullHours > 0 && random.chance(rates.shortStint);
        const hours = leftEarly ? Math.max(0.25, fullHours - random.int(1, 8) / 4) : fullHours;
        team.add(id, volunteerId, hours);
      }
      if (plan.mistaken) return localDay;
      if (plan.kind === 'popup_shop') {
        // Footfall: roughly three taps on the counter per conversation.
        writeVisits(id, startMs, durationMs, localDay, Math.round(plan.conversations * (2 + 2 * random.next())));
      }
      writeConversations(id, plan.kind, startMs, durationMs, localDay, plan.conversations);
      return localDay;
    },
    finish() {
      const inserters = { events, team, visits, conversations, topicRows, outcomeRows };
      for (const inserter of Object.values(inserters)) inserter.flush();
      return {
        events: events.added,
        visits: visits.added,
        conversations: conversations.added,
        conversationTopics: topicRows.added,
        conversationOutcomes: outcomeRows.added,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------
// The seed

/** Writes synthetic volunteers, sites, sessions, visits and conversations into a migrated store. */
export function seedSyntheticData(store: Store, options: SeedOptions): SeedSummary {
  const { conversations, seed } = options;
  if (!Number.isSafeInteger(conversations) || conversations < 0) {
    throw new RangeError(`The number of conversations must be a whole number, 0 or more (got ${conversations}).`);
  }
  if (!Number.isSafeInteger(seed)) throw new RangeError(`The seed must be a whole number (got ${seed}).`);
  const now = new Date(options.now ?? DEFAULT_SEED_NOW);
  if (Number.isNaN(now.getTime())) throw new RangeError(`"now" is not a valid date (got ${String(options.now)}).`);

  const sqlite = store.sqlite;
  const previousCacheSize = Number(sqlite.pragma('cache_size', { simple: true }));
  // A bigger page cache keeps the growing indexes in memory during the bulk load.
  sqlite.pragma('cache_size = -131072');
  try {
    return store.transaction(() => {
      if (!options.append && hasRecords(store)) {
        throw new SeedRefusedError(
          `${store.file} already holds records (volunteers, sites or sessions). Synthetic data must not mix with real ` +
            'records by accident: seed a new file, or pass --append to add to this one anyway.',
        );
      }
      return writeSeed(store, { conversations, seed, now });
    });
  } finally {
    sqlite.pragma(`cache_size = ${previousCacheSize}`);
  }
}

function writeSeed(store: Store, options: { conversations: number; seed: number; now: Date }): SeedSummary {
  const { sqlite } = store;
  // Rows are buffered per table, so a batch of children can reach SQLite before the batch
  // holding their parent: check foreign keys at commit, not per statement (resets at commit).
  sqlite.pragma('defer_foreign_keys = ON');
  const random = createRandom(options.seed);
  const lists = loadLists(store);
  const calendar = seedCalendar(options.now);
  const nowIso = options.now.toISOString();

  const volunteerCount = Math.max(5, Math.round(options.conversations / 2000));
  const firstVolunteer = nextId(sqlite, 'volunteer');
  const volunteer = writeVolunteers(sqlite, random, volunteerCount, calendar, nowIso);
  // About one site per 1,000 conversations, but at least one in every London authority so
  // that every borough appears in borough-level tables, even in a small test seed.
  const siteCount = Math.max(lists.authorities.length, Math.round(options.conversations / 1000));
  const site = writeSites(sqlite, random, lists, siteCount, calendar, nowIso);

  const plans = planEvents(random, options.conversations, codePicker(lists.eventKinds, weights.eventKind));
  // Sessions in date order, so ids and the local_day indexes grow together.
  const days = new Float64Array(plans.length);
  for (let i = 0; i < plans.length; i++) days[i] = calendar.pickDay(random);
  days.sort();
  // The tally triggers paused for the bulk load, and the tallies caught up before it commits.
  const tallies = pauseTallies(store);
  const sessions = sessionWriter(sqlite, random, calendar, { volunteer, site, codes: conversationPickers(lists) }, tallies);
  let firstDay: string | null = null;
  let lastDay: string | null = null;
  plans.forEach((plan, i) => {
    lastDay = sessions.write(plan, days[i]!);
    firstDay ??= lastDay;
  });
  const written = sessions.finish();
  tallies.catchUp();

  // A demo database opens ready to record: the seeded lead becomes the current profile,
  // unless somebody already is.
  store.run(
    store.qb
      .insertInto('setting')
      .values({ key: 'current_volunteer_id', value: String(firstVolunteer) })
      .onConflict((oc) => oc.column('key').doNothing()),
  );
  return { seed: options.seed, now: nowIso, volunteers: volunteerCount, sites: siteCount, ...written, firstDay, lastDay };
}
