// The lists a report's filters offer (sites, volunteers, team laptops), read once `ready` and
// drawn at low priority: a thousand sites must never hold up the figures the person asked for.
import type { KnownLaptop, Site, Volunteer } from '../../../../main/api/contract.ts';
import { useContract } from '../../app/useContract.ts';

const none = { sites: [] as Site[], volunteers: [] as Volunteer[], laptops: [] as KnownLaptop[] };

export interface FilterLists {
  sites: Site[];
  volunteers: Volunteer[];
  laptops: KnownLaptop[];
  /** The first list that failed to load, for LoadProblem; the filters still work without it. */
  error: unknown;
}

export function useFilterLists(ready: boolean): FilterLists {
  const input = ready ? { includeRetired: true } : null;
  const sites = useContract('sites.list', input, { deferred: true });
  const volunteers = useContract('volunteers.list', input, { deferred: true });
  const laptops = useContract('team.laptops', ready ? {} : null, { deferred: true });
  return {
    sites: sites.value ?? none.sites,
    volunteers: volunteers.value ?? none.volunteers,
    laptops: laptops.value ?? none.laptops,
    error: sites.error ?? volunteers.error ?? laptops.error,
  };
}
