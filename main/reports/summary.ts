// The outreach lead's monthly summary: one month's dashboard figures (trend by week), limited
// to some boroughs or sites if asked, with the organisation's name. The screen and all three
// export formats are drawn from this one object, so they cannot disagree.
import type { Store } from '../db/store.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { invalid } from '../../shared/errors.ts';
import { requireCoordinator } from '../records/volunteers.ts';
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
  const figures = dashboardFigures(store, { ...monthRange(request.month), authorityCodes, siteIds }, 'week');
  return {
    month: request.month,
    organisationName: organisationName(store),
    authorityCodes,
    sites,
    generatedAt: isoNow(clock),
    figures,
  };
}
