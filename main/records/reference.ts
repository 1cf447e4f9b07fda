// The lists the app offers (setting types, event kinds, topics, outcomes, bands), the London
// local authorities and the help contacts. Seeded by migrations; organisations may edit them.
import type { Store } from '../db/store.ts';
import { invalid } from '../../shared/errors.ts';

export type ReferenceList =
  | 'setting_type'
  | 'event_kind'
  | 'topic_group'
  | 'topic'
  | 'outcome'
  | 'depth'
  | 'age'
  | 'sex'
  | 'ethnicity'
  | 'ethnicity_group'
  | 'language';

export interface ReferenceItem {
  code: string;
  labelKey: string;
  group: string | null;
}

export interface Authority {
  code: string;
  name: string;
}

export interface HelpContact {
  id: number;
  name: string;
  nameKey: string | null;
  description: string;
  descriptionKey: string | null;
  phone: string;
  kind: 'crisis' | 'local_service';
}

export interface ReferenceData {
  lists: Record<ReferenceList, ReferenceItem[]>;
  authorities: Authority[];
  helpContacts: HelpContact[];
}

export function referenceData(store: Store): ReferenceData {
  const items = store.all(
    store.qb
      .selectFrom('reference_item')
      .select(['list', 'code', 'label_key', 'group_code'])
      .where('retired', '=', 0)
      .orderBy('list')
      .orderBy('sort'),
  );
  const lists = {} as Record<ReferenceList, ReferenceItem[]>;
  for (const item of items) {
    (lists[item.list as ReferenceList] ??= []).push({ code: item.code, labelKey: item.label_key, group: item.group_code });
  }
  const authorities = store.all(store.qb.selectFrom('authority').select(['code', 'name']).orderBy('name'));
  const helpContacts = store
    .all(store.qb.selectFrom('help_contact').selectAll().where('retired_at', 'is', null).orderBy('sort'))
    .map((c) => ({
      id: c.id,
      name: c.name,
      nameKey: c.name_key,
      description: c.description,
      descriptionKey: c.description_key,
      phone: c.phone,
      kind: c.kind as HelpContact['kind'],
    }));
  return { lists, authorities, helpContacts };
}

// Active codes per list, per open store: logging a conversation checks seven lists, and this
// keeps those checks off the database. Retiring or reinstating an item (lists.ts) clears it;
// another process changing the lists is seen at the next start, and only ever lets an item
// through that the organisation just retired, never an unknown code.
const activeCodes = new WeakMap<Store, Map<string, Set<string>>>();

export function forgetReferenceCache(store: Store): void {
  activeCodes.delete(store);
}

function codesOf(store: Store, list: ReferenceList): Set<string> {
  let lists = activeCodes.get(store);
  if (!lists) {
    lists = new Map();
    const rows = store.all(store.qb.selectFrom('reference_item').select(['list', 'code']).where('retired', '=', 0));
    for (const row of rows) {
      let codes = lists.get(row.list);
      if (!codes) lists.set(row.list, (codes = new Set()));
      codes.add(row.code);
    }
    activeCodes.set(store, lists);
  }
  return lists.get(list) ?? new Set();
}

/**
 * Checks codes against a reference list. Zod checks the shape at the edge; only the
 * database knows which codes this organisation offers.
 */
export function assertCodes(store: Store, list: ReferenceList, field: string, codes: readonly string[]): void {
  if (codes.length === 0) return;
  const known = codesOf(store, list);
  codes.forEach((code, index) => {
    if (!known.has(code)) {
      throw invalid(codes.length > 1 || field.endsWith('s') ? `${field}.${index}` : field, 'errors.unknownCode', { code });
    }
  });
}

export function assertAuthority(store: Store, code: string): void {
  const found = store.first(store.qb.selectFrom('authority').select('code').where('code', '=', code));
  if (!found) throw invalid('authorityCode', 'errors.unknownAuthority', { code });
}
