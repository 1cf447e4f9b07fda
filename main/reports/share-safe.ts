// The monthly summary "for sharing outside your organisation": every figure protected by the
// disclosure control that protects sync (policy version 2, PRODUCT.md "What leaves the
// device"), not by a second rule. Its borough tables are the very tables sync sends (or would
// send) for the month, from the outbox (main/sync/outbox.ts previewSubmission); every other
// figure (a London-wide topic total, say) is a sum of those published figures alone, never of
// exact counts, so the document tells an intruder nothing the collector's copy does not.
import type { Store } from '../db/store.ts';
import { isoNow, londonDayOf, type Clock } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { readSyncConfig } from '../sync/config.ts';
import { previewSubmission } from '../sync/outbox.ts';
import { addDays, isPeriodClosed, periodRange } from '../../shared/periods.ts';
import { submissionSchema, type BoroughTables, type DisclosurePolicy, type ProtectedCount } from '../sync/protocol.ts';
import { isMonth } from '../../shared/days.ts';
import { organisationName } from './summary.ts';

/** The version of the anonymisation policy whose figures a share-safe summary carries. */
export const SHARE_SAFE_POLICY_VERSION = 2;

/** A total of published figures: the sum of the published numbers, and how many figures it could not include (suppressed or withheld). */
export interface PublishedSum {
  value: number;
  leftOut: number;
}

export const BAND_TABLES = {
  age: 'byTopicGroupAge',
  sex: 'byTopicGroupSex',
  ethnicGroup: 'byTopicGroupEthnicGroup',
  language: 'byTopicGroupLanguage',
} as const;
export type ShareSafeBand = keyof typeof BAND_TABLES;
export const SHARE_SAFE_BANDS = Object.keys(BAND_TABLES) as ShareSafeBand[];

export interface ShareSafeTotals {
  /** Sessions and volunteer hours are published exactly (hours in whole hours), so their sums are too. */
  sessions: number;
  volunteerHours: number;
  visitorsAdults: PublishedSum;
  visitorsChildren: PublishedSum;
  conversations: PublishedSum;
  eventKinds: { eventKind: string; sessions: number; volunteerHours: number; visitorsAdults: PublishedSum; visitorsChildren: PublishedSum }[];
  byTopic: { topic: string; count: PublishedSum }[];
  byTopicOutcome: { topic: string; outcome: string; count: PublishedSum }[];
  byGroupBand: Record<ShareSafeBand, { topicGroup: string; band: string; count: PublishedSum }[]>;
}

export interface ShareSafeSummary {
  month: string;
  organisationName: string;
  /** The boroughs chosen (empty: every borough with activity). */
  authorityCodes: string[];
  generatedAt: string;
  policy: DisclosurePolicy;
  policyVersion: typeof SHARE_SAFE_POLICY_VERSION;
  /** The month's tables exactly as sync protects them, for the chosen boroughs. */
  boroughs: BoroughTables[];
  /** Figures sync does not publish, each a sum of `boroughs`' published figures only. */
  totals: ShareSafeTotals;
}

export interface ShareSafeRequest {
  month: string;
  authorityCodes?: string[] | undefined;
  siteIds?: number[] | undefined;
  volunteerIds?: number[] | undefined;
  laptopIds?: string[] | undefined;
}

/** A sum of published counts: numbers add up, 'suppressed' and withheld figures are counted as left out. */
class SumOf {
  private readonly sums = new Map<string, PublishedSum>();
  private at(key: string): PublishedSum {
    let found = this.sums.get(key);
    if (!found) this.sums.set(key, (found = { value: 0, leftOut: 0 }));
    return found;
  }
  add(key: string, count: ProtectedCount): void {
    const sum = this.at(key);
    if (count === 'suppressed') sum.leftOut += 1;
    else sum.value += count;
  }
  leaveOut(key: string): void {
    this.at(key).leftOut += 1;
  }
  get(key: string): PublishedSum {
    return this.sums.get(key) ?? { value: 0, leftOut: 0 };
  }
  /** Every key seen, largest published sum first (then by key, so the order is fixed). */
  keys(): string[] {
    return [...this.sums.entries()].sort(([a, x], [b, y]) => y.value - x.value || (a < b ? -1 : a > b ? 1 : 0)).map(([key]) => key);
  }
}

const pair = (a: string, b: string) => `${a} ${b}`;
const unpair = (key: string) => key.split(' ') as [string, string];

/** Totals over boroughs, from their published tables alone (no exact count is in reach here). */
export function publishedTotals(boroughs: readonly BoroughTables[]): ShareSafeTotals {
  const visitorsAdults = new SumOf();
  const visitorsChildren = new SumOf();
  const conversations = new SumOf();
  const kinds = new Map<string, { sessions: number; volunteerHours: number }>();
  const byTopic = new SumOf();
  const byTopicOutcome = new SumOf();
  const byGroupBand = Object.fromEntries(SHARE_SAFE_BANDS.map((band) => [band, new SumOf()])) as Record<ShareSafeBand, SumOf>;
  let sessions = 0;
  let volunteerHours = 0;
  for (const borough of boroughs) {
    for (const row of borough.activity) {
      sessions += row.sessions;
      volunteerHours += row.volunteerHours;
      const kind = kinds.get(row.eventKind) ?? { sessions: 0, volunteerHours: 0 };
      kind.sessions += row.sessions;
      kind.volunteerHours += row.volunteerHours;
      kinds.set(row.eventKind, kind);
      visitorsAdults.add('', row.visitorsAdults);
      visitorsAdults.add(row.eventKind, row.visitorsAdults);
      visitorsChildren.add('', row.visitorsChildren);
      visitorsChildren.add(row.eventKind, row.visitorsChildren);
    }
    conversations.add('', borough.conversations);
    if (!borough.byTopic) continue; // no breakdown published: its conversations are in no table
    for (const cell of borough.byTopic.cells) byTopic.add(cell.topic, cell.count);
    for (const topic of borough.byTopic.withheldRows) byTopic.leaveOut(topic);
    for (const cell of borough.byTopicOutcome!.cells) byTopicOutcome.add(pair(cell.topic, cell.outcome), cell.count);
    for (const band of SHARE_SAFE_BANDS) {
      const table = borough[BAND_TABLES[band]]!;
      for (const cell of table.cells) byGroupBand[band].add(pair(cell.topicGroup, cell.band), cell.count);
    }
  }
  const at = (sums: SumOf, key: string) => sums.get(key);
  return {
    sessions,
    volunteerHours,
    visitorsAdults: at(visitorsAdults, ''),
    visitorsChildren: at(visitorsChildren, ''),
    conversations: at(conversations, ''),
    eventKinds: [...kinds.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([eventKind, k]) => ({ eventKind, ...k, visitorsAdults: at(visitorsAdults, eventKind), visitorsChildren: at(visitorsChildren, eventKind) })),
    byTopic: byTopic.keys().map((topic) => ({ topic, count: byTopic.get(topic) })),
    byTopicOutcome: byTopicOutcome.keys().map((key) => {
      const [topic, outcome] = unpair(key);
      return { topic, outcome, count: byTopicOutcome.get(key) };
    }),
    byGroupBand: Object.fromEntries(
      SHARE_SAFE_BANDS.map((band) => [
        band,
        byGroupBand[band].keys().map((key) => {
          const [topicGroup, code] = unpair(key);
          return { topicGroup, band: code, count: byGroupBand[band].get(key) };
        }),
      ]),
    ) as ShareSafeTotals['byGroupBand'],
  };
}

/**
 * The share-safe summary of a month. Refused, changing nothing, where publishing it could
 * give away more than sync does: a month not yet closed (its figures would differ from the
 * ones sync sends later, and the difference is about a few people), a device that sends
 * weekly figures (a month would be a second grain), or a summary limited to sites (sync's
 * finest place is the borough), to volunteers or to laptops (sync sends neither, and only this
 * laptop's own records).
 */
export function shareSafeSummary(store: Store, clock: Clock, request: ShareSafeRequest): ShareSafeSummary {
  if (!isMonth(request.month)) throw invalid('month', 'errors.invalidDate');
  if ((request.siteIds ?? []).length > 0) throw invalid('siteIds', 'report.shareSafe.errors.noSites');
  if ((request.volunteerIds ?? []).length > 0) throw invalid('volunteerIds', 'report.shareSafe.errors.noVolunteersOrLaptops');
  if ((request.laptopIds ?? []).length > 0) throw invalid('laptopIds', 'report.shareSafe.errors.noVolunteersOrLaptops');
  const config = readSyncConfig(store);
  if (config.periodKind !== 'month') throw invalid('month', 'report.shareSafe.errors.weeklyGrain');
  if (!isPeriodClosed(request.month, londonDayOf(clock()), config.graceDays)) {
    throw invalid('month', 'report.shareSafe.errors.openMonth', { day: addDays(periodRange(request.month).last, config.graceDays + 1) });
  }
  const authorityCodes = [...new Set(request.authorityCodes ?? [])].sort();
  // The outbox's body for the month (as sent, or as it would be sent), parsed as the collector would.
  const submission = submissionSchema.parse(JSON.parse(previewSubmission(store, clock, request.month, { readOnly: store.sqlite.readonly })));
  const boroughs = submission.boroughs.filter((b) => authorityCodes.length === 0 || authorityCodes.includes(b.authorityCode));
  return {
    month: request.month,
    organisationName: organisationName(store),
    authorityCodes,
    generatedAt: isoNow(clock),
    policy: submission.policy,
    policyVersion: SHARE_SAFE_POLICY_VERSION,
    boroughs,
    totals: publishedTotals(boroughs),
  };
}
