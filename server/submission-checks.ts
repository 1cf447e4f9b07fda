// What the schema cannot say about a submission but the collector must refuse before storing:
// a count the declared disclosure policy could never have produced (an unprotected small
// number must not come to rest here), a borough outside London, or the same borough, event
// kind or cell twice (which would be counted twice in the totals).
import londonAuthorities from '../resources/reference/london-local-authorities.json' with { type: 'json' };
import type { DisclosurePolicy, ProtectedCount, Submission } from '../main/sync/protocol.ts';

const londonCodes = new Set(londonAuthorities.authorities.map((authority) => authority.code));

export const cellTables = [
  'byTopic',
  'byTopicOutcome',
  'byTopicGroupAge',
  'byTopicGroupSex',
  'byTopicGroupEthnicGroup',
  'byTopicGroupLanguage',
] as const;

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

/** Every problem found, each prefixed with its JSON path; empty when the submission is sound. */
export function submissionProblems(submission: Submission): string[] {
  const problems: string[] = [];
  const { policy } = submission;
  const checkCount = (path: string, count: ProtectedCount) => {
    if (!isPublishable(count, policy)) {
      problems.push(
        `${path}: ${count} is not a protected count under the declared policy ` +
          `(0, "suppressed", or a multiple of ${policy.roundingBase} above ${policy.threshold})`,
      );
    }
  };
  // Both stores must hold it the same way; PostgreSQL's integer stops here.
  if (submission.revision > maxRevision) problems.push(`revision: must be at most ${maxRevision}`);
  const seenBoroughs = new Set<string>();

  submission.boroughs.forEach((borough, b) => {
    const at = `boroughs[${b}]`;
    if (!londonCodes.has(borough.authorityCode)) {
      problems.push(`${at}.authorityCode: ${borough.authorityCode} is not a London local authority`);
    }
    if (seenBoroughs.has(borough.authorityCode)) {
      problems.push(`${at}.authorityCode: ${borough.authorityCode} appears more than once`);
    }
    seenBoroughs.add(borough.authorityCode);

    const seenKinds = new Set<string>();
    borough.activity.forEach((row, r) => {
      if (seenKinds.has(row.eventKind)) {
        problems.push(`${at}.activity[${r}].eventKind: ${row.eventKind} appears more than once`);
      }
      seenKinds.add(row.eventKind);
    });

    checkCount(`${at}.conversations`, borough.conversations);
    for (const table of cellTables) {
      const seenCells = new Set<string>();
      borough[table].cells.forEach((cell, c) => {
        const { count, ...dimensions } = cell;
        const key = JSON.stringify(dimensions);
        if (seenCells.has(key)) problems.push(`${at}.${table}.cells[${c}]: ${key} appears more than once`);
        seenCells.add(key);
        checkCount(`${at}.${table}.cells[${c}].count`, count);
      });
      checkCount(`${at}.${table}.total`, borough[table].total);
    }
  });
  return problems;
}
