// Who is at the laptop right now, held in the main process (never in the page): whether the
// app is locked, and until when a coordinator's PIN holds. The dispatcher asks `authorize` before
// every call, with the level the contract declares for the method, so a page that skips a
// screen's checks still cannot read records on the lock screen or act as a coordinator.
import type { Access } from '../api/schema-parts.ts';
import type { Store } from '../db/store.ts';
import type { Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import { currentVolunteer, listVolunteers, type Role, type Volunteer } from '../records/volunteers.ts';
import { isLaptopProtected } from './profile-secrets.ts';

export interface LockTimes {
  /** The page locks itself after this long with no key press, click or touch. */
  idleLockSeconds: number;
  /** A coordinator's PIN holds this long after their last coordinator action. */
  unlockSeconds: number;
}

export const defaultLockMinutes = { idleLockMinutes: 10, unlockMinutes: 5 } as const;

const settingKeys = { idleLockMinutes: 'access.idle_lock_minutes', unlockMinutes: 'access.unlock_minutes' } as const;

export interface LockSettings {
  idleLockMinutes: number;
  unlockMinutes: number;
}

export function readLockSettings(store: Store): LockSettings {
  const rows = store.all(store.qb.selectFrom('setting').select(['key', 'value']).where('key', 'in', Object.values(settingKeys)));
  const value = (key: string, fallback: number) => {
    const parsed = Number(rows.find((r) => r.key === key)?.value);
    return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
  };
  return {
    idleLockMinutes: value(settingKeys.idleLockMinutes, defaultLockMinutes.idleLockMinutes),
    unlockMinutes: value(settingKeys.unlockMinutes, defaultLockMinutes.unlockMinutes),
  };
}

export function writeLockSettings(store: Store, settings: LockSettings): void {
  for (const [field, key] of Object.entries(settingKeys) as [keyof LockSettings, string][]) {
    const value = String(settings[field]);
    store.run(store.qb.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
  }
}

export interface AccessStatus {
  /** A coordinator or lead has a PIN; until then there is nothing to lock. */
  protected: boolean;
  locked: boolean;
  /** Who records, when the laptop is not locked. */
  profile: Volunteer | null;
  /** Until when the current coordinator's PIN holds (ISO instant), if it does. */
  unlockedUntil: string | null;
  settings: LockSettings;
  times: LockTimes;
  /** The names on the lock screen and in set-up: profiles in service, and whether each has a PIN. */
  people: { id: number; name: string; role: Role; hasPin: boolean }[];
}

export class AccessSession {
  #locked: boolean;
  #elevation: { profileId: number; until: number } | null = null;
  readonly #store: Store;
  readonly #clock: Clock;
  /** Shorter times for browser tests (the harness's --idle-lock-seconds); none in the app. */
  readonly #override: Partial<LockTimes>;

  constructor(store: Store, clock: Clock, override: Partial<LockTimes> = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#override = override;
    // A laptop with a PIN set starts locked: whoever opens the app says who they are first.
    this.#locked = isLaptopProtected(store);
  }

  times(): LockTimes {
    const settings = readLockSettings(this.#store);
    return {
      idleLockSeconds: this.#override.idleLockSeconds ?? settings.idleLockMinutes * 60,
      unlockSeconds: this.#override.unlockSeconds ?? settings.unlockMinutes * 60,
    };
  }

  isLocked(): boolean {
    return this.#locked && isLaptopProtected(this.#store);
  }

  lock(): void {
    this.#locked = true;
    this.#elevation = null;
  }

  /** Someone picked their name on the lock screen (or set the laptop up). */
  openFor(profileId: number, options: { elevated: boolean }): void {
    this.#locked = false;
    this.#elevation = options.elevated ? { profileId, until: this.#clock().getTime() + this.times().unlockSeconds * 1000 } : null;
  }

  unlockedUntil(profileId: number): Date | null {
    const elevation = this.#elevation;
    if (!elevation || elevation.profileId !== profileId || elevation.until <= this.#clock().getTime()) return null;
    return new Date(elevation.until);
  }

  /** Throws a DomainError (with a message key) when the caller may not use a method of this level. */
  authorize(level: Access): void {
    if (level === 'open') return;
    const protectedLaptop = isLaptopProtected(this.#store);
    if (protectedLaptop && this.#locked) throw new DomainError('locked', 'errors.access.locked');
    if (level === 'volunteer') return;
    const current = currentVolunteer(this.#store);
    if (!current) throw new DomainError('forbidden', 'errors.noProfile');
    if (current.role === 'volunteer') throw new DomainError('forbidden', 'errors.coordinatorsOnly');
    if (!protectedLaptop) throw new DomainError('setup_required', 'errors.access.setupRequired');
    if (!this.unlockedUntil(current.id)) {
      throw new DomainError('unlock_required', 'errors.access.unlockRequired', { values: { name: current.name } });
    }
    // Each coordinator action keeps the PIN good for the next few minutes (as sudo does).
    this.#elevation = { profileId: current.id, until: this.#clock().getTime() + this.times().unlockSeconds * 1000 };
  }

  status(): AccessStatus {
    const store = this.#store;
    const locked = this.isLocked();
    const profile = locked ? null : currentVolunteer(store);
    const withPins = new Set(store.all(store.qb.selectFrom('profile_secret').select('volunteer_id')).map((r) => r.volunteer_id));
    return {
      protected: isLaptopProtected(store),
      locked,
      profile,
      unlockedUntil: profile ? (this.unlockedUntil(profile.id)?.toISOString() ?? null) : null,
      settings: readLockSettings(store),
      times: this.times(),
      people: listVolunteers(store).map((v) => ({ id: v.id, name: v.name, role: v.role, hasPin: withPins.has(v.id) })),
    };
  }
}

const sessions = new WeakMap<object, AccessSession>();

/** A host's access session, made once per service context when the host gave none. */
export function sessionOf(context: { store: Store; clock: Clock; access?: AccessSession; lockTimes?: Partial<LockTimes> }): AccessSession {
  if (context.access) return context.access;
  let session = sessions.get(context);
  if (!session) {
    session = new AccessSession(context.store, context.clock, context.lockTimes);
    sessions.set(context, session);
  }
  return session;
}
