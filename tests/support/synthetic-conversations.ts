// Random conversations for the disclosure proofs, and their exact tables counted here from the
// records (the counting rule of main/sync/aggregate.ts, written again so the proof does not
// lean on the code it checks).
import type { ExactBorough } from '../../main/sync/aggregate.ts';
import { referenceFrame, type Frame } from './intruder.ts';

export interface Conversation {
  topics: string[];
  outcomes: string[];
  age: string;
  sex: string;
  ethnicGroup: string;
  language: string;
}

/** mulberry32: small, fast and the same everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed picks: a few codes common, most rare, as in the field. */
function pick<T>(rand: () => number, items: readonly T[], skew = 2): T {
  return items[Math.min(items.length - 1, Math.floor(items.length * Math.pow(rand(), skew)))]!;
}

export function randomConversation(rand: () => number, frame: Frame = referenceFrame): Conversation {
  const group = pick(rand, frame.groups, 1.5);
  const inGroup = frame.topics.filter((t) => frame.groupOf.get(t) === group);
  const topics = new Set([pick(rand, inGroup)]);
  if (rand() < 0.3) topics.add(pick(rand, inGroup));
  if (rand() < 0.1) topics.add(pick(rand, frame.topics)); // now and then a second group
  const outcomes = new Set<string>();
  const nOutcomes = Math.floor(rand() * 3);
  for (let i = 0; i < nOutcomes; i++) outcomes.add(pick(rand, frame.outcomes));
  return {
    topics: [...topics],
    outcomes: [...outcomes],
    age: pick(rand, frame.bands.age, 1.3),
    sex: pick(rand, frame.bands.sex, 1.5),
    ethnicGroup: pick(rand, frame.bands.ethnicGroup, 1.5),
    language: pick(rand, frame.bands.language, 3),
  };
}

const key = (...codes: string[]) => codes.join(' ');

/** The exact tables of one borough's conversations. */
export function exactBorough(authorityCode: string, conversations: readonly Conversation[], frame: Frame = referenceFrame): ExactBorough {
  const tally = (map: Map<string, number>, k: string) => map.set(k, (map.get(k) ?? 0) + 1);
  const byTopic = new Map<string, number>();
  const byTopicOutcome = new Map<string, number>();
  const bands = { age: new Map<string, number>(), sex: new Map<string, number>(), ethnicGroup: new Map<string, number>(), language: new Map<string, number>() };
  for (const c of conversations) {
    for (const topic of new Set(c.topics)) {
      tally(byTopic, key(topic));
      for (const outcome of new Set(c.outcomes)) tally(byTopicOutcome, key(topic, outcome));
    }
    for (const group of new Set(c.topics.map((t) => frame.groupOf.get(t)!))) {
      tally(bands.age, key(group, c.age));
      tally(bands.sex, key(group, c.sex));
      tally(bands.ethnicGroup, key(group, c.ethnicGroup));
      tally(bands.language, key(group, c.language));
    }
  }
  const cells = (map: Map<string, number>) => [...map].map(([k, count]) => ({ key: k, count })).sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    authorityCode,
    activity: [],
    conversations: conversations.length,
    tables: {
      byTopic: cells(byTopic),
      byTopicOutcome: cells(byTopicOutcome),
      byTopicGroupAge: cells(bands.age),
      byTopicGroupSex: cells(bands.sex),
      byTopicGroupEthnicGroup: cells(bands.ethnicGroup),
      byTopicGroupLanguage: cells(bands.language),
    },
  };
}

/** Each exact count under the intruder's labels, to say what a pinned count really was. */
export function truthLabels(borough: ExactBorough): Map<string, number> {
  const labels = new Map<string, number>([['conversations', borough.conversations]]);
  const names = {
    byTopic: 'byTopic',
    byTopicOutcome: 'byTopicOutcome',
    byTopicGroupAge: 'byTopicGroupAge',
    byTopicGroupSex: 'byTopicGroupSex',
    byTopicGroupEthnicGroup: 'byTopicGroupEthnicGroup',
    byTopicGroupLanguage: 'byTopicGroupLanguage',
  } as const;
  for (const [table, label] of Object.entries(names)) {
    for (const cell of borough.tables[table as keyof typeof names]) labels.set(`${label} ${cell.key}`, cell.count);
  }
  return labels;
}
