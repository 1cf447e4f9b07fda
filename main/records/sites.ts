// Sites where outreach happens. A site is retired, never deleted, once records use it.
import type { Store } from '../db/store.ts';
import { recordAudit } from './audit.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { DomainError, notFound } from '../../shared/errors.ts';
import { assertAuthority, assertCodes } from './reference.ts';
import { requireCoordinator, requireCurrentVolunteer } from './volunteers.ts';

export interface Site {
  id: number;
  name: string;
  authorityCode: string;
  settingType: string;
  retired: boolean;
}

export interface SiteFields {
  name: string;
  authorityCode: string;
  settingType: string;
}

function siteQuery(store: Store) {
  return store.qb.selectFrom('site').select(['id', 'name', 'authority_code', 'setting_type', 'retired_at']);
}

function toSite(row: { id: number; name: string; authority_code: string; setting_type: string; retired_at: string | null }): Site {
  return {
    id: row.id,
    name: row.name,
    authorityCode: row.authority_code,
    settingType: row.setting_type,
    retired: row.retired_at !== null,
  };
}

export function listSites(store: Store, includeRetired = false): Site[] {
  let query = siteQuery(store).orderBy('name');
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  return store.all(query).map(toSite);
}

export function findSite(store: Store, id: number): Site | undefined {
  const row = store.first(siteQuery(store).where('id', '=', id));
  return row ? toSite(row) : undefined;
}

function assertSiteFields(store: Store, fields: SiteFields): void {
  assertAuthority(store, fields.authorityCode);
  assertCodes(store, 'setting_type', 'settingType', [fields.settingType]);
}

export function createSite(store: Store, clock: Clock, fields: SiteFields): Site {
  return store.transaction(() => {
    const actor = requireCurrentVolunteer(store);
    assertSiteFields(store, fields);
    const at = isoNow(clock);
    const { lastInsertRowid: id } = store.run(
      store.qb.insertInto('site').values({
        name: fields.name,
        authority_code: fields.authorityCode,
        setting_type: fields.settingType,
        created_at: at,
        updated_at: at,
      }),
    );
    const site: Site = { id, ...fields, retired: false };
    recordAudit(store, { at, actorId: actor.id, entity: 'site', entityId: id, action: 'create', after: site });
    return site;
  });
}

export function updateSite(store: Store, clock: Clock, id: number, fields: SiteFields): Site {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findSite(store, id);
    if (!before) throw notFound('site');
    assertSiteFields(store, fields);
    const at = isoNow(clock);
    store.run(
      store.qb
        .updateTable('site')
        .set({ name: fields.name, authority_code: fields.authorityCode, setting_type: fields.settingType, updated_at: at })
        .where('id', '=', id),
    );
    const after: Site = { ...before, ...fields };
    recordAudit(store, { at, actorId: actor.id, entity: 'site', entityId: id, action: 'update', before, after });
    return after;
  });
}

export function setSiteRetired(store: Store, clock: Clock, id: number, retired: boolean): Site {
  return store.transaction(() => {
    const actor = requireCoordinator(store);
    const before = findSite(store, id);
    if (!before) throw notFound('site');
    if (before.retired === retired) return before;
    const at = isoNow(clock);
    store.run(store.qb.updateTable('site').set({ retired_at: retired ? at : null, updated_at: at }).where('id', '=', id));
    const after: Site = { ...before, retired };
    recordAudit(store, { at, actorId: actor.id, entity: 'site', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** Records may only be added at a site that is in use. */
export function requireActiveSite(store: Store, id: number): Site {
  const site = findSite(store, id);
  if (!site) throw notFound('site');
  if (site.retired) throw new DomainError('conflict', 'errors.siteRetired', { values: { name: site.name } });
  return site;
}
