import { beforeEach, describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../main/api/contract.ts';
import { createDispatcher, type Dispatch } from '../../main/api/dispatcher.ts';
import { createHandlers, createServiceDispatcher } from '../../main/api/services.ts';
import type { Store } from '../../main/db/store.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

describe('the api dispatcher', () => {
  let store: Store;
  let dispatch: Dispatch;
  beforeEach(async () => {
    ({ store } = await freshStore());
    dispatch = createServiceDispatcher({ store, clock: manualClock() });
  });

  it('has a handler for every method in the contract and no other', () => {
    const handlers = createHandlers({ store, clock: manualClock() });
    expect(Object.keys(handlers).sort()).toEqual([...methodNames].sort());
    expect(methodNames).toEqual(Object.keys(contract));
  });

  it('answers with the handler value', async () => {
    const result = await dispatch('sites.create', { name: 'Library', authorityCode: 'E09000023', settingType: 'library' });
    expect(result).toMatchObject({ ok: true, value: { name: 'Library', authorityCode: 'E09000023' } });
  });

  it('refuses malformed input with field-level message keys and writes nothing', async () => {
    const result = await dispatch('sites.create', { name: '', authorityCode: 'Lewisham', settingType: 'Library!', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const fields = Object.fromEntries(result.error.fields.map((f) => [f.field, f.messageKey]));
    expect(fields).toMatchObject({ name: 'errors.enterSiteName', authorityCode: 'errors.unknownAuthority', settingType: 'errors.chooseSetting' });
    expect(result.error.fields.some((f) => f.messageKey === 'errors.unexpectedField')).toBe(true);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM site').get()).toEqual({ n: 0 });
  });

  it('reports each refusal by method, code and field names, never by the values given', async () => {
    const refusals: unknown[] = [];
    const reporting = createServiceDispatcher({ store, clock: manualClock() }, { onRefused: (method, refusal) => refusals.push({ method, ...refusal }) });
    await reporting('sites.create', { name: 'Call Zainab on 07700 900123', authorityCode: 'Lewisham', settingType: 'library' });
    await reporting('sessions.open', { siteId: 999, kind: 'popup_shop' });
    await reporting('sites.create', { name: 'Library', authorityCode: 'E09000023', settingType: 'library' });
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toEqual({ method: 'sites.create', code: 'invalid_input', fields: ['authorityCode'] });
    expect(refusals[1]).toMatchObject({ method: 'sessions.open' });
    expect(JSON.stringify(refusals)).not.toMatch(/Zainab|07700|Lewisham/);
  });

  it('refuses wrong types, out-of-range tallies and over-long notes', async () => {
    const tally = await dispatch('visits.record', { eventId: '1', adults: -1, children: 1000 });
    expect(tally.ok).toBe(false);
    if (!tally.ok) expect(tally.error.fields.map((f) => f.field).sort()).toEqual(['adults', 'children', 'eventId']);
    const notes = await dispatch('conversations.record', {
      eventId: 1, depth: 'brief_contact', topics: ['smoking'], outcomes: [], ageBand: 'not_recorded', sex: 'not_recorded',
      ethnicity: 'not_recorded', language: 'en', safeguarding: false, notes: 'x'.repeat(2001),
    });
    expect(notes.ok).toBe(false);
    if (!notes.ok) expect(notes.error.fields).toContainEqual({ field: 'notes', messageKey: 'errors.notesTooLong', values: { max: 2000 } });
  });

  it('turns a domain rule into a typed error', async () => {
    const result = await dispatch('sessions.open', { siteId: 999, kind: 'popup_shop' });
    expect(result).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'errors.notFound', values: { what: 'site' }, fields: [] } });
  });

  it('refuses a method the contract does not declare', async () => {
    const result = await dispatch('constructor', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('unknown_method');
  });

  it('hides unexpected failures behind a generic message', async () => {
    const errors: string[] = [];
    const handlers = {
      ...createHandlers({ store, clock: manualClock() }),
      'sites.list': () => {
        throw new TypeError('a bug, with details the user must not see');
      },
    };
    const broken = createDispatcher(handlers, () => undefined, { onInternalError: (method) => errors.push(method) });
    const result = await broken('sites.list', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', messageKey: 'errors.internal' } });
    expect(errors).toEqual(['sites.list']);
  });
});
