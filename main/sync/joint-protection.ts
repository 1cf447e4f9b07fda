// Disclosure control for one borough's linked tables, jointly (policy version 2, rules 3-5;
// the reasoning and a worked example are in docs/disclosure-control.md).
//
// 1. Primary rule on every count (disclosure.ts `protect`); no breakdown of a small group: a
//    borough of <= threshold conversations sends no tables, a topic group of <= threshold has
//    its rows withheld in every table (its topics too), a topic of <= threshold its
//    topic x outcome row.
// 2. An audit that works like the intruder's solver, but constructively: every withheld,
//    suppressed or rounded count must have a certificate, an integer change of the exact
//    counts that keeps every published figure and every relation between the tables true
//    and moves that count. Then the intruder cannot pin it, whatever it combines. Where no
//    certificate is found, more is withheld (a row, a topic), which only widens what an
//    intruder must allow, so certificates found before stay valid; as a last resort the
//    borough's tables are not sent.
import type { DisclosurePolicy, ProtectedCount } from './protocol.ts';
import { countsPublishedAs, protect } from './disclosure.ts';

export const BAND_DIMENSIONS = ['age', 'sex', 'ethnicGroup', 'language'] as const;
export type BandDimension = (typeof BAND_DIMENSIONS)[number];

/** Every code each table can hold (retired ones too), and which group each topic is in. */
export interface DisclosureFrame {
  groups: readonly string[];
  topics: readonly string[];
  groupOfTopic: ReadonlyMap<string, string>;
  outcomes: readonly string[];
  bands: Readonly<Record<BandDimension, readonly string[]>>;
}

/** One borough's exact conversation counts. Counts not given are 0. */
export interface ExactConversationTables {
  conversations: number;
  byTopic: ReadonlyMap<string, number>;
  /** topic -> outcome -> count */
  byTopicOutcome: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** dimension -> group -> band -> count; each group's row sums to the group's conversations. */
  byGroupBand: Readonly<Record<BandDimension, ReadonlyMap<string, ReadonlyMap<string, number>>>>;
}

export interface ProtectedConversationTables {
  conversations: ProtectedCount;
  /** Absent when the borough's breakdown is not sent (conversations <= threshold, or the last resort). */
  tables?: {
    byTopic: { cells: Map<string, ProtectedCount>; withheldRows: string[] };
    byTopicOutcome: { rows: Map<string, Map<string, ProtectedCount>>; withheldRows: string[] };
    byGroupBand: Record<BandDimension, { rows: Map<string, Map<string, ProtectedCount>>; withheldRows: string[] }>;
  };
  /** How much extra withholding the audit needed (for tests and the benchmark). */
  audit: { certified: number; extraWithheld: number; lastResort: boolean };
}

/** How a cell is published; decides what an intruder knows of it. */
const Shown = {
  Zero: 0,
  Primary: 1, // 'suppressed', 1..threshold
  Rounded: 2,
  Withheld: 3, // its row is withheld: unknown, zeros included
} as const;
type Shown = (typeof Shown)[keyof typeof Shown];

/**
 * The counts as one vector: N, then groups G, topics T, topic x outcome TO, and the four
 * group x band tables B. `lo`/`hi` hold what an intruder may assume of each, from how it is
 * published; relations between them are checked by `verify`.
 */
class BoroughModel {
  readonly nG: number;
  readonly nT: number;
  readonly nO: number;
  readonly nV: number[];
  readonly base: { G: number; T: number; TO: number; B: number[] };
  readonly size: number;
  readonly value: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly shown: Uint8Array;
  readonly groupOfTopic: Int32Array;
  readonly topicsOfGroup: number[][];
  readonly topicSum: Int32Array; // exact sum of T over each group's topics
  groupTotal = 0; // exact sum of G

  readonly policy: DisclosurePolicy;

  constructor(frame: DisclosureFrame, exact: ExactConversationTables, policy: DisclosurePolicy) {
    this.policy = policy;
    this.nG = frame.groups.length;
    this.nT = frame.topics.length;
    this.nO = frame.outcomes.length;
    this.nV = BAND_DIMENSIONS.map((d) => frame.bands[d].length);
    const G = 1;
    const T = G + this.nG;
    const TO = T + this.nT;
    let next = TO + this.nT * this.nO;
    const B: number[] = [];
    for (const n of this.nV) {
      B.push(next);
      next += this.nG * n;
    }
    this.base = { G, T, TO, B };
    this.size = next;
    this.value = new Int32Array(next);
    this.lo = new Float64Array(next);
    this.hi = new Float64Array(next);
    this.shown = new Uint8Array(next);
    const groupIndex = new Map(frame.groups.map((g, i) => [g, i]));
    this.groupOfTopic = Int32Array.from(frame.topics, (t) => groupIndex.get(frame.groupOfTopic.get(t) ?? '') ?? -1);
    this.topicsOfGroup = frame.groups.map(() => []);
    this.groupOfTopic.forEach((g, t) => {
      if (g >= 0) this.topicsOfGroup[g]!.push(t);
    });

    this.value[0] = exact.conversations;
    frame.topics.forEach((topic, t) => {
      this.value[T + t] = exact.byTopic.get(topic) ?? 0;
      const outcomes = exact.byTopicOutcome.get(topic);
      if (outcomes) frame.outcomes.forEach((o, i) => (this.value[TO + t * this.nO + i] = outcomes.get(o) ?? 0));
    });
    BAND_DIMENSIONS.forEach((d, di) => {
      frame.groups.forEach((group, g) => {
        const row = exact.byGroupBand[d].get(group);
        if (row) frame.bands[d].forEach((band, v) => (this.value[B[di]! + g * this.nV[di]! + v] = row.get(band) ?? 0));
      });
    });
    // A group's conversations: the sum of its row in any band table (every conversation has one code in each).
    this.topicSum = new Int32Array(this.nG);
    for (let g = 0; g < this.nG; g++) {
      let sum = 0;
      for (let v = 0; v < this.nV[0]!; v++) sum += this.value[this.b(0, g, v)]!;
      this.value[G + g] = sum;
      this.groupTotal += sum;
      for (const t of this.topicsOfGroup[g]!) this.topicSum[g]! += this.value[T + t]!;
    }
  }

  g(group: number): number {
    return this.base.G + group;
  }
  t(topic: number): number {
    return this.base.T + topic;
  }
  to(topic: number, outcome: number): number {
    return this.base.TO + topic * this.nO + outcome;
  }
  b(dim: number, group: number, band: number): number {
    return this.base.B[dim]! + group * this.nV[dim]! + band;
  }

  /** Sets how a count is shown, and so what an intruder may assume of it. */
  show(id: number, how: Shown): void {
    const value = this.value[id]!;
    const { threshold } = this.policy;
    this.shown[id] = how;
    switch (how) {
      case Shown.Zero:
        this.lo[id] = 0;
        this.hi[id] = 0;
        break;
      case Shown.Primary:
        this.lo[id] = 1;
        this.hi[id] = threshold;
        break;
      case Shown.Rounded: {
        const window = countsPublishedAs(protect(value, this.policy) as number, this.policy);
        this.lo[id] = window.lo;
        this.hi[id] = window.hi;
        break;
      }
      case Shown.Withheld:
        this.lo[id] = 0;
        this.hi[id] = Infinity;
        break;
    }
  }

  /** The primary rule's way of showing a count: 0, suppressed, or rounded. */
  showPrimary(id: number): void {
    const value = this.value[id]!;
    this.show(id, value === 0 ? Shown.Zero : value <= this.policy.threshold ? Shown.Primary : Shown.Rounded);
  }

  /**
   * Whether the exact counts changed by `delta` are still consistent with everything shown
   * and with every relation an intruder can use:
   *   each band table's row of a group sums to the group's conversations G;
   *   a topic is at most its group; a group at most the sum of its topics;
   *   topic x outcome at most its topic; a group at most N; N at most the sum of the groups.
   */
  verify(delta: Map<number, number>): boolean {
    const { value, lo, hi, base } = this;
    const changedGroups = new Set<number>();
    const changedTopics = new Set<number>();
    let groupsDelta = 0;
    const rowDelta = new Map<number, number>(); // dim * nG + group -> sum of band changes
    for (const [id, d] of delta) {
      if (d === 0) continue;
      const v = value[id]! + d;
      if (v < lo[id]! || v > hi[id]!) return false;
      if (id === 0) continue;
      if (id < base.T) {
        changedGroups.add(id - base.G);
        groupsDelta += d;
      } else if (id < base.TO) {
        const t = id - base.T;
        changedTopics.add(t);
        if (this.groupOfTopic[t]! >= 0) changedGroups.add(this.groupOfTopic[t]!);
      } else if (id < base.B[0]!) {
        changedTopics.add(Math.floor((id - base.TO) / this.nO));
      } else {
        let dim = 0;
        while (dim + 1 < base.B.length && id >= base.B[dim + 1]!) dim++;
        const group = Math.floor((id - base.B[dim]!) / this.nV[dim]!);
        changedGroups.add(group);
        const key = dim * this.nG + group;
        rowDelta.set(key, (rowDelta.get(key) ?? 0) + d);
      }
    }
    const at = (id: number) => value[id]! + (delta.get(id) ?? 0);
    const n = at(0);
    for (const g of changedGroups) {
      const dg = delta.get(this.g(g)) ?? 0;
      for (let dim = 0; dim < this.nV.length; dim++) if ((rowDelta.get(dim * this.nG + g) ?? 0) !== dg) return false;
      const gv = value[this.g(g)]! + dg;
      let topics = this.topicSum[g]!;
      for (const t of this.topicsOfGroup[g]!) {
        const tv = at(this.t(t));
        topics += tv - value[this.t(t)]!;
        if (tv > gv) return false;
      }
      if (gv > topics || gv > n) return false;
    }
    for (const t of changedTopics) {
      const tv = at(this.t(t));
      for (let o = 0; o < this.nO; o++) if (at(this.to(t, o)) > tv) return false;
    }
    if (delta.has(0) || groupsDelta !== 0) {
      if (n > this.groupTotal + groupsDelta) return false;
      if (delta.has(0)) for (let g = 0; g < this.nG; g++) if (at(this.g(g)) > n) return false;
    }
    return true;
  }
}

type Delta = Map<number, number>;

/** Candidate changes that move count `id` by `step` (+1 or -1); the first that `verify` accepts certifies it. */
function* movesOf(m: BoroughModel, id: number, step: number): Generator<Delta> {
  const { base } = m;
  if (id === 0) {
    yield new Map([[0, step]]);
    for (let g = 0; g < m.nG; g++) yield* groupMoves(m, g, step, new Map([[0, step]]));
    return;
  }
  if (id < base.T) {
    yield* groupMoves(m, id - base.G, step, new Map());
    return;
  }
  if (id < base.TO) {
    const t = id - base.T;
    yield* topicMoves(m, t, step, new Map());
    return;
  }
  if (id < base.B[0]!) {
    const t = Math.floor((id - base.TO) / m.nO);
    const o = (id - base.TO) % m.nO;
    yield new Map([[id, step]]);
    for (let other = 0; other < m.nO; other++) if (other !== o) yield new Map([[id, step], [m.to(t, other), -step]]);
    yield* topicMoves(m, t, step, new Map([[id, step]]));
    return;
  }
  let dim = 0;
  while (dim + 1 < base.B.length && id >= base.B[dim + 1]!) dim++;
  const group = Math.floor((id - base.B[dim]!) / m.nV[dim]!);
  for (let v = 0; v < m.nV[dim]!; v++) {
    const other = m.b(dim, group, v);
    if (other !== id) yield new Map([[id, step], [other, -step]]);
  }
  yield* groupMoves(m, group, step, new Map([[id, step]]));
}

/** A topic moved alone, against another topic of its group, or with its group. */
function* topicMoves(m: BoroughModel, t: number, step: number, fixed: Delta): Generator<Delta> {
  const withTopic = (d: Delta, topic: number, s: number) => lowerOutcomes(m, topic, s, new Map([...d, [m.t(topic), (d.get(m.t(topic)) ?? 0) + s]]));
  yield withTopic(fixed, t, step);
  const g = m.groupOfTopic[t]!;
  if (g < 0) return;
  for (const other of m.topicsOfGroup[g]!) if (other !== t) yield withTopic(withTopic(fixed, t, step), other, -step);
  yield* groupMoves(m, g, step, withTopic(fixed, t, step));
}

/** A topic lowered below an outcome count takes that outcome count down with it. */
function lowerOutcomes(m: BoroughModel, t: number, step: number, d: Delta): Delta {
  if (step > 0) return d;
  const after = m.value[m.t(t)]! + (d.get(m.t(t)) ?? 0);
  for (let o = 0; o < m.nO; o++) {
    const id = m.to(t, o);
    if (m.value[id]! + (d.get(id) ?? 0) > after) d.set(id, (d.get(id) ?? 0) - 1);
  }
  return d;
}

/**
 * A group's conversations moved by `step`: one cell in each band row takes the step (the first
 * with room), a topic follows where the group would pass its topics' sum or a topic would pass
 * the group, and N follows where needed; or, for -1, another group rises instead of N falling.
 */
function* groupMoves(m: BoroughModel, g: number, step: number, fixed: Delta): Generator<Delta> {
  const d: Delta = new Map(fixed);
  d.set(m.g(g), (d.get(m.g(g)) ?? 0) + step);
  for (let dim = 0; dim < m.nV.length; dim++) {
    let rowChange = 0;
    for (let v = 0; v < m.nV[dim]!; v++) rowChange += d.get(m.b(dim, g, v)) ?? 0;
    if (rowChange === d.get(m.g(g))) continue;
    let placed = false;
    for (let v = 0; v < m.nV[dim]! && !placed; v++) {
      const id = m.b(dim, g, v);
      const after = m.value[id]! + (d.get(id) ?? 0) + step;
      if (after >= m.lo[id]! && after <= m.hi[id]!) {
        d.set(id, (d.get(id) ?? 0) + step);
        placed = true;
      }
    }
    if (!placed) return;
  }
  const groupAfter = m.value[m.g(g)]! + d.get(m.g(g))!;
  let topicsAfter = 0;
  for (const t of m.topicsOfGroup[g]!) topicsAfter += m.value[m.t(t)]! + (d.get(m.t(t)) ?? 0);
  if (step > 0 && topicsAfter < groupAfter) {
    const t = m.topicsOfGroup[g]!.find((topic) => m.value[m.t(topic)]! + (d.get(m.t(topic)) ?? 0) + 1 <= m.hi[m.t(topic)]!);
    if (t === undefined) return;
    d.set(m.t(t), (d.get(m.t(t)) ?? 0) + 1);
  }
  if (step < 0) {
    for (const t of m.topicsOfGroup[g]!) {
      if (m.value[m.t(t)]! + (d.get(m.t(t)) ?? 0) > groupAfter) {
        d.set(m.t(t), (d.get(m.t(t)) ?? 0) - 1);
        lowerOutcomes(m, t, -1, d);
      }
    }
  }
  const n = m.value[0]! + (d.get(0) ?? 0);
  if (step > 0 && groupAfter > n) d.set(0, (d.get(0) ?? 0) + 1);
  yield d;
  if (step < 0 && !fixed.has(0)) {
    yield new Map([...d, [0, (d.get(0) ?? 0) - 1]]);
    for (let other = 0; other < m.nG; other++) if (other !== g) yield* groupMoves(m, other, 1, d);
  }
}

/**
 * The certificates most counts have, checked without building a change: two cells of a band
 * row trading (no relation sees it: the row's sum stays), and a topic x outcome cell alone.
 * Each is what `verify` would accept for that change, written out for speed.
 */
function quickCertificate(m: BoroughModel, id: number, step: number): boolean {
  const inWindow = (cell: number, value: number) => value >= m.lo[cell]! && value <= m.hi[cell]!;
  if (id >= m.base.B[0]!) {
    let dim = 0;
    while (dim + 1 < m.base.B.length && id >= m.base.B[dim + 1]!) dim++;
    const group = Math.floor((id - m.base.B[dim]!) / m.nV[dim]!);
    for (let v = 0; v < m.nV[dim]!; v++) {
      const other = m.b(dim, group, v);
      if (other !== id && inWindow(other, m.value[other]! - step)) return true;
    }
    return false;
  }
  if (id >= m.base.TO) {
    const t = Math.floor((id - m.base.TO) / m.nO);
    const after = m.value[id]! + step;
    return after >= 0 && after <= m.value[m.t(t)]!;
  }
  return false;
}

function certified(m: BoroughModel, id: number): boolean {
  for (const step of [1, -1]) {
    // A change that moves this count outside its own window is never accepted: skip the search.
    const after = m.value[id]! + step;
    if (after < m.lo[id]! || after > m.hi[id]! || after < 0) continue;
    if (quickCertificate(m, id, step)) return true;
    for (const move of movesOf(m, id, step)) if (m.verify(move)) return true;
  }
  return false;
}

/** Protects one borough's conversation counts jointly; see the head of this file. */
export function protectConversationTables(
  frame: DisclosureFrame,
  exact: ExactConversationTables,
  policy: DisclosurePolicy,
): ProtectedConversationTables {
  const { threshold } = policy;
  const audit = { certified: 0, extraWithheld: 0, lastResort: false };
  if (exact.conversations <= threshold) return { conversations: protect(exact.conversations, policy), audit };

  const m = new BoroughModel(frame, exact, policy);
  const nDims = BAND_DIMENSIONS.length;
  const groupWithheld = new Uint8Array(m.nG); // the whole group: <= threshold
  const bandRowWithheld = new Uint8Array(nDims * m.nG);
  const topicWithheld = new Uint8Array(m.nT); // by-topic cell not published
  const outcomeRowWithheld = new Uint8Array(m.nT);

  m.show(0, Shown.Rounded);
  for (let g = 0; g < m.nG; g++) {
    const count = m.value[m.g(g)]!;
    // An intruder knows a withheld group holds 1..threshold, and a published one more.
    m.lo[m.g(g)] = count === 0 ? 0 : count <= threshold ? 1 : threshold + 1;
    m.hi[m.g(g)] = count === 0 ? 0 : count <= threshold ? threshold : Infinity;
    if (count > 0 && count <= threshold) {
      groupWithheld[g] = 1;
      for (let dim = 0; dim < nDims; dim++) bandRowWithheld[dim * m.nG + g] = 1;
    }
  }
  for (let t = 0; t < m.nT; t++) {
    const g = m.groupOfTopic[t]!;
    const inSmallGroup = g >= 0 && groupWithheld[g] === 1;
    topicWithheld[t] = inSmallGroup ? 1 : 0;
    const count = m.value[m.t(t)]!;
    outcomeRowWithheld[t] = inSmallGroup || (count > 0 && count <= threshold) ? 1 : 0;
  }
  const applyShown = () => {
    for (let t = 0; t < m.nT; t++) {
      if (topicWithheld[t]) m.show(m.t(t), Shown.Withheld);
      else m.showPrimary(m.t(t));
      for (let o = 0; o < m.nO; o++) {
        if (outcomeRowWithheld[t]) m.show(m.to(t, o), Shown.Withheld);
        else m.showPrimary(m.to(t, o));
      }
    }
    for (let dim = 0; dim < nDims; dim++) {
      for (let g = 0; g < m.nG; g++) {
        for (let v = 0; v < m.nV[dim]!; v++) {
          const id = m.b(dim, g, v);
          if (bandRowWithheld[dim * m.nG + g]) m.show(id, Shown.Withheld);
          else m.showPrimary(id);
        }
      }
    }
  };
  applyShown();

  // Everything an intruder does not see exactly needs a certificate.
  const hidden = () => {
    const ids: number[] = [0];
    for (let id = m.base.T; id < m.size; id++) if (m.shown[id] !== Shown.Zero) ids.push(id);
    return ids;
  };
  const done = new Uint8Array(m.size);
  let lastResort = false;
  let converged = false;
  // Each pass withholds one more row or ends: about 70 rows exist, so 200 passes always suffice;
  // should they not, nothing is published rather than something unproved.
  for (let pass = 0; pass < 200 && !lastResort && !converged; pass++) {
    let widened = false;
    for (const id of hidden()) {
      if (done[id] || certified(m, id)) {
        done[id] = 1;
        continue;
      }
      widened = true;
      audit.extraWithheld += 1;
      if (id === 0 || id < m.base.T) {
        // N or a group pinned by the rows: free the largest group's band rows, then give up.
        const rows = [...bandRowWithheld.keys()].filter((k) => !bandRowWithheld[k]);
        if (rows.length === 0) lastResort = true;
        else {
          const largest = rows.reduce((best, k) => (m.value[m.g(k % m.nG)]! > m.value[m.g(best % m.nG)]! ? k : best));
          bandRowWithheld[largest] = 1;
        }
      } else if (id < m.base.TO) {
        const t = id - m.base.T;
        const g = m.groupOfTopic[t]!;
        // Give the topic a partner that can trade with it: the smallest other published topic of its group.
        const partners = g < 0 ? [] : m.topicsOfGroup[g]!.filter((o) => o !== t && !topicWithheld[o]);
        if (partners.length > 0) {
          const partner = partners.reduce((best, o) => (m.value[m.t(o)]! < m.value[m.t(best)]! ? o : best));
          topicWithheld[partner] = 1;
          outcomeRowWithheld[partner] = 1;
        } else if (g >= 0 && [...Array(nDims).keys()].some((dim) => !bandRowWithheld[dim * m.nG + g])) {
          for (let dim = 0; dim < nDims; dim++) bandRowWithheld[dim * m.nG + g] = 1;
        } else lastResort = true;
      } else if (id < m.base.B[0]!) {
        const t = Math.floor((id - m.base.TO) / m.nO);
        if (outcomeRowWithheld[t]) lastResort = true;
        else outcomeRowWithheld[t] = 1;
      } else {
        let dim = 0;
        while (dim + 1 < nDims && id >= m.base.B[dim + 1]!) dim++;
        const g = Math.floor((id - m.base.B[dim]!) / m.nV[dim]!);
        if (bandRowWithheld[dim * m.nG + g]) {
          // A withheld row's cell pinned through its group: free the group in every table.
          const free = [...Array(nDims).keys()].filter((d) => !bandRowWithheld[d * m.nG + g]);
          if (free.length === 0) lastResort = true;
          for (const d of free) bandRowWithheld[d * m.nG + g] = 1;
        } else bandRowWithheld[dim * m.nG + g] = 1;
      }
      applyShown();
      break; // windows changed: look again from the start (certificates found stay valid)
    }
    converged = !widened;
  }
  if (!converged) lastResort = true;
  audit.certified = done.reduce((sum, d) => sum + d, 0);
  if (lastResort) return { conversations: 'suppressed', audit: { ...audit, lastResort: true } };
  return { conversations: protect(exact.conversations, policy), tables: publish(m, frame, { topicWithheld, outcomeRowWithheld, bandRowWithheld }), audit };
}

function publish(
  m: BoroughModel,
  frame: DisclosureFrame,
  withheld: { topicWithheld: Uint8Array; outcomeRowWithheld: Uint8Array; bandRowWithheld: Uint8Array },
): NonNullable<ProtectedConversationTables['tables']> {
  const countOf = (id: number): ProtectedCount => protect(m.value[id]!, m.policy);
  const byTopic = { cells: new Map<string, ProtectedCount>(), withheldRows: [] as string[] };
  const byTopicOutcome = { rows: new Map<string, Map<string, ProtectedCount>>(), withheldRows: [] as string[] };
  frame.topics.forEach((topic, t) => {
    if (withheld.topicWithheld[t]) byTopic.withheldRows.push(topic);
    else if (m.value[m.t(t)]! > 0) byTopic.cells.set(topic, countOf(m.t(t)));
    if (withheld.outcomeRowWithheld[t]) byTopicOutcome.withheldRows.push(topic);
    else {
      const row = new Map<string, ProtectedCount>();
      frame.outcomes.forEach((outcome, o) => {
        if (m.value[m.to(t, o)]! > 0) row.set(outcome, countOf(m.to(t, o)));
      });
      if (row.size > 0) byTopicOutcome.rows.set(topic, row);
    }
  });
  const byGroupBand = {} as NonNullable<ProtectedConversationTables['tables']>['byGroupBand'];
  BAND_DIMENSIONS.forEach((dimension, dim) => {
    const table = { rows: new Map<string, Map<string, ProtectedCount>>(), withheldRows: [] as string[] };
    frame.groups.forEach((group, g) => {
      if (withheld.bandRowWithheld[dim * m.nG + g]) {
        table.withheldRows.push(group);
        return;
      }
      const row = new Map<string, ProtectedCount>();
      frame.bands[dimension].forEach((band, v) => {
        if (m.value[m.b(dim, g, v)]! > 0) row.set(band, countOf(m.b(dim, g, v)));
      });
      if (row.size > 0) table.rows.set(group, row);
    });
    byGroupBand[dimension] = table;
  });
  return { byTopic, byTopicOutcome, byGroupBand };
}
