// Every method in the contract, fed generated bad input: shapes read from its own zod schema
// (so a new method is fuzzed the day it is added), then values just past it — wrong types,
// boundaries, very long strings, unknown codes — and, inside the shape, ids of records that
// do not exist, were deleted, or are another volunteer's. Each call must come back as a typed
// error with a message key (never `internal`), and a digest of every table must be exactly
// what it was before the call: bad input changes nothing.
import crypto from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, methodNames, type ApiResult } from '../../main/api/contract.ts';
import { createServiceDispatcher } from '../../main/api/services.ts';
import type { Dispatch } from '../../main/api/dispatcher.ts';
import { openStore, type Store } from '../../main/db/store.ts';
import { manualClock, tempDir } from '../support/temp-store.ts';
import { farCellWorkbook, workbookWithRows, zipBombWorkbook } from '../support/xlsx-bombs.ts';

type Schema = z.ZodType;
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  entries?: Record<string, string>;
  in?: Schema;
}
const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

// --- a valid-looking input for any schema, to mutate one field at a time ----------------------

const MISSING_ID = 987_654;
const stringCandidates = [
  'Catford market stall',
  'screening_bowel',
  'en-GB',
  '2026-11-20',
  '2026-11-20T10:00:00.000Z',
  'E09000023',
  '2026-09',
  '0161 123 4567',
  'https://collector.example.org',
  '8b0c6f6e-3b9a-4f1e-9d7a-1c2b3d4e5f60',
  'QUJD',
];

function sample(schema: Schema): unknown {
  const def = defOf(schema);
  const passing = (candidates: readonly unknown[]) => candidates.find((c) => schema.safeParse(c).success);
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape ?? {})
          .map(([key, field]) => [key, sample(field)] as const)
          .filter(([, value]) => value !== undefined),
      );
    case 'optional':
    case 'nullable':
    case 'default':
      return sample(def.innerType!);
    case 'pipe':
      return sample(def.in!);
    case 'array': {
      const item = sample(def.element!);
      return item === undefined ? [] : [item];
    }
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'string':
      return passing(stringCandidates);
    case 'number':
      return passing([1, 0, 2, 5]);
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}

/** Values that the field's schema should refuse: wrong types, edges, sizes. Kept only if it does. */
function badValues(field: Schema): unknown[] {
  const candidates: unknown[] = [
    null,
    undefined,
    true,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    1e308,
    '',
    ' ',
    'x'.repeat(100_000),
    'zz_made_up_code',
    'ZZ-UPPER',
    '2099-13-45',
    '0000-00-00T25:61:00Z',
    'E09999999x',
    '<script>alert(1)</script>',
    '\u0000',
    '../../etc/passwd',
    [],
    [null],
    Array.from({ length: 1_000 }, () => 'screening_bowel'),
    {},
    { nested: { deeper: true } },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
  ];
  return candidates.filter((value) => !field.safeParse(value).success);
}

/** Every path in an input to an object-or-scalar field (arrays: their first item). */
function fieldPaths(schema: Schema, prefix: (string | number)[] = []): { path: (string | number)[]; schema: Schema }[] {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return fieldPaths(def.innerType!, prefix);
  if (def.type === 'object') {
    return Object.entries(def.shape ?? {}).flatMap(([key, field]) => [{ path: [...prefix, key], schema: field }, ...fieldPaths(field, [...prefix, key])]);
  }
  if (def.type === 'array') return [{ path: [...prefix, 0], schema: def.element! }, ...fieldPaths(def.element!, [...prefix, 0])];
  return [];
}

function withValue(input: unknown, at: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of at.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof at[at.indexOf(key) + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  const last = at.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const isIdField = (key: string | number) => key === 'id' || (typeof key === 'string' && /Id$/.test(key));

// --- the database, before and after -----------------------------------------------------------

function digest(store: Store): string {
  const hash = crypto.createHash('sha256');
  const tables = store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  for (const table of tables) {
    const rows = (store.sqlite.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
    hash.update(`${table}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

describe('every contract method, fuzzed', () => {
  const clock = manualClock('2026-11-20T10:00:00.000Z');
  let store: Store;
  let dispatch: Dispatch;
  const ids = { coordinator: 0, volunteer: 0, retiredSite: 0, deletedConversation: 0, deletedVisit: 0, deletedEvent: 0, coordinatorsConversation: 0, coordinatorsVisit: 0, coordinatorsEvent: 0 };
  const findings: string[] = [];
  let calls = 0;

  beforeEach(() => {
    findings.length = 0;
  });

  const call = async (method: string, input: unknown): Promise<ApiResult<unknown>> => dispatch(method, input);
  const must = async <T,>(method: string, input: unknown): Promise<T> => {
    const result = await call(method, input);
    if (!result.ok) throw new Error(`${method} failed in set-up: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };

  beforeAll(async () => {
    ({ store } = await openStore(path.join(tempDir(), 'fuzz.db')));
    // No network here: sync calls that reach for it fail as an unreachable collector does.
    const tokens = new Map<string, string>();
    dispatch = createServiceDispatcher({
      store,
      clock,
      sync: {
        tokenStore: { read: async () => tokens.get('t') ?? null, write: async (token: string) => void tokens.set('t', token), clear: async () => void tokens.delete('t') } as never,
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
      },
    });
    // First start: a coordinator with a PIN, unlocked (the roles of issue 12).
    ids.coordinator = (await must<{ id: number }>('access.setUp', { name: 'Amina Coordinator', role: 'coordinator', secret: '482916', language: 'en-GB' })).id;
    const site = await must<{ id: number }>('sites.create', { name: 'Catford market', authorityCode: 'E09000023', settingType: 'market_high_street' });
    const retired = await must<{ id: number }>('sites.create', { name: 'Old library', authorityCode: 'E09000028', settingType: 'library' });
    await must('sites.setRetired', { id: retired.id, retired: true });
    ids.retiredSite = retired.id;
    const session = await must<{ id: number }>('sessions.open', { siteId: site.id, kind: 'popup_shop' });
    ids.coordinatorsEvent = session.id;
    const conversation = { eventId: session.id, depth: 'brief_contact', topics: ['screening_bowel'], outcomes: ['leaflet_given'], ageBand: 'not_recorded', sex: 'not_recorded', ethnicity: 'not_recorded', language: 'not_recorded', safeguarding: false, notes: '' };
    ids.coordinatorsConversation = (await must<{ conversationId: number }>('conversations.record', conversation)).conversationId;
    ids.deletedConversation = (await must<{ conversationId: number }>('conversations.record', conversation)).conversationId;
    await must('conversations.setDeleted', { id: ids.deletedConversation, deleted: true });
    ids.coordinatorsVisit = (await must<{ visitId?: number; id?: number }>('visits.record', { eventId: session.id, adults: 2, children: 1 })) as never;
    const visits = (await must<{ id: number }>('visits.record', { eventId: session.id, adults: 1, children: 0 })) as unknown as Record<string, number>;
    ids.deletedVisit = visits.visitId ?? visits.id ?? 0;
    const coordinatorsVisit = ids.coordinatorsVisit as unknown as Record<string, number>;
    ids.coordinatorsVisit = coordinatorsVisit.visitId ?? coordinatorsVisit.id ?? 0;
    await must('visits.setDeleted', { id: ids.deletedVisit, deleted: true });
    const past = await must<{ id: number }>('events.create', { siteId: site.id, kind: 'community_stall', startsAt: '2026-10-01T09:00:00.000Z', endsAt: '2026-10-01T12:00:00.000Z', notes: '', volunteers: [] });
    ids.deletedEvent = past.id;
    await must('events.setDeleted', { id: past.id, deleted: true });
    ids.volunteer = (await must<{ id: number }>('profiles.create', { name: 'Ben Volunteer', role: 'volunteer', language: 'en-GB' })).id;
    await must('access.unlock', { id: ids.coordinator, secret: '482916' });
  });

  afterAll(() => store?.close());

  /** Calls and checks: a typed error with a message key, and the database exactly as it was. */
  async function expectRefused(method: string, input: unknown, why: string, options: { readAllowed?: boolean } = {}): Promise<void> {
    const before = digest(store);
    const result = await call(method, input);
    calls++;
    const after = digest(store);
    const shown = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && value.length > 60 ? `${value.slice(0, 20)}…(${value.length})` : value));
    if (after !== before) findings.push(`${method} ${why}: changed the database (${shown} → ${JSON.stringify(result).slice(0, 200)})`);
    if (result.ok) {
      // A read may answer "nothing" for an id that is not there, provided it changed nothing.
      if (!options.readAllowed) findings.push(`${method} ${why}: accepted ${shown}`);
      return;
    }
    if (result.error.code === 'internal' || typeof result.error.messageKey !== 'string' || !/^[a-z]+(\.[A-Za-z0-9_]+)+$/.test(result.error.messageKey)) {
      findings.push(`${method} ${why}: untyped error ${JSON.stringify(result.error)} for ${shown}`);
    }
  }

  it('refuses whole inputs of the wrong shape for every method', async () => {
    for (const method of methodNames) {
      const schema = contract[method].input as Schema;
      for (const input of [null, [], 'text', 42, true, { unexpected: 1 }, { ...(sample(schema) as object), unexpectedField: 'x' }]) {
        if (schema.safeParse(input ?? {}).success) continue;
        await expectRefused(method, input, 'whole input');
      }
      await fc.assert(
        fc.asyncProperty(fc.anything({ maxDepth: 3 }), async (input) => {
          if (schema.safeParse(input ?? {}).success) return;
          await expectRefused(method, input, 'generated input');
        }),
        { numRuns: 25, seed: 20261207 },
      );
    }
    expect(findings).toEqual([]);
  }, 300_000);

  it('refuses each field just past its schema, for every method', async () => {
    for (const method of methodNames) {
      const schema = contract[method].input as Schema;
      const base = sample(schema) ?? {};
      for (const field of fieldPaths(schema)) {
        for (const value of badValues(field.schema)) {
          const input = withValue(base, field.path, value);
          if (schema.safeParse(input).success) continue;
          await expectRefused(method, input, `field ${field.path.join('.')}`);
        }
      }
      // And generated values for each field, kept only where the schema refuses them.
      for (const field of fieldPaths(schema)) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 2 }), fc.string({ maxLength: 300 }), fc.double(), fc.integer()), async (value) => {
            const input = withValue(base, field.path, value);
            if (schema.safeParse(input).success) return;
            await expectRefused(method, input, `generated field ${field.path.join('.')}`);
          }),
          { numRuns: 10, seed: 20261207 },
        );
      }
    }
    expect(findings).toEqual([]);
  }, 300_000);

  it('refuses ids of records that do not exist or were deleted, and unknown codes, inside the shape', async () => {
    for (const method of methodNames) {
      const schema = contract[method].input as Schema;
      const base = sample(schema);
      if (base === undefined) continue;
      const paths = fieldPaths(schema);
      const readOnly = !/\.(create|update|record|open|close|correct|set[A-Z]\w*|save\w*|switch|enrol|restore|resume)$/.test(method);
      for (const field of paths.filter((f) => isIdField(f.path.at(-1)!))) {
        // The deleted record of the field's own kind (an event's id for eventId, ...).
        const key = String(field.path.at(-1));
        const area = key === 'id' ? method.split('.')[0]! : key.replace(/Id$/, '');
        const deleted = { conversations: ids.deletedConversation, visits: ids.deletedVisit, events: ids.deletedEvent, sessions: ids.deletedEvent, event: ids.deletedEvent, site: ids.retiredSite }[area];
        // Restoring a deleted record is what setDeleted does; only ids that are not there for it.
        const candidates = /setDeleted$/.test(method) || deleted === undefined ? [MISSING_ID] : [MISSING_ID, deleted];
        for (const id of candidates) {
          const input = withValue(base, field.path, id);
          if (!schema.safeParse(input).success) continue;
          await expectRefused(method, input, `${field.path.join('.')} = ${id === MISSING_ID ? 'a missing id' : `deleted ${id}`}`, { readAllowed: readOnly });
        }
      }
      // Fields that take a code from a list (a topic, a kind), not free text.
      const isCode = (f: { schema: Schema }) => defOf(f.schema).type === 'string' && f.schema.safeParse('zz_made_up_topic').success && !f.schema.safeParse('Free text, Capitals').success;
      for (const field of paths.filter(isCode)) {
        const input = withValue(base, field.path, 'zz_made_up_topic');
        if (!schema.safeParse(input).success || readOnly) continue;
        await expectRefused(method, input, `${field.path.join('.')} = an unknown code`);
      }
    }
    expect(findings).toEqual([]);
  }, 300_000);

  it("refuses a volunteer's changes to another volunteer's records", async () => {
    // Fields that would be accepted from the record's owner, so only ownership is at fault.
    const fieldsOf: Record<string, unknown> = {
      'conversations.update': { depth: 'meaningful_discussion', topics: ['screening_breast'], outcomes: ['information_given'], ageBand: 'not_recorded', sex: 'not_recorded', ethnicity: 'not_recorded', language: 'not_recorded', safeguarding: false, notes: 'changed by someone else' },
    };
    let foreignCalls = 0;
    await must('profiles.switch', { id: ids.volunteer });
    try {
      const theirs: Record<string, number> = {
        conversations: ids.coordinatorsConversation,
        visits: ids.coordinatorsVisit,
        events: ids.coordinatorsEvent,
        sites: 1,
        volunteers: ids.coordinator,
      };
      for (const method of methodNames.filter((name) => /\.(update|setDeleted|correct|setRetired)$/.test(name))) {
        const schema = contract[method].input as Schema;
        const target = theirs[method.split('.')[0]!];
        if (target === undefined) continue;
        for (const deleted of [true, false]) {
          const input = { ...(sample(schema) as object), ...(fieldsOf[method] ? { fields: fieldsOf[method] } : {}), id: target, ...('deleted' in (sample(schema) as object) ? { deleted } : {}) };
          if (!schema.safeParse(input).success) continue;
          const before = findings.length;
          await expectRefused(method, input, "another volunteer's record");
          const result = await call(method, input);
          // Refused because it is theirs, not for some other fault in the generated input.
          if (findings.length === before && (result.ok || result.error.code !== 'forbidden')) {
            findings.push(`${method} on another volunteer's record: refused as ${result.ok ? 'ok' : result.error.messageKey}, not as forbidden`);
          }
          foreignCalls++;
        }
      }
    } finally {
      await must('access.unlock', { id: ids.coordinator, secret: '482916' });
    }
    expect(foreignCalls).toBeGreaterThanOrEqual(4);
    expect(findings).toEqual([]);
  }, 120_000);

  it('takes generated files (random bytes, damaged and hostile workbooks) without an untyped error or a change', async () => {
    const fileMethods = methodNames.filter((method) => 'base64' in (defOf(contract[method].input as Schema).shape ?? {}));
    expect(fileMethods.length).toBeGreaterThanOrEqual(2);
    const files = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4096 }),
      fc.string({ maxLength: 2_000 }).map((xml) => workbookWithRows(xml)),
      fc.constantFrom(farCellWorkbook(), farCellWorkbook('XFE1'), zipBombWorkbook(1)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fileMethods), fc.constantFrom('upload.xlsx', 'upload.csv', 'backup.db', 'no-extension'), files, async (method, fileName, bytes) => {
        const schema = contract[method].input as Schema;
        const input = { ...(sample(schema) as object), fileName, base64: Buffer.from(bytes).toString('base64') };
        if (!schema.safeParse(input).success) return;
        // An import may answer with its list of problems (ok, nothing written); nothing may change.
        await expectRefused(method, input, `file ${fileName} of ${bytes.length} bytes`, { readAllowed: true });
      }),
      { numRuns: 60, seed: 20261207 },
    );
    expect(findings).toEqual([]);
  }, 300_000);

  it('covered every method', () => {
    expect(calls).toBeGreaterThan(methodNames.length * 10);
  });
});
