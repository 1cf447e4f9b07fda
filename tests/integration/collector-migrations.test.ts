// A collector that ran protocol version 1 holds every revision's body and no per-period policy.
// Migration 2 erases the superseded bodies and takes each period's policy from its latest body,
// so the new rules hold for what was stored before them too.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../main/db/connection.ts';
import { errorBodySchema, POLICY_LOWERED } from '../../main/sync/protocol.ts';
import { createCollector, type Collector } from '../../server/collector.ts';
import { postgresMigrations } from '../../server/migrations/postgres.ts';
import { sqliteMigrations } from '../../server/migrations/sqlite.ts';
import { newBearerToken, sha256Hex } from '../../server/secrets.ts';
import { backends, manualClock, postJson, sampleSubmission, type TestDatabase } from '../../server/testing/fixtures.ts';

/** What a version 1 collector wrote: a device, and revisions 1 and 2 of October with their bodies. */
function versionOneRows(enrolmentId: string, tokenSha256: string) {
  const body = (revision: number, sessions: number) =>
    JSON.stringify({
      schemaVersion: 1,
      submissionId: randomUUID(),
      enrolmentId,
      period: '2026-10',
      revision,
      policy: { method: 'nhsd-hes-2018', threshold: 10, roundingBase: 5 },
      boroughs: [{ authorityCode: 'E09000023', activity: [{ eventKind: 'popup_shop', sessions, volunteerHours: 2.5, visitorsAdults: 1, visitorsChildren: 0 }] }],
    });
  const submission = (revision: number, sessions: number) => ({
    id: randomUUID(),
    receipt: `rcpt_${randomUUID()}`,
    revision,
    body: body(revision, sessions),
  });
  return { device: { enrolmentId, tokenSha256 }, first: submission(1, 976_541), second: submission(2, 976_542) };
}

type Rows = ReturnType<typeof versionOneRows>;

async function writeVersionOne(database: TestDatabase, rows: Rows): Promise<void> {
  const at = '2026-11-03T10:00:00.000Z';
  const statements: [string, unknown[]][] = [
    ['INSERT INTO devices (enrolment_id, token_sha256, organisation, enrolled_at) VALUES ($1, $2, NULL, $3)', [rows.device.enrolmentId, rows.device.tokenSha256, at]],
    ...[rows.first, rows.second].map(
      (s): [string, unknown[]] => [
        `INSERT INTO submissions (submission_id, receipt_id, enrolment_id, period, revision, status, body_sha256, body, received_at)
         VALUES ($1, $2, $3, '2026-10', $4, 'stored', $5, $6, $7)`,
        [s.id, s.receipt, rows.device.enrolmentId, s.revision, sha256Hex(s.body), s.body, at],
      ],
    ),
    ["INSERT INTO latest_revisions (enrolment_id, period, revision, submission_id) VALUES ($1, '2026-10', 2, $2)", [rows.device.enrolmentId, rows.second.id]],
  ];
  const { location } = database;
  if ('sqliteFile' in location) {
    const db = openSqlite(location.sqliteFile);
    db.exec('CREATE TABLE collector_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    db.exec(sqliteMigrations[0]!.sql);
    db.prepare('INSERT INTO collector_migrations VALUES (1, ?, ?)').run(sqliteMigrations[0]!.name, at);
    for (const [sql, values] of statements) db.prepare(sql.replace(/\$\d/g, '?')).run(...values);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: location.postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${location.schema}"`);
    await client.query(`SET search_path = "${location.schema}"`);
    await client.query('CREATE TABLE collector_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query(postgresMigrations[0]!.sql);
    await client.query('INSERT INTO collector_migrations (id, name) VALUES (1, $1)', [postgresMigrations[0]!.name]);
    for (const [sql, values] of statements) await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe.each(backends)('collector migration 2 on $name', (backend) => {
  if (backend.skipReason) {
    it.skip(backend.skipReason, () => {});
    return;
  }

  const cleanUp: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanUp.splice(0).reverse()) await step();
  });

  it('erases superseded bodies, keeps each period’s policy, and refuses a revision that lowers it', async () => {
    const database = await backend.createDatabase();
    cleanUp.push(() => database.dispose());
    const token = newBearerToken();
    const rows = versionOneRows('dev_migrated_1', sha256Hex(token));
    await writeVersionOne(database, rows);
    const holds = (contents: string, sessions: number) => new RegExp(`"sessions":\\s*${sessions}\\b`).test(contents);
    expect(holds(await database.rawContents(), 976_541)).toBe(true);

    const store = await database.openStore();
    cleanUp.push(() => store.close());

    const contents = await database.rawContents();
    expect(holds(contents, 976_541)).toBe(false);
    expect(holds(contents, 976_542)).toBe(true);
    // A version 1 body is kept but never summed with version 2 figures.
    expect(await store.latestSubmissions('2026-10')).toEqual([]);

    const collector: Collector = createCollector({ store, clock: manualClock('2026-12-07T12:00:00.000Z') });
    cleanUp.push(() => collector.close());
    const { url } = await collector.listen(0);
    const lowered = await postJson(url, '/v1/submissions', sampleSubmission('dev_migrated_1', { revision: 3 }), token);
    expect(lowered.status).toBe(409);
    expect(errorBodySchema.parse(await lowered.json()).error).toBe(POLICY_LOWERED);

    const kept = sampleSubmission('dev_migrated_1', { revision: 3, policy: { method: 'nhsd-hes-2018', threshold: 10, roundingBase: 5 } });
    for (const borough of kept.boroughs) {
      // The fixture's figures are multiples of 5 from 10 up: all publishable above 10 but the 10s.
      borough.byTopicOutcome!.cells[0]!.count = 'suppressed';
      borough.byTopicGroupSex!.cells[1]!.count = 'suppressed';
      borough.byTopicGroupEthnicGroup!.cells = borough.byTopicGroupEthnicGroup!.cells.map((cell) => ({ ...cell, count: 'suppressed' }));
      borough.byTopicGroupLanguage!.cells[1]!.count = 'suppressed';
    }
    const stored = await postJson(url, '/v1/submissions', kept, token);
    expect(stored.status, await stored.clone().text()).toBe(201);
    expect(holds(await database.rawContents(), 976_542)).toBe(false);
    expect((await store.latestSubmissions('2026-10')).map((s) => s.revision)).toEqual([3]);
  });
});
