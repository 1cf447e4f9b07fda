// The intruder of policy version 2's proof (PRODUCT.md, "What leaves the device"): it holds a
// borough's published tables and nothing else, writes down every relation between them as an
// integer program, and asks a real MILP solver (HiGHS) for the least and the greatest value
// each withheld, suppressed or rounded count can take. A count with min = max is pinned.
//
// Written from the wire format and the documented rules only, not from the device's code, so
// it cannot share a mistake with it. Windows of published values are worked out here again.
import highsLoader from 'highs';
import taxonomies from '../../resources/reference/taxonomies.json' with { type: 'json' };
import type { BoroughTables, DisclosurePolicy } from '../../main/sync/protocol.ts';

export interface Frame {
  groups: string[];
  topics: string[];
  groupOf: Map<string, string>;
  outcomes: string[];
  bands: { age: string[]; sex: string[]; ethnicGroup: string[]; language: string[] };
}

export const referenceFrame: Frame = {
  groups: taxonomies.topicGroups.map((g) => g.code),
  topics: taxonomies.topics.map((t) => t.code),
  groupOf: new Map(taxonomies.topics.map((t) => [t.code, t.group])),
  outcomes: taxonomies.outcomes.map((o) => o.code),
  bands: {
    age: taxonomies.bands.age.map((b) => b.code),
    sex: taxonomies.bands.sex.map((b) => b.code),
    ethnicGroup: taxonomies.bands.ethnicityGroups.map((b) => b.code),
    language: taxonomies.bands.language.map((b) => b.code),
  },
};

const bandTables = {
  age: 'byTopicGroupAge',
  sex: 'byTopicGroupSex',
  ethnicGroup: 'byTopicGroupEthnicGroup',
  language: 'byTopicGroupLanguage',
} as const;
type Dimension = keyof typeof bandTables;
const dimensions = Object.keys(bandTables) as Dimension[];

/** What a published value tells: [lo, hi], hi may be Infinity. */
function windowOf(count: number | 'suppressed', policy: DisclosurePolicy, suppressedHigh: number): [number, number] {
  if (count === 'suppressed') return [1, suppressedHigh];
  if (count === 0) return [0, 0];
  const base = policy.roundingBase;
  const smallest = (Math.floor(policy.threshold / base) + 1) * base;
  return [count === smallest ? policy.threshold + 1 : count - Math.floor(base / 2), count + Math.ceil(base / 2) - 1];
}

interface Variable {
  name: string;
  lo: number;
  hi: number;
  /** The true value, known to the test only: to report what was pinned. */
  truth?: number;
  /** Published exactly (0) or not a published count (a group's total): not asked about. */
  asked: boolean;
  label: string;
}

export interface Pinned {
  label: string;
  value: number;
  truth: number | undefined;
}

/**
 * The integer program of one borough's tables. `reading` is what a 'suppressed' mark is taken
 * to hide: 'any' (at least 1, as the protocol says) or 'primary' (1..threshold, the NHS rule's
 * reading, used only when the caller knows it holds).
 */
export function boroughProgram(
  borough: BoroughTables,
  policy: DisclosurePolicy,
  frame: Frame,
  reading: 'any' | 'primary',
  truth?: Map<string, number>,
): { variables: Variable[]; constraints: string[] } | null {
  if (!borough.byTopic) return null; // nothing but a protected total: no relation to solve
  const high = reading === 'primary' ? policy.threshold : Infinity;
  const variables = new Map<string, Variable>();
  const add = (name: string, label: string, lo: number, hi: number, asked: boolean) =>
    variables.set(name, { name, label, lo, hi, asked, truth: truth?.get(label) });

  const [nLo, nHi] = windowOf(borough.conversations, policy, high);
  add('n', 'conversations', nLo, nHi, true);

  const topicIndex = new Map(frame.topics.map((t, i) => [t, i]));
  const groupIndex = new Map(frame.groups.map((g, i) => [g, i]));
  const withheldTopics = new Set(borough.byTopic.withheldRows);
  const byTopic = new Map(borough.byTopic.cells.map((c) => [c.topic, c.count]));
  frame.topics.forEach((topic, t) => {
    const label = `byTopic ${topic}`;
    if (withheldTopics.has(topic)) add(`t${t}`, label, 0, Infinity, true);
    else {
      const [lo, hi] = windowOf(byTopic.get(topic) ?? 0, policy, high);
      add(`t${t}`, label, lo, hi, lo !== hi);
    }
  });
  const outcomeWithheld = new Set(borough.byTopicOutcome!.withheldRows);
  const outcomeCells = new Map(borough.byTopicOutcome!.cells.map((c) => [`${c.topic} ${c.outcome}`, c.count]));
  const publishedOutcomeRows = new Set(borough.byTopicOutcome!.cells.map((c) => c.topic));
  frame.topics.forEach((topic, t) => {
    frame.outcomes.forEach((outcome, o) => {
      const label = `byTopicOutcome ${topic} ${outcome}`;
      if (outcomeWithheld.has(topic)) add(`to${t}_${o}`, label, 0, Infinity, true);
      else {
        const [lo, hi] = windowOf(outcomeCells.get(`${topic} ${outcome}`) ?? 0, policy, high);
        add(`to${t}_${o}`, label, lo, hi, lo !== hi);
      }
    });
    // Documented: a topic of `threshold` or fewer has its outcome row withheld, so a published row means more.
    if (publishedOutcomeRows.has(topic)) variables.get(`t${t}`)!.lo = Math.max(variables.get(`t${t}`)!.lo, policy.threshold + 1);
  });

  frame.groups.forEach((group, g) => {
    const topics = frame.topics.filter((t) => frame.groupOf.get(t) === group);
    const small = topics.length > 0 && topics.every((t) => withheldTopics.has(t));
    // Documented: a group of `threshold` or fewer is withheld everywhere; a published row means more.
    const publishedRow = dimensions.some((d) => borough[bandTables[d]]!.cells.some((c) => c.topicGroup === group));
    add(`g${g}`, `group ${group}`, publishedRow ? policy.threshold + 1 : small ? 1 : 0, small ? policy.threshold : Infinity, false);
    for (const d of dimensions) {
      const table = borough[bandTables[d]]!;
      const withheld = table.withheldRows.includes(group);
      const cells = new Map(table.cells.filter((c) => c.topicGroup === group).map((c) => [c.band, c.count]));
      frame.bands[d].forEach((band, v) => {
        const label = `${bandTables[d]} ${group} ${band}`;
        if (withheld) add(`b${d[0]}${g}_${v}`, label, 0, Infinity, true);
        else {
          const [lo, hi] = windowOf(cells.get(band) ?? 0, policy, high);
          add(`b${d[0]}${g}_${v}`, label, lo, hi, lo !== hi);
        }
      });
    }
  });

  const constraints: string[] = [];
  const groupTopics = frame.groups.map((group) => frame.topics.filter((t) => frame.groupOf.get(t) === group).map((t) => topicIndex.get(t)!));
  frame.groups.forEach((group, g) => {
    // Every conversation of a group has exactly one code in each band: each row sums to the group.
    for (const d of dimensions) {
      constraints.push(`${frame.bands[d].map((_, v) => `b${d[0]}${g}_${v}`).join(' + ')} - g${g} = 0`);
    }
    const topics = groupTopics[g]!;
    for (const t of topics) constraints.push(`t${t} - g${g} <= 0`); // a topic is at most its group
    if (topics.length > 0) constraints.push(`g${g} - ${topics.map((t) => `t${t}`).join(' - ')} <= 0`); // a group at most its topics
    constraints.push(`g${g} - n <= 0`);
    void groupIndex;
  });
  constraints.push(`n - ${frame.groups.map((_, g) => `g${g}`).join(' - ')} <= 0`); // every conversation has a topic
  frame.topics.forEach((_, t) => frame.outcomes.forEach((__, o) => constraints.push(`to${t}_${o} - t${t} <= 0`)));
  return { variables: [...variables.values()], constraints };
}

function lpText(program: { variables: Variable[]; constraints: string[] }, sense: 'Maximize' | 'Minimize', target: string): string {
  const bound = (v: Variable) => (v.hi === Infinity ? ` ${v.name} >= ${v.lo}` : ` ${v.lo} <= ${v.name} <= ${v.hi}`);
  return [
    sense,
    ` obj: ${target}`,
    'Subject To',
    ...program.constraints.map((c, i) => ` c${i}: ${c}`),
    'Bounds',
    ...program.variables.map(bound),
    'General',
    ` ${program.variables.map((v) => v.name).join(' ')}`,
    'End',
  ].join('\n');
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solver: Highs | null = null;
let solves = 0;
async function highs(): Promise<Highs> {
  // A fresh instance now and then: the WebAssembly heap grows with every solve.
  if (!solver || solves > 400) {
    solver = await highsLoader();
    solves = 0;
  }
  return solver;
}

export interface IntruderReport {
  /** Asked counts, and how many solves it took. */
  asked: number;
  solves: number;
  pinned: Pinned[];
  feasible: boolean;
}

/** Min and max of every asked count; a solution that moves other counts answers for them too. */
export async function attackBorough(program: { variables: Variable[]; constraints: string[] }): Promise<IntruderReport> {
  const asked = program.variables.filter((v) => v.asked);
  const moved = new Set<string>();
  const report: IntruderReport = { asked: asked.length, solves: 0, pinned: [], feasible: true };
  // Any feasible point tells the value each count takes there; a second point differing from it proves a count unpinned.
  let reference: Map<string, number> | null = null;
  const note = (columns: Record<string, { Primal: number }>) => {
    const point = new Map(Object.entries(columns).map(([name, c]) => [name, Math.round(c.Primal)]));
    if (!reference) reference = point;
    else for (const v of asked) if (point.get(v.name) !== reference.get(v.name)) moved.add(v.name);
    return point;
  };
  // Push all the counts not yet moved up together, then down together: one solve moves most.
  for (let round = 0; round < 6; round++) {
    const open = asked.filter((v) => !moved.has(v.name));
    if (open.length === 0) break;
    const before = moved.size;
    for (const sense of ['Maximize', 'Minimize'] as const) {
      const h = await highs();
      solves += 1;
      report.solves += 1;
      const result = h.solve(lpText(program, sense, open.map((v) => v.name).join(' + ')));
      if (result.Status === 'Infeasible') {
        report.feasible = false;
        return report;
      }
      if (result.Status === 'Optimal') note(result.Columns as Record<string, { Primal: number }>);
    }
    if (moved.size === before) break;
  }
  for (const v of asked) {
    if (moved.has(v.name)) continue;
    const extremes: number[] = [];
    for (const sense of ['Maximize', 'Minimize'] as const) {
      const h = await highs();
      solves += 1;
      report.solves += 1;
      const result = h.solve(lpText(program, sense, v.name));
      if (result.Status === 'Infeasible') {
        report.feasible = false;
        return report;
      }
      if (result.Status !== 'Optimal') break; // unbounded: certainly not pinned
      extremes.push(note(result.Columns as Record<string, { Primal: number }>).get(v.name)!);
      if (moved.has(v.name)) break;
    }
    if (moved.has(v.name) || extremes.length < 2) continue;
    if (extremes[0] === extremes[1]) report.pinned.push({ label: v.label, value: extremes[0]!, truth: v.truth });
  }
  return report;
}

/**
 * Codes of a small group (1..threshold conversations, known to the test) that the published
 * tables tell apart from the group's other codes: any listed cell of such a group's row, or a
 * row of it not withheld. Empty when the group is withheld whole, as policy version 2 says.
 */
export function codesToldApart(
  borough: BoroughTables,
  groupSizes: ReadonlyMap<string, number>,
  topicSizes: ReadonlyMap<string, number>,
  policy: DisclosurePolicy,
  frame: Frame,
): string[] {
  const small = (n: number | undefined) => n !== undefined && n > 0 && n <= policy.threshold;
  const found: string[] = [];
  if (!borough.byTopic) return found;
  for (const [group, size] of groupSizes) {
    if (!small(size)) continue;
    for (const d of dimensions) {
      const table = borough[bandTables[d]]!;
      if (!table.withheldRows.includes(group)) found.push(`${bandTables[d]} ${group}: row published`);
      for (const c of table.cells) if (c.topicGroup === group) found.push(`${bandTables[d]} ${group} ${c.band}`);
    }
    for (const topic of frame.topics.filter((t) => frame.groupOf.get(t) === group)) {
      if (!borough.byTopic.withheldRows.includes(topic)) found.push(`byTopic ${topic} of small group ${group}`);
      if (!borough.byTopicOutcome!.withheldRows.includes(topic)) found.push(`byTopicOutcome ${topic} of small group ${group}`);
    }
  }
  for (const [topic, size] of topicSizes) {
    if (small(size) && !borough.byTopicOutcome!.withheldRows.includes(topic)) found.push(`byTopicOutcome ${topic}: row published`);
  }
  return found;
}
