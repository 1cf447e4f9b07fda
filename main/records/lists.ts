// The lists an organisation tailors: which topics, outcomes, kinds and bands the app offers
// (retiring an item hides it from new records, never from old ones), and the help contacts
// shown in the crisis panel.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { forgetReferenceCache, type HelpContact, type ReferenceList } from './reference.ts';
import { managedLists } from '../../shared/vocabulary.ts';
import { requireCoordinator } from './volunteers.ts';

export interface ManagedItem {
  list: ReferenceList;
  code: string;
  labelKey: string;
  group: string | null;
  retired: boolean;
}


export function listItems(store: Store): ManagedItem[] {
  return store
    .all(
      store.qb
        .selectFrom('reference_item')
        .select(['list', 'code', 'label_key', 'group_code', 'retired'])
        .where('list', 'in', [...managedLists])
        .orderBy('list')
        .orderBy('sort'),
    )
    .map((r) => ({ list: r.list as ReferenceList, code: r.code, labelKey: r.label_key, group: r.group_code, retired: r.retired === 1 }));
}

export function setItemRetired(store: Store, clock: Clock, list: ReferenceList, code: string, retired: boolean): ManagedItem {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = listItems(store).find((i) => i.list === list && i.code === code);
    if (!before) throw notFound('list item');
    store.run(store.qb.updateTable('reference_item').set({ retired: retired ? 1 : 0 }).where('list', '=', list).where('code', '=', code));
    forgetReferenceCache(store);
    const after = { ...before, retired };
    // Reference items have a text key (named in before/after), so the entry names itself.
    recordAudit(store, { at: isoNow(clock), actorId: actor.id, entity: 'reference_item', action: 'update', before, after });
    return after;
  });
}

export interface HelpContactFields {
  name: string;
  phone: string;
  description: string;
  kind: 'crisis' | 'local_service';
}

export function listHelpContacts(store: Store, includeRetired: boolean): (HelpContact & { retired: boolean })[] {
  let query = store.qb.selectFrom('help_contact').selectAll().orderBy('sort').orderBy('id');
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  return store.all(query).map((c) => ({
    id: c.id,
    name: c.name,
    nameKey: c.name_key,
    description: c.description,
    descriptionKey: c.description_key,
    phone: c.phone,
    kind: c.kind as HelpContact['kind'],
    retired: c.retired_at !== null,
  }));
}

export function saveHelpContact(store: Store, clock: Clock, id: number | null, fields: HelpContactFields, retired = false) {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const at = isoNow(clock);
    const before = id === null ? null : listHelpContacts(store, true).find((c) => c.id === id);
    if (id !== null && !before) throw notFound('help contact');
    // The organisation's own wording replaces the seeded, translated text.
    const row = { ...fields, name_key: null, description_key: null, retired_at: retired ? at : null };
    let savedId = id;
    if (id === null) {
      const next = store.first(store.qb.selectFrom('help_contact').select((eb) => eb.fn.max('sort').as('sort')));
      savedId = store.run(store.qb.insertInto('help_contact').values({ ...row, sort: Number(next?.sort ?? 0) + 1 })).lastInsertRowid;
    } else {
      store.run(store.qb.updateTable('help_contact').set(row).where('id', '=', id));
    }
    const after = listHelpContacts(store, true).find((c) => c.id === savedId)!;
    recordAudit(store, { at, actorId: actor.id, entity: 'help_contact', entityId: savedId!, action: id === null ? 'create' : 'update', before, after });
    return after;
  });
}
