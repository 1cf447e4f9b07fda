// Whether a hand-over file may be merged here: the file's team and laptop against this
// laptop's, then its codes and references (docs/handover-format.md, the table under "Merging").
// Every refusal is a message key, raised before anything is written.
import type { Store } from '../db/store.ts';
import { DomainError } from '../../shared/errors.ts';
import { openHandoverFile, readHandoverHeader, type HandoverHeader } from './handover-file.ts';
import { laptopIdentity } from './laptop.ts';
import { recordKinds, type HandoverPayload } from './payload.ts';
import { idsByUid } from './uids.ts';

function setting(store: Store, key: string): string | undefined {
  return store.first(store.qb.selectFrom('setting').select('value').where('key', '=', key))?.value;
}

/** Checks the file against this laptop before anything is decrypted, then its contents. */
export function openForThisTeam(store: Store, bytes: Uint8Array, passphrase: string): { header: HandoverHeader; payload: HandoverPayload } {
  const read = readHandoverHeader(bytes);
  const { header } = read;
  const teamId = setting(store, 'team_id');
  if (!teamId) throw new DomainError('conflict', 'team.errors.noTeam');
  if (header.teamId !== teamId) throw new DomainError('conflict', 'team.errors.otherTeam');
  if (header.laptopId === laptopIdentity(store).id) throw new DomainError('conflict', 'team.errors.ownFile');
  const known = store.first(store.qb.selectFrom('team_laptop').select('public_key').where('id', '=', header.laptopId));
  if (known && known.public_key !== header.publicKey) throw new DomainError('conflict', 'team.errors.laptopKeyChanged');
  // The signature was checked with the header: the file is read and verified once.
  const opened = openHandoverFile(bytes, passphrase, read);
  checkCodes(store, opened.payload);
  checkReferences(store, opened.payload);
  return opened;
}

/**
 * Every code must be in this laptop's reference lists. Retired codes are accepted (old records
 * keep them, as a correction here may); a code this laptop has never had is refused.
 */
function checkCodes(store: Store, payload: HandoverPayload): void {
  const known = new Map<string, Set<string>>();
  for (const [list, code] of store.sqlite.prepare('SELECT list, code FROM reference_item').raw(true).all() as [string, string][]) {
    let codes = known.get(list);
    if (!codes) known.set(list, (codes = new Set()));
    codes.add(code);
  }
  known.set('authority', new Set(store.sqlite.prepare('SELECT code FROM authority').pluck().all() as string[]));
  const none = new Set<string>();
  const need = (list: string, code: string) => {
    if (!(known.get(list) ?? none).has(code)) throw new DomainError('invalid_input', 'team.errors.unknownCode', { values: { list, code } });
  };
  for (const site of payload.sites) {
    need('authority', site.authorityCode);
    need('setting_type', site.settingType);
  }
  for (const event of payload.events) need('event_kind', event.kind);
  for (const c of payload.conversations) {
    need('depth', c.depth);
    for (const topic of c.topics) need('topic', topic);
    for (const outcome of c.outcomes) need('outcome', outcome);
    need('age', c.ageBand);
    need('sex', c.sex);
    need('ethnicity', c.ethnicity);
    need('language', c.language);
  }
}

/** Every stable id a record names is in the file (or, for sites and volunteers, already here). */
function checkReferences(store: Store, payload: HandoverPayload): void {
  const damaged = () => new DomainError('invalid_input', 'team.errors.damagedFile');
  const volunteers = new Set(payload.volunteers.map((v) => v.uid));
  const sites = new Set(payload.sites.map((s) => s.uid));
  const events = new Set(payload.events.map((e) => e.uid));
  // Sites and volunteers named but not in the file must be here already: collected, then looked up at once.
  const otherVolunteers = new Set<string>();
  const otherSites = new Set<string>();
  const volunteer = (uid: string | null) => {
    if (uid !== null && !volunteers.has(uid)) otherVolunteers.add(uid);
  };
  for (const event of payload.events) {
    if (!sites.has(event.siteUid)) otherSites.add(event.siteUid);
    volunteer(event.createdBy);
    for (const member of event.volunteers) volunteer(member.volunteerUid);
  }
  for (const records of [payload.visits, payload.conversations]) {
    for (const record of records) {
      if (!events.has(record.eventUid)) throw damaged();
      volunteer(record.recordedBy);
    }
  }
  const db = store.sqlite;
  if (idsByUid(db, 'volunteer', [...otherVolunteers]).size !== otherVolunteers.size) throw damaged();
  if (idsByUid(db, 'site', [...otherSites]).size !== otherSites.size) throw damaged();
  for (const c of payload.conversations) if (hasRepeats(c.topics) || hasRepeats(c.outcomes)) throw damaged();
  for (const kind of recordKinds) {
    const uids = new Set(payload[kind].map((r) => r.uid));
    if (uids.size !== payload[kind].length) throw damaged();
  }
}

/** Whether a conversation's short list of codes (at most 50, nearly always 1 to 3) names one twice: no Set per row. */
function hasRepeats(codes: readonly string[]): boolean {
  for (let i = 1; i < codes.length; i++) for (let j = 0; j < i; j++) if (codes[i] === codes[j]) return true;
  return false;
}
