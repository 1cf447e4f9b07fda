// Keyset paging, newest first: each page is the rows that sort before the last one shown, on the
// key the list is ordered by, so a deep page costs one index seek rather than an OFFSET scan.
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';

export type KeyValue = string | number;

/**
 * Orders by `key` (each column descending), starts after `after` (the key of the last row shown)
 * and fetches one row more than a page, which tells pageOf whether another page follows.
 */
export function newestFirst<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  key: readonly string[],
  page: { limit: number; after?: readonly KeyValue[] | undefined },
): SelectQueryBuilder<DB, TB, O> {
  let paged = query;
  for (const column of key) paged = paged.orderBy(sql.ref(column), 'desc');
  if (page.after) {
    const columns = sql.join(key.map((column) => sql.ref(column)));
    paged = paged.where(sql<SqlBool>`(${columns}) < (${sql.join([...page.after])})`);
  }
  return paged.limit(page.limit + 1);
}

/** A page of rows fetched by newestFirst, and the cursor for the next one (null on the last). */
export function pageOf<R, C>(rows: readonly R[], limit: number, cursorOf: (last: R) => C): { rows: R[]; next: C | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { rows: shown, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
