// The outreach lead's monthly summary: one month's dashboard figures (trend by week), limited
// to some boroughs, sites, volunteers or team laptops if asked, with the organisation's name.
// The screen and all three export formats are drawn from this one object, so they cannot
// disagree.
import type { Store } from '../db/store.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { requireCoordinator } from '../records/volunteers.ts';
import { laptopNames } from '../team/laptop.ts';
import { dashboardFigures } from './dashboard.ts';
import type { MonthlySummary } from './figures.ts';
import { isMonth, monthRange } from '../../shared/days.ts';

const ORGANISATION_NAME_KEY = 'organisation_name';
export const DEFAULT_ORGANISATION_NAME = 'Outreach Tally';
export const ORGANISATION_NAME_MAX = 120;

export interface SummaryRequest {
  month: string;
  authorityCodes?: string[] | undefined;
  siteIds?: number[] | undefined;
  volunteerIds?: number[] | undefined;
  laptopIds?: string[] | undefined;
}

export function organisationName(store: Store): string {
  const row = store.first(store.qb.selectFrom('setting').select('value').where('key', '=', ORGANISATION_NAME_KEY));
  return row?.value.trim() || DEFAULT_ORGANISATION_NAME;
}

/** The name printed on every export; coordinators and leads set it. Blank restores the default. */
export function setOrganisationName(store: Store, name: string): string {
  return store.transaction(() => {
    requireCoordinator(store);
    const value = name.trim();
    if (value.length > ORGANISATION_NAME_MAX) throw invalid('name', 'errors.organisationNameTooLong', { max: ORGANISATION_NAME_MAX });
    if (value === '') {
      store.run(store.qb.deleteFrom('setting').where('key', '=', ORGANISATION_NAME_KEY));
    } else {
      store.run(
        store.qb
          .insertInto('setting')
          .values({ key: ORGANISATION_NAME_KEY, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
      );
    }
    return organisationName(store);
  });
}

export function monthlySummary(store: Store, clock: Clock, request: SummaryRequest): MonthlySummary {
  if (!isMonth(request.month)) throw invalid('month', 'errors.invalidDate');
  const authorityCodes = [...new Set(request.authorityCodes ?? [])].sort();
  const siteIds = [...new Set(request.siteIds ?? [])].sort((a, b) => a - b);
  const sites =
    siteIds.length === 0
      ? []
      : store
          .all(store.qb.selectFrom('site').select(['id', 'name', 'authority_code']).where('id', 'in', siteIds).orderBy('name'))
          .map((s) => ({ id: s.id, name: s.name, authorityCode: s.authority_code }));
  const volunteerIds = [...new Set(request.volunteerIds ?? [])].sort((a, b) => a - b);
  const volunteers =
    volunteerIds.length === 0
      ? []
      : store.all(store.qb.selectFrom('volunteer').select(['id', 'name']).where('id', 'in', volunteerIds).orderBy('name').orderBy('id'));
  // A laptop is named in the summary's header, so one this laptop has never heard of is refused
  // (a mistyped --laptop would otherwise print an empty month as if nothing had happened).
  const names = laptopNames(store);
  const laptopIds = [...new Set(request.laptopIds ?? [])].sort();
  const unknown = laptopIds.find((id) => !names.has(id));
  if (unknown !== undefined) throw invalid('laptopIds', 'errors.unknownLaptop');
  const laptops = laptopIds.map((id) => ({ id, name: names.get(id)! })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const figures = dashboardFigures(store, { ...monthRange(request.month), authorityCodes, siteIds, volunteerIds, laptopIds }, 'week');
  return {
    month: request.month,
    organisationName: organisationName(store),
    authorityCodes,
    sites,
    volunteers,
    laptops,
    generatedAt: isoNow(clock),
    figures,
  };
}
