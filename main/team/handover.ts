// "Hand my records to the coordinator": one file holding what this laptop recorded (never a
// note), encrypted with the team passphrase and signed by this laptop (docs/handover-format.md).
import type { Store } from '../db/store.ts';
import { isoNow, type Clock } from '../../shared/clock.ts';
import { writeHandoverFile } from './handover-file.ts';
import { laptopIdentity, requireTeamPassphrase, signingKeys } from './laptop.ts';
import type { HandoverPayload } from './payload.ts';
import { assignStableIds, teamRecords } from './records.ts';

export interface HandoverSummary {
  laptopId: string;
  laptopName: string;
  writtenAt: string;
  firstDay: string | null;
  lastDay: string | null;
  events: number;
  visits: number;
  conversations: number;
  volunteers: number;
  sites: number;
  auditEntries: number;
}

export function handOverRecords(store: Store, clock: Clock, passphrase: string): { bytes: Buffer; summary: HandoverSummary } {
  const teamId = requireTeamPassphrase(store, passphrase);
  const keys = signingKeys(store);
  const laptop = laptopIdentity(store);
  const writtenAt = isoNow(clock);
  // Stable ids are given and the records read in one transaction: the file is one snapshot.
  const payload: HandoverPayload = store.transaction(() => {
    assignStableIds(store);
    const { ids: _ids, ...records } = teamRecords(store, null, laptop.id);
    return { laptop, writtenAt, ...records };
  });
  const days = payload.events.map((e) => e.localDay).sort();
  const bytes = writeHandoverFile(payload, { teamId, passphrase, ...keys });
  return {
    bytes,
    summary: {
      laptopId: laptop.id,
      laptopName: laptop.name,
      writtenAt,
      firstDay: days[0] ?? null,
      lastDay: days.at(-1) ?? null,
      events: payload.events.length,
      visits: payload.visits.length,
      conversations: payload.conversations.length,
      volunteers: payload.volunteers.length,
      sites: payload.sites.length,
      auditEntries: payload.audit.length,
    },
  };
}
