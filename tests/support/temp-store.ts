// Real SQLite files in a fresh temp dir per test: what the app does, minus Electron.
import path from 'node:path';
import { openStore, type Store } from '../../main/db/store.ts';
import type { Clock } from '../../shared/clock.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';
import { onCleanup, tempDir } from './cleanup.ts';

export { tempDir };

/** A clock the test moves by hand. */
export function manualClock(start = '2026-11-20T10:00:00.000Z'): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  const clock = (() => new Date(now)) as Clock & { set(iso: string): void; advance(ms: number): void };
  clock.set = (iso) => {
    now = new Date(iso);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

export async function freshStore(options: { withVolunteer?: boolean } = {}): Promise<{ store: Store; file: string; dir: string }> {
  const dir = tempDir();
  const file = path.join(dir, 'outreach.db');
  const { store } = await openStore(file);
  onCleanup(() => store.close());
  if (options.withVolunteer ?? true) {
    createVolunteer(store, manualClock(), { name: 'Test Volunteer', role: 'coordinator', language: 'en-GB' });
  }
  return { store, file, dir };
}
