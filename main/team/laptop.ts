// This laptop's identity in a team (docs/handover-format.md): a random id made by migration
// 0011, a name people recognise, and an Ed25519 key pair made at the first hand-over so the
// coordinator's laptop can tell which laptop wrote a file. The team id and a check value of the
// team passphrase (scrypt; never the passphrase itself) are set by the coordinator.
import crypto from 'node:crypto';
import type { Store } from '../db/store.ts';
import { DomainError } from '../../shared/errors.ts';

export const MIN_PASSPHRASE_LENGTH = 12;
export const MAX_LAPTOP_NAME_LENGTH = 60;
const TEAM_ID = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

/** scrypt cost for the passphrase: ~100 ms and 32 MiB, slow to guess, quick for a person. */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;
export const SCRYPT_MAXMEM = 256 * 1024 * 1024;

export interface ScryptParameters {
  N: number;
  r: number;
  p: number;
  salt: string; // base64
}

export function deriveKey(passphrase: string, parameters: ScryptParameters): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), Buffer.from(parameters.salt, 'base64'), SCRYPT.keyLength, {
    N: parameters.N,
    r: parameters.r,
    p: parameters.p,
    maxmem: SCRYPT_MAXMEM,
  });
}

function setting(store: Store, key: string): string | undefined {
  return store.first(store.qb.selectFrom('setting').select('value').where('key', '=', key))?.value;
}

function putSetting(store: Store, key: string, value: string): void {
  store.run(store.qb.insertInto('setting').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
}

export interface LaptopIdentity {
  id: string;
  name: string;
}

/** This laptop's id and name; the id is made (a random UUID, kept) the first time it is asked for. */
export function laptopIdentity(store: Store): LaptopIdentity {
  let id = setting(store, 'laptop_id');
  // A database opened read-only (stats on a read-only stick) is described, never written.
  if (!id && store.sqlite.readonly) return { id: '', name: setting(store, 'laptop_name') ?? 'This laptop' };
  if (!id) {
    store.run(store.qb.insertInto('setting').values({ key: 'laptop_id', value: crypto.randomUUID() }).onConflict((oc) => oc.doNothing()));
    id = setting(store, 'laptop_id')!;
  }
  return { id, name: setting(store, 'laptop_name') ?? `Laptop ${id.slice(0, 4).toUpperCase()}` };
}

/**
 * Every laptop whose records this database may hold, by id: this one and each team member's
 * merged here. Reads only (a report must not make this laptop's id on a read-only file).
 */
export function laptopNames(store: Store): Map<string, string> {
  const names = new Map<string, string>();
  const own = setting(store, 'laptop_id');
  if (own) names.set(own, laptopIdentity(store).name);
  for (const laptop of store.all(store.qb.selectFrom('team_laptop').select(['id', 'name']))) names.set(laptop.id, laptop.name);
  return names;
}

export function nameLaptop(store: Store, name: string): LaptopIdentity {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > MAX_LAPTOP_NAME_LENGTH) {
    throw new DomainError('invalid_input', 'errors.invalidInput', {
      fields: [{ field: 'name', messageKey: 'team.errors.laptopName', values: { max: MAX_LAPTOP_NAME_LENGTH } }],
    });
  }
  store.transaction(() => putSetting(store, 'laptop_name', trimmed));
  return laptopIdentity(store);
}

/** The laptop's signing key pair, made (and kept in the encrypted database) the first time it is needed. */
export function signingKeys(store: Store): { privateKey: crypto.KeyObject; publicKey: string } {
  return store.transaction(() => {
    let pem = setting(store, 'laptop_signing_key');
    if (!pem) {
      const pair = crypto.generateKeyPairSync('ed25519');
      pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      putSetting(store, 'laptop_signing_key', pem);
    }
    const privateKey = crypto.createPrivateKey(pem);
    const publicKey = crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
    return { privateKey, publicKey };
  });
}

export interface TeamSettings {
  teamId: string | null;
  laptop: LaptopIdentity;
}

export function teamSettings(store: Store): TeamSettings {
  return { teamId: setting(store, 'team_id') ?? null, laptop: laptopIdentity(store) };
}

/** A new team id for the coordinator to give the team: four groups of four letters and digits. */
export function newTeamId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function normaliseTeamId(teamId: string): string {
  return teamId.trim().toUpperCase();
}

/**
 * Joins this laptop to a team (the coordinator's laptop too): keeps the team id and a check
 * value of the passphrase, so a mistyped passphrase is caught before a file is written.
 */
export function joinTeam(store: Store, input: { teamId: string; passphrase: string }): TeamSettings {
  const teamId = normaliseTeamId(input.teamId);
  if (!TEAM_ID.test(teamId)) {
    throw new DomainError('invalid_input', 'errors.invalidInput', { fields: [{ field: 'teamId', messageKey: 'team.errors.teamIdFormat' }] });
  }
  if (input.passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new DomainError('invalid_input', 'errors.invalidInput', {
      fields: [{ field: 'passphrase', messageKey: 'team.errors.passphraseTooShort', values: { min: MIN_PASSPHRASE_LENGTH } }],
    });
  }
  const parameters: ScryptParameters = { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: crypto.randomBytes(16).toString('base64') };
  const check = deriveKey(input.passphrase, parameters).toString('base64');
  store.transaction(() => {
    putSetting(store, 'team_id', teamId);
    putSetting(store, 'team_passphrase_check', JSON.stringify({ ...parameters, check }));
  });
  return teamSettings(store);
}

/** The team id, once the passphrase is the team's; refused with a message key otherwise. */
export function requireTeamPassphrase(store: Store, passphrase: string): string {
  const teamId = setting(store, 'team_id');
  const stored = setting(store, 'team_passphrase_check');
  if (!teamId || !stored) throw new DomainError('conflict', 'team.errors.noTeam');
  const { check, ...parameters } = JSON.parse(stored) as ScryptParameters & { check: string };
  const derived = deriveKey(passphrase, parameters);
  const expected = Buffer.from(check, 'base64');
  if (derived.length !== expected.length || !crypto.timingSafeEqual(derived, expected)) {
    throw new DomainError('invalid_input', 'team.errors.wrongPassphrase');
  }
  return teamId;
}
