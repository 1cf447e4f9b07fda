// What the schema cannot say about a submission but the collector must refuse before storing:
// a code outside the reference lists, a count the declared disclosure policy could never have
// produced (an unprotected small number must not come to rest here), figures that contradict
// each other, a borough outside London, or the same borough, event kind, row or cell twice
// (which would be counted twice in the totals).
import { TABLE_NAMES, type DisclosurePolicy, type ProtectedCount, type Submission, type TableName } from '../main/sync/protocol.ts';
import {
  bandCodes,
  eventKindCodes,
  londonAuthorityCodes,
  outcomeCodes,
  topicCodes,
  topicGroupCodes,
  topicGroupOf,
} from './reference-codes.ts';

export const cellTables = TABLE_NAMES;

const maxRevision = 2_147_483_647;

/**
 * Could the policy have published `count`? 0 stays 0, 1..threshold (and any cell hidden by
 * complementary suppression) is 'suppressed', and every number published is a multiple of the
 * rounding base above the threshold: no published number ever lies in 1..threshold.
 */
export function isPublishable(count: ProtectedCount, policy: DisclosurePolicy): boolean {
  if (count === 'suppressed' || count === 0) return true;
  return count % policy.roundingBase === 0 && count > policy.threshold;
}

type Cell = { count: ProtectedCount } & Record<string, string | ProtectedCount>;

/** How each table's cells are keyed: the row code (topic or topic group) first, then the column. */
const layout: Record<TableName, { row: 'topic' | 'topicGroup'; column?: 'outcome' | 'band' }> = {
  byTopic: { row: 'topic' },
  byTopicOutcome: { row: 'topic', column: 'outcome' },
  byTopicGroupAge: { row: 'topicGroup', column: 'band' },
  byTopicGroupSex: { row: 'topicGroup', column: 'band' },
  byTopicGroupEthnicGroup: { row: 'topicGroup', column: 'band' },
  byTopicGroupLanguage: { row: 'topicGroup', column: 'band' },
};

function columnCodes(table: TableName): ReadonlySet<string> | undefined {
  if (table === 'byTopic') return undefined;
  return table === 'byTopicOutcome' ? outcomeCodes : bandCodes[table];
}

/** Enough to act on; a hostile body could otherwise fill memory with hundreds of thousands. */
export const maxProblemsListed = 50;

/** The problems found (the first `maxProblemsListed`), each prefixed with its JSON path; empty when sound. */
export function submissionProblems(submission: Submission): string[] {
  return problemsWithCount(submission).listed;
}

/** The problems listed, and how many there were in all. */
export function problemsWithCount(submission: Submission): { listed: string[]; total: number } {
  let more = 0;
  const problems = {
    list: [] as string[],
    push(problem: string) {
      if (this.list.length < maxProblemsListed) this.list.push(problem);
      else more++;
    },
  };
  const { policy } = submission;
  const checkCount = (path: string, count: ProtectedCount) => {
    if (!isPublishable(count, policy)) {
      problems.push(
        `${path}: ${count} is not a protected count under the declared policy ` +
          `(0, "suppressed", or a multiple of ${policy.roundingBase} above ${policy.threshold})`,
      );
    }
  };
  const checkCode = (path: string, code: string, known: ReadonlySet<string>, what: string) => {
    if (!known.has(code)) problems.push(`${path}: ${code} is not a known ${what}`);
  };
  // Both stores must hold it the same way; PostgreSQL's integer stops here.
  if (submission.revision > maxRevision) problems.push(`revision: must be at most ${maxRevision}`);
  const seenBoroughs = new Set<string>();

  submission.boroughs.forEach((borough, b) => {
    const at = `boroughs[${b}]`;
    if (!londonAuthorityCodes.has(borough.authorityCode)) {
      problems.push(`${at}.authorityCode: ${borough.authorityCode} is not a London local authority`);
    }
    if (seenBoroughs.has(borough.authorityCode)) {
      problems.push(`${at}.authorityCode: ${borough.authorityCode} appears more than once`);
    }
    seenBoroughs.add(borough.authorityCode);

    const seenKinds = new Set<string>();
    borough.activity.forEach((row, r) => {
      checkCode(`${at}.activity[${r}].eventKind`, row.eventKind, eventKindCodes, 'event kind');
      if (seenKinds.has(row.eventKind)) {
        problems.push(`${at}.activity[${r}].eventKind: ${row.eventKind} appears more than once`);
      }
      seenKinds.add(row.eventKind);
      checkCount(`${at}.activity[${r}].visitorsAdults`, row.visitorsAdults);
      checkCount(`${at}.activity[${r}].visitorsChildren`, row.visitorsChildren);
    });

    checkCount(`${at}.conversations`, borough.conversations);
    // Rounding is monotone, so no published cell can exceed the published number of conversations.
    const conversations = typeof borough.conversations === 'number' ? borough.conversations : undefined;
    // byTopic as sent: a topic listed with its count, withheld, or (in neither) exactly 0.
    const topicCounts = new Map<string, ProtectedCount>();
    const withheldTopics = new Set(borough.byTopic?.withheldRows ?? []);
    for (const cell of borough.byTopic?.cells ?? []) topicCounts.set(cell.topic, cell.count);
    // A topic group has conversations when byTopic gives one of its topics any (or withholds it).
    const groupsWithConversations = new Set(
      [...topicCodes]
        .filter((topic) => withheldTopics.has(topic) || (topicCounts.get(topic) ?? 0) !== 0)
        .map((topic) => topicGroupOf.get(topic)),
    );

    for (const table of cellTables) {
      const sent = borough[table];
      if (!sent) continue;
      const { row, column } = layout[table];
      const rowCodes = row === 'topic' ? topicCodes : topicGroupCodes;
      const columns = columnCodes(table);
      const withheld = new Set<string>();
      sent.withheldRows.forEach((code, w) => {
        const path = `${at}.${table}.withheldRows[${w}]`;
        checkCode(path, code, rowCodes, row === 'topic' ? 'topic' : 'topic group');
        if (withheld.has(code)) problems.push(`${path}: ${code} appears more than once`);
        withheld.add(code);
      });
      const seenCells = new Set<string>();
      (sent.cells as Cell[]).forEach((cell, c) => {
        const path = `${at}.${table}.cells[${c}]`;
        const rowCode = cell[row] as string;
        checkCode(`${path}.${row}`, rowCode, rowCodes, row === 'topic' ? 'topic' : 'topic group');
        if (column && columns) checkCode(`${path}.${column}`, cell[column] as string, columns, column === 'outcome' ? 'outcome' : `band of ${table}`);
        const key = JSON.stringify(column ? [rowCode, cell[column]] : [rowCode]);
        if (seenCells.has(key)) problems.push(`${path}: ${key} appears more than once`);
        seenCells.add(key);
        if (withheld.has(rowCode)) problems.push(`${path}: row ${rowCode} is listed as withheld, so none of its cells may be sent`);
        checkCount(`${path}.count`, cell.count);
        if (typeof cell.count === 'number' && conversations !== undefined && cell.count > conversations) {
          problems.push(`${path}.count: ${cell.count} is more than the borough's ${conversations} conversations`);
        }
        if (row === 'topicGroup' && cell.count !== 0 && !groupsWithConversations.has(rowCode)) {
          problems.push(`${path}.count: ${cell.count} for ${rowCode}, but byTopic gives every topic of ${rowCode} 0`);
        }
        if (table === 'byTopicOutcome' && cell.count !== 0 && !withheldTopics.has(rowCode)) {
          // Conversations with a topic and an outcome are some of the conversations with that topic.
          const ofTopic = topicCounts.get(rowCode) ?? 0;
          if (ofTopic === 0 || (typeof ofTopic === 'number' && typeof cell.count === 'number' && cell.count > ofTopic)) {
            problems.push(`${path}.count: ${cell.count} is more than byTopic gives ${rowCode} (${ofTopic})`);
          }
        }
      });
    }
  });
  return { listed: problems.list, total: problems.list.length + more };
}
