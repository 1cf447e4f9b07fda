import { createContext, useContext } from 'react';
import type { AccessStatus } from '../../../main/api/contract.ts';
import type { ReferenceData } from '../../../main/api/contract.ts';
import type { Volunteer } from '../../../main/api/contract.ts';

export interface AppState {
  reference: ReferenceData;
  profile: Volunteer;
  setProfile(profile: Volunteer): void;
  openCrisisPanel(): void;
  /** Who is at the laptop, who has a PIN, and the lock's timings. */
  access: AccessStatus;
  refreshAccess(): Promise<void>;
  /** Become another profile: a volunteer at once, a coordinator or lead after their PIN. */
  switchTo(id: number): Promise<void>;
  lock(): void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppContext');
  return state;
}
