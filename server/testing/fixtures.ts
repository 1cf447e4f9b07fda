// Shared by tests/integration/collector-*.test.ts: each backend the suite runs against, a
// collector on 127.0.0.1 with a hand-moved clock, and submissions that pass every check.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Clock } from '../../shared/clock.ts';
import { enrolmentResponseSchema, SCHEMA_VERSION, type BoroughTables, type Submission } from '../../main/sync/protocol.ts';
import { issueEnrolmentCode } from '../admin.ts';
import { createCollector, type Collector, type CollectorOptions } from '../collector.ts';
import { openCollectorStore, type StoreLocation } from '../store/open.ts';
import type { CollectorStore } from '../store/store.ts';

export interface TestDatabase {
  location: StoreLocation;
  openStore(): Promise<CollectorStore>;
  /** Everything the database holds, as text: files for SQLite, every row for PostgreSQL. */
  rawContents(): Promise<string>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Set when this backend cannot run here; the suite is skipped with this as its title. */
  skipReason?: string;
  createDatabase(): Promise<TestDatabase>;
}

const postgresUrl = process.env.COLLECTOR_TEST_POSTGRES_URL;

function sqliteDatabase(): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outreach-tally-collector-'));
  const file = path.join(dir, 'collector.db');
  return {
    location: { sqliteFile: file },
    openStore: () => openCollectorStore({ sqliteFile: file }),
    async rawContents() {
      // The main file and the WAL, byte for byte: a token would show up in either.
      return [file, `${file}-wal`]
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f).toString('latin1'))
        .join('\n');
    },
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresDatabase(url: string): TestDatabase {
  // A schema per test keeps tests apart in one throwaway database.
  const schema = `collector_test_${randomBytes(6).toString('hex')}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    location: { postgresUrl: url, schema },
    openStore: () => openCollectorStore({ postgresUrl: url, schema }),
    rawContents: () =>
      admin(async (client) => {
        const tables = await client.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
          [schema],
        );
        const dumps: string[] = [];
        for (const { table_name } of tables.rows) {
          const rows = await client.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM "${schema}"."${table_name}" t`,
          );
          dumps.push(...rows.rows.map((r) => `${table_name}: ${r.row}`));
        }
        return dumps.join('\n');
      }),
    dispose: () => admin(async (client) => void (await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))),
  };
}

export const backends: Backend[] = [
  { name: 'sqlite', createDatabase: async () => sqliteDatabase() },
  {
    name: 'postgres',
    ...(postgresUrl
      ? {}
      : {
          skipReason:
            'postgres: skipped, COLLECTOR_TEST_POSTGRES_URL is not set (export "$(server/test-postgres.sh)" to run it)',
        }),
    createDatabase: async () => postgresDatabase(postgresUrl!),
  },
];

export type ManualClock = Clock & { advance(ms: number): void; set(iso: string): void };

export function manualClock(start = '2026-11-20T10:00:00.000Z'): ManualClock {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as ManualClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (iso) => {
    now = new Date(iso).getTime();
  };
  return clock;
}

export interface RunningCollector {
  url: string;
  store: CollectorStore;
  clock: ManualClock;
  database: TestDatabase;
  /** Stops the server, closes the store and removes the database. */
  stop(): Promise<void>;
}

/**
 * A collector on 127.0.0.1 and a port the OS picks, over a fresh database of the backend. Its
 * clock starts at the real time (devices in tests send the periods closed by then) unless told.
 */
export async function startCollector(
  backend: Backend,
  options: Omit<CollectorOptions, 'store' | 'clock'> = {},
  clockStart = new Date().toISOString(),
): Promise<RunningCollector> {
  const database = await backend.createDatabase();
  const store = await database.openStore();
  const clock = manualClock(clockStart);
  const collector: Collector = createCollector({ store, clock, ...options });
  const { url } = await collector.listen(0);
  return {
    url,
    store,
    clock,
    database,
    async stop() {
      await collector.close();
      await store.close();
      await database.dispose();
    },
  };
}

export async function enrolDevice(running: RunningCollector): Promise<{ enrolmentId: string; token: string }> {
  const { code } = await issueEnrolmentCode(running.store, running.clock, { organisation: 'Test Outreach Org' });
  const response = await postJson(running.url, '/v1/enrolments', { code });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
  return enrolmentResponseSchema.parse(await response.json());
}

export function postJson(baseUrl: string, pathname: string, body: unknown, token?: string): Promise<Response> {
  return fetch(new URL(pathname, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function getJson(baseUrl: string, pathAndQuery: string, token?: string): Promise<Response> {
  return fetch(new URL(pathAndQuery, baseUrl), { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export const defaultPolicy = { method: 'nhsd-hes-2018', threshold: 7, roundingBase: 5 } as const;

/**
 * One borough's tables, already protected (multiples of 5 above 7, or 'suppressed'), consistent
 * with one another, with the general-practice rows withheld (a group of 7 or fewer).
 */
export function boroughFigures(authorityCode = 'E09000023', scale = 1): BoroughTables {
  const n = (value: number) => value * scale;
  return {
    authorityCode,
    activity: [
      { eventKind: 'popup_shop', sessions: n(4), volunteerHours: n(15), visitorsAdults: n(210), visitorsChildren: n(30) },
      { eventKind: 'community_stall', sessions: n(2), volunteerHours: n(6), visitorsAdults: n(40), visitorsChildren: 'suppressed' },
    ],
    conversations: n(45),
    byTopic: {
      cells: [
        { topic: 'screening_bowel', count: n(20) },
        { topic: 'mh_stress_anxiety', count: n(15) },
        { topic: 'smoking', count: 'suppressed' },
        { topic: 'gp_access', count: 'suppressed' },
      ],
      withheldRows: [],
    },
    byTopicOutcome: {
      cells: [
        { topic: 'screening_bowel', outcome: 'pledge_screening', count: n(10) },
        { topic: 'screening_bowel', outcome: 'leaflet_given', count: 'suppressed' },
        { topic: 'mh_stress_anxiety', outcome: 'signposted_talking_therapies', count: 'suppressed' },
      ],
      withheldRows: ['gp_access', 'smoking'],
    },
    byTopicGroupAge: {
      cells: [
        { topicGroup: 'cancer', band: 'age_50_59', count: n(15) },
        { topicGroup: 'cancer', band: 'age_60_74', count: 'suppressed' },
        { topicGroup: 'mental_health', band: 'age_25_49', count: 'suppressed' },
      ],
      withheldRows: ['general_practice'],
    },
    byTopicGroupSex: {
      cells: [
        { topicGroup: 'cancer', band: 'female', count: n(15) },
        { topicGroup: 'cancer', band: 'male', count: n(10) },
        { topicGroup: 'mental_health', band: 'female', count: 'suppressed' },
      ],
      withheldRows: ['general_practice'],
    },
    byTopicGroupEthnicGroup: {
      cells: [
        { topicGroup: 'cancer', band: 'black', count: n(10) },
        { topicGroup: 'cancer', band: 'white', count: n(10) },
        { topicGroup: 'mental_health', band: 'asian', count: 'suppressed' },
      ],
      withheldRows: ['general_practice'],
    },
    byTopicGroupLanguage: {
      cells: [
        { topicGroup: 'cancer', band: 'en', count: n(20) },
        { topicGroup: 'mental_health', band: 'en', count: n(10) },
      ],
      withheldRows: ['general_practice'],
    },
  };
}

/** A borough of 7 or fewer conversations: protected activity and no conversation tables. */
export function quietBorough(authorityCode: string): BoroughTables {
  return {
    authorityCode,
    activity: [{ eventKind: 'talk_workshop', sessions: 1, volunteerHours: 1, visitorsAdults: 'suppressed', visitorsChildren: 0 }],
    conversations: 'suppressed',
  };
}

export function sampleSubmission(enrolmentId: string, overrides: Partial<Submission> = {}): Submission {
  return {
    schemaVersion: SCHEMA_VERSION,
    submissionId: randomUUID(),
    enrolmentId,
    period: '2026-10',
    revision: 1,
    policy: { ...defaultPolicy },
    boroughs: [boroughFigures()],
    ...overrides,
  };
}
