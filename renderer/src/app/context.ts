import { createContext, useContext } from 'react';
import type { ReferenceData } from '../../../main/records/reference.ts';
import type { Volunteer } from '../../../main/records/volunteers.ts';

export interface AppState {
  reference: ReferenceData;
  profile: Volunteer;
  setProfile(profile: Volunteer): void;
  openCrisisPanel(): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppContext');
  return state;
}
