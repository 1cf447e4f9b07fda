// A hand-over file that is signed, decrypts and parses, but holds one malformed row among its
// many (the rows a merge checks by hand, main/team/payload-rows.ts): refused as a damaged file,
// by preview and merge alike, and nothing on the coordinator's laptop changes.
import { describe, expect, it } from 'vitest';
import { handOverRecords } from '../../main/team/handover.ts';
import { writeHandoverFile } from '../../main/team/handover-file.ts';
import { laptopIdentity, signingKeys } from '../../main/team/laptop.ts';
import { mergeHandover, previewHandover } from '../../main/team/merge.ts';
import type { HandoverPayload } from '../../main/team/payload.ts';
import { assignStableIds, teamRecords } from '../../main/team/records.ts';
import { PASSPHRASE, TEAM_ID, recordSession, snapshot, teamLaptop, type Laptop, refusal } from '../support/team.ts';

/** The laptop's payload as a hand-over would write it, changed by `spoil`, then signed and encrypted as usual. */
function fileWith(laptop: Laptop, spoil: (payload: HandoverPayload & Record<string, unknown>) => void): Buffer {
  const identity = laptopIdentity(laptop.store);
  const payload = laptop.store.transaction(() => {
    assignStableIds(laptop.store);
    const { ids: _ids, ...records } = teamRecords(laptop.store, null, identity.id);
    return { laptop: identity, writtenAt: laptop.clock().toISOString(), ...records };
  });
  const spoiled = JSON.parse(JSON.stringify(payload)) as HandoverPayload & Record<string, unknown>;
  spoil(spoiled);
  return writeHandoverFile(spoiled, { teamId: TEAM_ID, passphrase: PASSPHRASE, ...signingKeys(laptop.store) });
}

const spoilers: [string, (payload: HandoverPayload & Record<string, unknown>) => void][] = [
  ['a conversation with a key the format does not have', (p) => Object.assign(p.conversations[3]!, { notes: 'Mrs Example' })],
  ['a conversation without topics', (p) => (p.conversations[5]!.topics = [])],
  ['a conversation whose band is too long a code', (p) => (p.conversations.at(-1)!.sex = 'x'.repeat(81))],
  ['a conversation whose safeguarding flag is text', (p) => Object.assign(p.conversations[0]!, { safeguarding: 'no' })],
  ['a visit with a negative count', (p) => (p.visits[0]!.adults = -1)],
  ['a visit with a fractional count', (p) => (p.visits[0]!.children = 1.5)],
  ['a session whose day is not a date', (p) => (p.events[1]!.localDay = '10/10/2026')],
  ['a session volunteer with more hours than a session has', (p) => (p.events[0]!.volunteers = [{ volunteerUid: p.volunteers[0]!.uid, hours: 25 }])],
  ['an audit entry about an entity the format does not have', (p) => Object.assign(p.audit[2]!, { entity: 'handover' })],
  ['an audit entry whose after is a list', (p) => Object.assign(p.audit.at(-1)!, { after: ['x'] })],
  ['a stable id of the wrong length', (p) => (p.conversations[2]!.uid = 'short')],
];

describe('a signed file with one malformed row: refused as damaged, nothing changed', () => {
  it.each(spoilers)('%s', async (_name, spoil) => {
    const amina = await teamLaptop('Amina’s laptop');
    const coordinator = await teamLaptop('Coordinator');
    recordSession(amina, { day: '2026-10-03', conversations: 6 });
    recordSession(amina, { day: '2026-10-10', conversations: 4, borough: 'E09000030' });
    recordSession(coordinator, { day: '2026-10-05', conversations: 3 });
    amina.clock.set('2026-11-10T12:00:00.000Z');
    // The same file unspoiled would merge: only the malformed row refuses it.
    const sound = fileWith(amina, () => {});
    expect(previewHandover(coordinator.store, sound, PASSPHRASE).total.new).toBeGreaterThan(10);
    const file = fileWith(amina, spoil);
    const before = snapshot(coordinator.store);
    expect(refusal(() => previewHandover(coordinator.store, file, PASSPHRASE))).toBe('team.errors.damagedFile');
    expect(refusal(() => mergeHandover(coordinator.store, coordinator.clock, file, PASSPHRASE, { requireCoordinator: true }))).toBe(
      'team.errors.damagedFile',
    );
    expect(snapshot(coordinator.store)).toEqual(before);
    // And the sound file still merges afterwards.
    expect(mergeHandover(coordinator.store, coordinator.clock, sound, PASSPHRASE, { requireCoordinator: true }).merged).toBe(true);
    expect(handOverRecords(amina.store, amina.clock, PASSPHRASE).summary.conversations).toBe(10);
  });
});
