// Policy version 2 proved against an intruder with a real MILP solver (tests/support/intruder.ts):
// random record sets, and hand-built cases, protected by the device's code; for every borough
// the intruder computes the min and max of every withheld, suppressed or rounded count from all
// the published tables together. Nothing may be pinned.
import { describe, expect, it } from 'vitest';
import { protectBoroughs } from '../../main/sync/aggregate.ts';
import { DEFAULT_POLICY, protect } from '../../main/sync/disclosure.ts';
import type { DisclosureFrame } from '../../main/sync/joint-protection.ts';
import { SCHEMA_VERSION, boroughTables, submissionSchema, type BoroughTables, type DisclosurePolicy } from '../../main/sync/protocol.ts';
import { submissionProblems } from '../../server/submission-checks.ts';
import type { ExactBorough } from '../../main/sync/aggregate.ts';
import { attackBorough, boroughProgram, codesToldApart, referenceFrame, type Pinned } from '../support/intruder.ts';
import { exactBorough, random, randomConversation, truthLabels, type Conversation } from '../support/synthetic-conversations.ts';

const frame: DisclosureFrame = {
  groups: referenceFrame.groups,
  topics: referenceFrame.topics,
  groupOfTopic: referenceFrame.groupOf,
  outcomes: referenceFrame.outcomes,
  bands: referenceFrame.bands,
};

/** Seconds the random cases may take in all (about two minutes in CI, less by hand). */
const BUDGET_SECONDS = Number(process.env.INTRUDER_SECONDS ?? 100);

async function attack(conversations: readonly Conversation[], policy: DisclosurePolicy = DEFAULT_POLICY) {
  const exact = exactBorough('E09000023', conversations);
  const [sent] = protectBoroughs([exact], frame, policy) as [BoroughTables];
  boroughTables.parse(sent);
  // Whatever the device publishes, the collector must accept: its consistency checks and the
  // device's protection must agree on what a protected table can look like.
  const submission = { schemaVersion: SCHEMA_VERSION, submissionId: '6f1c2f7e-4b8a-4f3e-9d2a-1c5e7b9a0d42', enrolmentId: 'dev_intruder', period: '2026-10', revision: 1, policy, boroughs: [sent] };
  expect(submissionProblems(submissionSchema.parse(submission))).toEqual([]);
  const pinned: Pinned[] = [];
  let solves = 0;
  for (const reading of ['any', 'primary'] as const) {
    const program = boroughProgram(sent, policy, referenceFrame, reading, truthLabels(exact));
    if (!program) break;
    const report = await attackBorough(program);
    solves += report.solves;
    // The 'primary' reading (every mark hides 1..threshold) is false when the audit withheld
    // more; then it may be infeasible, and it tells nothing. The true reading must be feasible.
    if (reading === 'any') expect(report.feasible).toBe(true);
    if (report.feasible) pinned.push(...report.pinned);
  }
  const toldApart = codesToldApart(sent, ...sizesOf(exact), policy, referenceFrame);
  return { sent, pinned, solves, toldApart };
}

/** Each group's and each topic's exact conversations, from the exact tables. */
function sizesOf(exact: ExactBorough): [Map<string, number>, Map<string, number>] {
  const groups = new Map<string, number>();
  for (const cell of exact.tables.byTopicGroupAge) {
    const group = cell.key.split(' ')[0]!;
    groups.set(group, (groups.get(group) ?? 0) + cell.count);
  }
  return [groups, new Map(exact.tables.byTopic.map((c) => [c.key, c.count]))];
}

const conversation = (overrides: Partial<Conversation>): Conversation => ({
  topics: ['screening_bowel'],
  outcomes: ['information_given'],
  age: 'age_50_59',
  sex: 'female',
  ethnicGroup: 'white',
  language: 'en',
  ...overrides,
});

describe('the intruder, on hand-built cases', () => {
  it('a borough with one conversation sends only "suppressed": no table, no code', async () => {
    const { sent } = await attack([
      conversation({ topics: ['mh_crisis', 'mh_substance_use'], outcomes: ['crisis_protocol_followed', 'referred'], age: 'under_18', ethnicGroup: 'black', language: 'so' }),
    ]);
    expect(sent.conversations).toBe('suppressed');
    expect(sent.byTopic).toBeUndefined();
    expect(JSON.stringify(sent)).not.toMatch(/mh_crisis|under_18|black|"so"/);
  });

  it('seven conversations in seven languages: nothing but "suppressed"', async () => {
    const languages = ['en', 'pl', 'ro', 'bn', 'ur', 'ar', 'so'];
    const { sent } = await attack(languages.map((language) => conversation({ language })));
    expect(sent.conversations).toBe('suppressed');
    expect(JSON.stringify(sent)).not.toMatch(/"(pl|ro|bn|ur|ar|so)"/);
  });

  it('a one-topic group of 7 inside a big borough is withheld whole, zeros included', async () => {
    const rand = random(7);
    const cancer = Array.from({ length: 40 }, () => ({ ...randomConversation(rand), topics: ['screening_breast'] }));
    const gp = Array.from({ length: 7 }, () => conversation({ topics: ['gp_access'], sex: 'male', ethnicGroup: 'black', age: 'age_25_49' }));
    const { sent, pinned, toldApart } = await attack([...cancer, ...gp]);
    expect(toldApart).toEqual([]);
    const group = referenceFrame.groupOf.get('gp_access')!;
    for (const table of ['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const) {
      expect(sent[table]!.withheldRows).toContain(group);
      expect(sent[table]!.cells.some((c) => c.topicGroup === group)).toBe(false);
    }
    expect(sent.byTopic!.withheldRows).toContain('gp_access');
    expect(pinned).toEqual([]);
  });

  it('exactly 8 identical conversations: published, and no count is pinned', async () => {
    const { sent, pinned } = await attack(Array.from({ length: 8 }, () => conversation({})));
    expect(sent.conversations).toBe(10);
    expect(pinned).toEqual([]);
  });

  it('the example that v1 gave away (female 20 only; ages 10, 15, suppressed) pins nothing', async () => {
    const ages = [...Array(8).fill('age_25_49'), ...Array(13).fill('age_50_59'), 'age_18_24'] as string[];
    const { pinned } = await attack(ages.map((age) => conversation({ age, language: 'en', ethnicGroup: 'white' })));
    expect(pinned).toEqual([]);
  });
});

/**
 * What policy version 1 published, rebuilt in the v2 wire form: every cell protected on its
 * own, every row published. The intruder must find what it gives away, or it proves nothing.
 */
function cellByCell(conversations: readonly Conversation[], policy: DisclosurePolicy = DEFAULT_POLICY): BoroughTables {
  const exact = exactBorough('E09000023', conversations);
  const table = (cells: { key: string; count: number }[], first: string, second?: string) => ({
    cells: cells.map((c) => {
      const [a = '', b = ''] = c.key.split(' ');
      return second ? { [first]: a, [second]: b, count: protect(c.count, policy) } : { [first]: a, count: protect(c.count, policy) };
    }),
    withheldRows: [],
  });
  return boroughTables.parse({
    authorityCode: exact.authorityCode,
    activity: [],
    conversations: protect(exact.conversations, policy),
    byTopic: table(exact.tables.byTopic, 'topic'),
    byTopicOutcome: table(exact.tables.byTopicOutcome, 'topic', 'outcome'),
    byTopicGroupAge: table(exact.tables.byTopicGroupAge, 'topicGroup', 'band'),
    byTopicGroupSex: table(exact.tables.byTopicGroupSex, 'topicGroup', 'band'),
    byTopicGroupEthnicGroup: table(exact.tables.byTopicGroupEthnicGroup, 'topicGroup', 'band'),
    byTopicGroupLanguage: table(exact.tables.byTopicGroupLanguage, 'topicGroup', 'band'),
  });
}

describe('the intruder is strong enough to matter', () => {
  it('pins counts that cell-by-cell protection (policy version 1) published', async () => {
    const ages = [...Array(8).fill('age_25_49'), ...Array(13).fill('age_50_59'), 'age_18_24'] as string[];
    const conversations = ages.map((age) => conversation({ age }));
    const program = boroughProgram(cellByCell(conversations), DEFAULT_POLICY, referenceFrame, 'any', truthLabels(exactBorough('E09000023', conversations)));
    const report = await attackBorough(program!);
    // The lone 18-24 conversation, and the exact 22 behind the rounded 20, come back.
    expect(report.pinned).toContainEqual({ label: 'byTopicGroupAge cancer age_18_24', value: 1, truth: 1 });
    expect(report.pinned.some((p) => p.value === 22 && p.truth === 22)).toBe(true);
  });

  it('tells apart the codes of small groups in random boroughs protected cell by cell', async () => {
    let toldApart = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const rand = random(seed);
      const conversations = Array.from({ length: 10 + seed * 3 }, () => randomConversation(rand));
      const exact = exactBorough('E09000023', conversations);
      toldApart += codesToldApart(cellByCell(conversations), ...sizesOf(exact), DEFAULT_POLICY, referenceFrame).length;
    }
    expect(toldApart).toBeGreaterThan(0);
  });
});

describe('the intruder, on random record sets', () => {
  it(`pins nothing in any borough (as many cases as fit in ${BUDGET_SECONDS} s)`, async () => {
    const started = Date.now();
    const sizes = [3, 8, 9, 12, 20, 35, 60, 120, 250];
    let cases = 0;
    let solves = 0;
    const found: { seed: number; size: number; pinned: Pinned[]; toldApart: string[] }[] = [];
    for (let seed = 1; Date.now() - started < BUDGET_SECONDS * 1000 * 0.9; seed++) {
      const rand = random(seed);
      const size = sizes[seed % sizes.length]! + Math.floor(rand() * 10);
      const policy = seed % 5 === 0 ? { ...DEFAULT_POLICY, threshold: 10, roundingBase: 10 } : DEFAULT_POLICY;
      const result = await attack(Array.from({ length: size }, () => randomConversation(rand)), policy);
      cases += 1;
      solves += result.solves;
      if (result.pinned.length > 0 || result.toldApart.length > 0) found.push({ seed, size, pinned: result.pinned, toldApart: result.toldApart });
    }
    console.log(`intruder: ${cases} random boroughs, ${solves} MILP solves, ${found.length} with a pinned count`);
    expect(found).toEqual([]);
    expect(cases).toBeGreaterThan(BUDGET_SECONDS >= 30 ? 5 : 0);
  }, (BUDGET_SECONDS + 60) * 1000);
});
