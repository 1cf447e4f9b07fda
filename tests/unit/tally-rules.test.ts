// The counting rule's one owner (main/tallies/): the triggers in the database are its literal
// text, migration 0012 recreated 0007's triggers unchanged, and its counting function says
// what a conversation counts under.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { createMigrator } from '../../main/db/migrator.ts';
import { openStore } from '../../main/db/store.ts';
import { countConversation } from '../../main/tallies/count.ts';
import { TALLY_DIMENSIONS } from '../../main/tallies/dimensions.ts';
import { TALLY_TRIGGER_PREFIX, TALLY_TRIGGERS } from '../../main/tallies/triggers.ts';
import { tempDir } from '../support/temp-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const newFile = () => {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'tallies.db');
};

type Db = ReturnType<typeof openSqlite>;
const talliesIn = (db: Db) =>
  Object.fromEntries(
    (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${TALLY_TRIGGER_PREFIX}%' ORDER BY name`).raw(true).all() as [string, string][]),
  );
/** SQL with its layout taken out: what SQLite runs does not depend on it (no literal holds two spaces or a line break). */
const unformatted = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the tally triggers', () => {
  it('in the database are, to the character, the owner module’s literal text', async () => {
    const { store } = await openStore(newFile());
    const found = talliesIn(store.sqlite);
    expect(Object.keys(found).sort()).toEqual(Object.keys(TALLY_TRIGGERS).sort());
    for (const [name, text] of Object.entries(TALLY_TRIGGERS)) expect(found[name], name).toBe(text);
    store.close();
  });

  it('were recreated by 0012 as 0007 made them, layout aside', async () => {
    const db = openSqlite(newFile());
    const migrator = createMigrator(db);
    expect((await migrator.migrateTo('0011_team_records')).error).toBeUndefined();
    const before = talliesIn(db);
    expect((await migrator.migrateTo('0012_tally_triggers')).error).toBeUndefined();
    const after = talliesIn(db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const name of Object.keys(before)) expect(unformatted(after[name]!), name).toBe(unformatted(before[name]!));
    // Whitespace aside is all: the text did change (it is laid out to be read).
    expect(Object.keys(before).some((name) => before[name] !== after[name])).toBe(true);
    db.close();
  });
});

describe('what a conversation counts under', () => {
  const groupOf = new Map([
    ['smoking', 'cancer'],
    ['screening_bowel', 'cancer'],
    ['mh_carers', 'mental_health'],
  ]);
  const counted = (topics: string[], outcomes: string[]) => {
    const pairs: string[] = [];
    countConversation(
      { bands: { age: 'age_60_74', sex: 'female', ethnicity: 'irish', language: 'en' }, topics, outcomes },
      groupOf,
      (dimension, code) => pairs.push(`${dimension}:${code}`),
    );
    return pairs.sort();
  };

  it('is each band, each topic, each topic group once, and each outcome', () => {
    expect(counted(['smoking', 'screening_bowel', 'mh_carers'], ['leaflet_given', 'referred'])).toEqual(
      [
        'age:age_60_74', 'sex:female', 'ethnicity:irish', 'language:en',
        'topic:smoking', 'topic:screening_bowel', 'topic:mh_carers',
        'topic_group:cancer', 'topic_group:mental_health',
        'outcome:leaflet_given', 'outcome:referred',
      ].sort(),
    );
  });

  it('is "no outcome" when it has none, and a topic off the list is ungrouped', () => {
    expect(counted(['gp_access'], [])).toEqual(
      ['age:age_60_74', 'sex:female', 'ethnicity:irish', 'language:en', 'topic:gp_access', 'topic_group:ungrouped', 'no_outcome:'].sort(),
    );
  });

  it('uses only the declared dimensions', () => {
    const dimensions = new Set(counted(['smoking', 'mh_carers'], []).concat(counted(['smoking'], ['referred'])).map((pair) => pair.split(':')[0]));
    expect([...dimensions].sort()).toEqual([...TALLY_DIMENSIONS].sort());
  });
});
