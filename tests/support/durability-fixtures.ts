// Shared by the durability, encryption, health and backup tests: a session ready to take
// conversations, a distinctive note to look for in raw bytes, keys, and damage done to files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { openSqlite, type DatabaseKey } from '../../main/db/connection.ts';
import type { Store } from '../../main/db/store.ts';
import type { Clock } from '../../shared/clock.ts';
import type { ConversationFields } from '../../main/records/conversations.ts';
import { openSession } from '../../main/records/events.ts';
import { createSite } from '../../main/records/sites.ts';
import { createVolunteer } from '../../main/records/volunteers.ts';

/** A note no page of an encrypted file could hold by chance. */
export const MARKER = 'ZEBRA-MARKER-7f3a Mrs Example has a lump, GP on Tuesday';

export function randomKey(): DatabaseKey {
  return crypto.randomBytes(32);
}

/** A coordinator, a site and an open session, so conversations can be recorded; returns the session id. */
export function openStallSession(store: Store, clock: Clock): number {
  createVolunteer(store, clock, { name: 'Durability Tester', role: 'coordinator', language: 'en-GB' });
  const site = createSite(store, clock, { name: 'Catford market stall', authorityCode: 'E09000023', settingType: 'market_high_street' });
  return openSession(store, clock, { siteId: site.id, kind: 'community_stall' }).id;
}

export function conversationFields(eventId: number, notes = ''): ConversationFields {
  return {
    eventId,
    depth: 'meaningful_discussion',
    topics: ['screening_bowel', 'mh_stress_anxiety'],
    outcomes: ['leaflet_given'],
    ageBand: 'age_60_74',
    sex: 'female',
    ethnicity: 'bangladeshi',
    language: 'bn',
    safeguarding: false,
    notes,
  };
}

/** Whether the file's raw bytes contain `text` (as UTF-8). */
export function rawBytesContain(file: string, text: string): boolean {
  return fs.readFileSync(file).includes(Buffer.from(text, 'utf8'));
}

/** Overwrites `length` bytes at `offset` with random garbage, as a bad sector or a stray write would. */
export function overwriteBytes(file: string, offset: number, length: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, crypto.randomBytes(length), 0, length, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes every committed page into the main file and empties the -wal, so raw bytes reflect the data. */
export function checkpoint(store: Store): void {
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}

export function countRows(file: string, table: string, key?: DatabaseKey): number {
  const sqlite = openSqlite(file, { key, readonly: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}
