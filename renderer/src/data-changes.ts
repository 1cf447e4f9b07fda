// Lists shown on one screen (the "Recording as" profiles, sites, the app's lists) must follow a
// change made on another without a restart: call() announces each change here, lists reload.
import { useEffect, useState } from 'react';

export type ChangedList = 'volunteers' | 'sites' | 'reference';

/** The calls that change what a list on screen shows, and which list. */
const changesOf: Record<string, ChangedList> = {
  'profiles.create': 'volunteers',
  'volunteers.update': 'volunteers',
  'sites.create': 'sites',
  'sites.update': 'sites',
  'sites.setRetired': 'sites',
  'lists.setItemRetired': 'reference',
  'lists.saveHelpContact': 'reference',
  'maintenance.restore': 'reference',
  'import.spreadsheet': 'reference',
};

const versions: Record<ChangedList, number> = { volunteers: 0, sites: 0, reference: 0 };
const listeners = new Set<() => void>();

export function announceChange(method: string): void {
  const list = changesOf[method];
  if (!list) return;
  versions[list]++;
  // A restore or an import can bring volunteers and sites with it.
  if (list === 'reference' && method !== 'lists.setItemRetired' && method !== 'lists.saveHelpContact') {
    versions.volunteers++;
    versions.sites++;
  }
  for (const listener of listeners) listener();
}

/** A number that changes whenever one of the given lists changes: use it as an effect dependency or key. */
export function useListsVersion(...lists: ChangedList[]): number {
  const read = () => lists.reduce((sum, list) => sum + versions[list], 0);
  const [version, setVersion] = useState(read);
  useEffect(() => {
    const listener = () => setVersion(lists.reduce((sum, list) => sum + versions[list], 0));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
    // The lists are fixed per call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return version;
}
