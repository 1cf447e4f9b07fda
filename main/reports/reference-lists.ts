// The reference lists as reports need them: every code, retired ones included (old records
// still carry them), in the organisation's order, with its label key and group.
import type { Store } from '../db/store.ts';

export interface ListedCode {
  code: string;
  labelKey: string;
  group: string | null;
  retired: boolean;
}

export type ReportList = 'topic' | 'topic_group' | 'outcome' | 'age' | 'sex' | 'ethnicity' | 'ethnicity_group' | 'language' | 'event_kind';

/** Group of a topic with none in its list. */
export const UNGROUPED_TOPIC = 'ungrouped';
/** Group of an ethnic category with none in its list (the list gives "not recorded" none). */
export const ETHNICITY_NOT_STATED = 'not_stated';

export type ReportLists = Record<ReportList, ListedCode[]>;

export function reportLists(store: Store): ReportLists {
  const rows = store.all(
    store.qb
      .selectFrom('reference_item')
      .select(['list', 'code', 'label_key', 'group_code', 'retired'])
      .where('list', 'in', ['topic', 'topic_group', 'outcome', 'age', 'sex', 'ethnicity', 'ethnicity_group', 'language', 'event_kind'])
      .orderBy('list')
      .orderBy('sort'),
  );
  const lists: ReportLists = {
    topic: [],
    topic_group: [],
    outcome: [],
    age: [],
    sex: [],
    ethnicity: [],
    ethnicity_group: [],
    language: [],
    event_kind: [],
  };
  for (const row of rows) {
    lists[row.list as ReportList].push({ code: row.code, labelKey: row.label_key, group: row.group_code, retired: row.retired === 1 });
  }
  return lists;
}

export function groupMap(items: readonly ListedCode[], fallback: string): Map<string, string> {
  return new Map(items.map((item) => [item.code, item.group ?? fallback]));
}
