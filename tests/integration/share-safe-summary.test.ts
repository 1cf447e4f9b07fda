// The monthly summary "for sharing outside your organisation": its figures are the tables sync
// publishes, protected by the same code (policy version 2), and they pass the same disclosure
// tests as sync: the figures are read back out of the exported file, rebuilt into the wire
// form, and the MILP intruder (tests/support/intruder.ts) must pin nothing and tell no small
// group's codes apart. A figure sync does not publish (a London-wide topic total) must be a sum
// of published figures, never a protection of exact ones.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { seedSyntheticData } from '../../main/records/seed.ts';
import { DomainError } from '../../shared/errors.ts';
import { writeShareSafe } from '../../main/reports/export.ts';
import { exportContext, shareSafeSections } from '../../main/reports/sections.ts';
import { publishedTotals, shareSafeSummary, type ShareSafeSummary } from '../../main/reports/share-safe.ts';
import { buildBoroughTables, exactCounts, protectBoroughs } from '../../main/sync/aggregate.ts';
import { readSyncConfig, updateSyncSettings } from '../../main/sync/config.ts';
import { DEFAULT_POLICY, protect } from '../../main/sync/disclosure.ts';
import type { DisclosureFrame } from '../../main/sync/joint-protection.ts';
import { previewSubmission } from '../../main/sync/outbox.ts';
import { boroughTables, type BoroughTables, type ProtectedCount } from '../../main/sync/protocol.ts';
import { attackBorough, boroughProgram, codesToldApart, referenceFrame } from '../support/intruder.ts';
import { exactBorough, random, randomConversation } from '../support/synthetic-conversations.ts';
import { freshStore } from '../support/temp-store.ts';

const MONTH = '2026-09';
const clock = () => new Date('2026-12-07T15:34:00Z');
const BAND_TABLES = ['byTopicGroupAge', 'byTopicGroupSex', 'byTopicGroupEthnicGroup', 'byTopicGroupLanguage'] as const;

const root = path.resolve(import.meta.dirname, '../..');
let store: Store;
let file: string;
let dir: string;
let summary: ShareSafeSummary;

beforeAll(async () => {
  ({ store, file, dir } = await freshStore({ withVolunteer: false }));
  seedSyntheticData(store, { conversations: 3000, seed: 7, now: '2026-11-01T12:00:00Z' });
  summary = shareSafeSummary(store, clock, { month: MONTH });
});
afterAll(() => store.close());

/** CSV text as sections: title -> rows of cells (quoted fields with commas or quotes allowed). */
function csvSections(text: string): Map<string, string[][]> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  const sections = new Map<string, string[][]>();
  let current: string[][] | null = null;
  for (const r of rows) {
    if (r.length === 1 && r[0] === '') current = null;
    else if (!current) sections.set(r[0]!, (current = []));
    else current.push(r);
  }
  return sections;
}

/** The file's "every published figure" section, rebuilt into the wire form of each borough's tables (activity aside). */
function rebuild(rows: string[][]): Map<string, Omit<BoroughTables, 'activity'>> {
  const count = (text: string): ProtectedCount => (text === 'suppressed' ? 'suppressed' : Number(text));
  const boroughs = new Map<string, Record<string, unknown> & { conversations: ProtectedCount }>();
  for (const [code, table, first, second, value] of rows.slice(1) as [string, string, string, string, string][]) {
    if (table === 'conversations') {
      boroughs.set(code, { authorityCode: code, conversations: count(value) });
      continue;
    }
    const borough = boroughs.get(code)!;
    const target = (borough[table] ??= { cells: [], withheldRows: [] }) as { cells: Record<string, unknown>[]; withheldRows: string[] };
    if (value === 'withheld') target.withheldRows.push(first);
    else if (table === 'byTopic') target.cells.push({ topic: first, count: count(value) });
    else if (table === 'byTopicOutcome') target.cells.push({ topic: first, outcome: second, count: count(value) });
    else target.cells.push({ topicGroup: first, band: second, count: count(value) });
  }
  // A published borough with no cell in a table still has that table (all zeros).
  for (const borough of boroughs.values()) {
    if (typeof borough.conversations === 'number' && borough.conversations > 0) {
      for (const table of ['byTopic', 'byTopicOutcome', ...BAND_TABLES]) borough[table] ??= { cells: [], withheldRows: [] };
    }
  }
  return boroughs as unknown as Map<string, Omit<BoroughTables, 'activity'>>;
}

describe('the share-safe monthly summary', () => {
  it('publishes exactly the tables sync sends for the month, with the policy sync uses', () => {
    const policy = readSyncConfig(store).policy;
    expect(summary.policy).toEqual(policy);
    expect(summary.policyVersion).toBe(2);
    expect(summary.boroughs).toEqual(buildBoroughTables(store, MONTH, policy));
    expect(summary.boroughs).toEqual(JSON.parse(previewSubmission(store, clock, MONTH)).boroughs);
    expect(summary.boroughs.length).toBeGreaterThan(2);
    expect(summary.boroughs.some((b) => b.byTopic)).toBe(true);
  });

  it('its figures, read back from the CSV file, pass the intruder: nothing pinned, no small group told apart', async () => {
    const written = await writeShareSafe(store, summary, 'csv');
    expect(written.fileName).toBe('outreach-summary-2026-09-share-safe.csv');
    const sections = csvSections(written.bytes.toString('utf8').slice(1));
    // Said first: what protects the figures.
    const about = sections.get('About this summary')!;
    expect(about[1]![0]).toBe('For sharing outside your organisation');
    expect(about[1]![1]).toContain('anonymisation policy version 2');

    const rebuilt = rebuild(sections.get('Every published figure, by borough')!);
    const exact = new Map(exactCounts(store, MONTH).map((b) => [b.authorityCode, b]));
    let attacked = 0;
    for (const sent of summary.boroughs) {
      const fromFile = { ...rebuilt.get(sent.authorityCode)!, activity: sent.activity } as BoroughTables;
      boroughTables.parse(fromFile);
      // The same figures in any order: arrays sorted, keys sorted.
      const sortCells = (b: BoroughTables) =>
        JSON.stringify(b, (_, v: unknown) =>
          Array.isArray(v)
            ? [...(v as unknown[])].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))
            : v && typeof v === 'object'
              ? Object.fromEntries(Object.entries(v).sort(([a], [c]) => (a < c ? -1 : 1)))
              : v,
        );
      expect(sortCells(fromFile)).toEqual(sortCells(sent));

      const truth = exact.get(sent.authorityCode)!;
      const groups = new Map<string, number>();
      for (const cell of truth.tables.byTopicGroupAge) groups.set(cell.key.split(' ')[0]!, (groups.get(cell.key.split(' ')[0]!) ?? 0) + cell.count);
      const topics = new Map(truth.tables.byTopic.map((c) => [c.key, c.count]));
      expect(codesToldApart(fromFile, groups, topics, summary.policy, referenceFrame), sent.authorityCode).toEqual([]);
      const program = boroughProgram(fromFile, summary.policy, referenceFrame, 'any');
      if (!program) continue;
      const report = await attackBorough(program);
      expect(report.feasible, sent.authorityCode).toBe(true);
      expect(report.pinned, sent.authorityCode).toEqual([]);
      attacked += 1;
    }
    expect(attacked).toBeGreaterThan(0);
  }, 120_000);

  it('every London-wide figure in the file is a sum of the published borough figures, with what it left out', async () => {
    const sections = csvSections((await writeShareSafe(store, summary, 'csv')).bytes.toString('utf8').slice(1));
    const topics = sections.get('Conversations by topic')!;
    expect(topics[0]).toEqual(['Code', 'Topic', 'Conversations', 'Figures left out']);
    expect(topics.length).toBeGreaterThan(1);
    for (const [topic, , value, leftOut] of topics.slice(1) as [string, string, string, string][]) {
      // Worked out here from the wire form alone.
      let sum = 0;
      let missing = 0;
      for (const b of summary.boroughs) {
        if (!b.byTopic) continue;
        if (b.byTopic.withheldRows.includes(topic)) missing += 1;
        const cell = b.byTopic.cells.find((c) => c.topic === topic);
        if (cell?.count === 'suppressed') missing += 1;
        else if (cell) sum += cell.count;
      }
      expect([topic, Number(value), Number(leftOut)]).toEqual([topic, sum, missing]);
    }
    const headline = sections.get('Headline figures')!;
    const published = summary.boroughs.map((b) => b.conversations);
    expect(headline).toContainEqual([
      'conversations',
      'Conversations',
      String(published.reduce<number>((n, c) => n + (c === 'suppressed' ? 0 : c), 0)),
      String(published.filter((c) => c === 'suppressed').length),
    ]);
  });

  it('a total sync does not publish comes from protected figures, never from exact ones', () => {
    // Bowel screening: 3 in one borough (suppressed), 12 in another (published as 10). Protecting
    // the exact total (15) would publish 15 and give away the suppressed 3 (15 - 12 in its window).
    const frame: DisclosureFrame = {
      groups: referenceFrame.groups,
      topics: referenceFrame.topics,
      groupOfTopic: referenceFrame.groupOf,
      outcomes: referenceFrame.outcomes,
      bands: referenceFrame.bands,
    };
    const rand = random(5);
    const others = (n: number) => Array.from({ length: n }, () => ({ ...randomConversation(rand), topics: ['screening_breast'] }));
    const bowel = (n: number) => Array.from({ length: n }, () => ({ ...randomConversation(rand), topics: ['screening_bowel'] }));
    const exact = [exactBorough('E09000022', [...others(30), ...bowel(3)]), exactBorough('E09000023', [...others(30), ...bowel(12)])];
    const sent = protectBoroughs(exact, frame, DEFAULT_POLICY);
    const totals = publishedTotals(sent);
    const row = totals.byTopic.find((r) => r.topic === 'screening_bowel')!;
    const published = sent.map((b) => b.byTopic!.cells.find((c) => c.topic === 'screening_bowel')?.count);
    expect(published).toContain(10);
    const expected = published.reduce<number>((n, c) => n + (typeof c === 'number' ? c : 0), 0);
    expect(row.count.value).toBe(expected);
    expect(row.count.value).not.toBe(protect(15, DEFAULT_POLICY));
    expect(row.count.leftOut).toBe(1);
    // And that is the figure the document prints.
    const document: ShareSafeSummary = { ...summary, boroughs: sent, totals };
    const topics = shareSafeSections(document, exportContext(store)).find((s) => s.id === 'topics')!;
    expect(topics.rows.find((r) => r[0] === 'screening_bowel')).toEqual(['screening_bowel', 'Bowel screening', expected, 1]);
  });

  it('is refused, changing nothing, for an open month, for sites, and on a device that sends weekly figures', () => {
    const refused = (fn: () => unknown, key: string) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).fields.map((f) => f.messageKey)).toEqual([key]);
        return;
      }
      throw new Error(`expected a refusal: ${key}`);
    };
    refused(() => shareSafeSummary(store, clock, { month: '2026-12' }), 'report.shareSafe.errors.openMonth');
    refused(() => shareSafeSummary(store, clock, { month: MONTH, siteIds: [1] }), 'report.shareSafe.errors.noSites');
    updateSyncSettings(store, { periodKind: 'week' });
    try {
      refused(() => shareSafeSummary(store, clock, { month: MONTH }), 'report.shareSafe.errors.weeklyGrain');
    } finally {
      updateSyncSettings(store, { periodKind: 'month' });
    }
  });

  it('the command line writes it with --share-safe, and refuses an open month with the reason', async () => {
    const cli = (month: string, out: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, ['main/cli.ts', 'export', '--db', file, '--month', month, '--format', 'csv', '--out', out, '--share-safe'], { cwd: root }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        ),
      );
    const out = path.join(dir, 'september-share-safe.csv');
    const run = await cli(MONTH, out);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ month: MONTH, format: 'csv', shareSafe: true, out });
    const sections = csvSections(fs.readFileSync(out, 'utf8').slice(1));
    const fromApp = csvSections((await writeShareSafe(store, summary, 'csv')).bytes.toString('utf8').slice(1));
    expect(sections.get('Every published figure, by borough')).toEqual(fromApp.get('Every published figure, by borough'));
    expect(sections.get('Conversations by topic')).toEqual(fromApp.get('Conversations by topic'));

    const thisMonth = new Date().toISOString().slice(0, 7);
    const refused = await cli(thisMonth, path.join(dir, 'open.csv'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('report.shareSafe.errors.openMonth');
    expect(fs.existsSync(path.join(dir, 'open.csv'))).toBe(false);
  }, 60_000);
});
