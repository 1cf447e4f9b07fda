// Every audit entry is written by recordAudit and names an entity from the one typed list: a
// record by its id, and an import or a list item (which have no integer id) by the entry's own id.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../main/db/store.ts';
import { contract } from '../../main/api/contract.ts';
import { auditTrailOf, recentChanges } from '../../main/records/audit.ts';
import { importSpreadsheet } from '../../main/records/import.ts';
import { setItemRetired } from '../../main/records/lists.ts';
import { createSite } from '../../main/records/sites.ts';
import { importColumnNames } from '../../shared/import-columns.ts';
import { auditEntities } from '../../shared/vocabulary.ts';
import { freshStore, manualClock } from '../support/temp-store.ts';

const opened: { store: Store; dir: string }[] = [];

async function store(): Promise<Store> {
  const fresh = await freshStore();
  opened.push(fresh);
  return fresh.store;
}

afterEach(() => {
  for (const { store: s, dir } of opened.splice(0)) {
    s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the audit trail', () => {
  it('names each change to a list item by its own entry, never by a shared id 0', async () => {
    const s = await store();
    const clock = manualClock();
    setItemRetired(s, clock, 'topic', 'smoking', true);
    setItemRetired(s, clock, 'topic', 'smoking', false);
    const entries = recentChanges(s, 10).filter((e) => e.entity === 'reference_item');
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.entityId).toBe(entry.id);
      expect(auditTrailOf(s, 'reference_item', entry.entityId)).toEqual([entry]);
    }
    expect(entries.map((e) => e.after)).toEqual([expect.objectContaining({ code: 'smoking', retired: false }), expect.objectContaining({ code: 'smoking', retired: true })]);
  });

  it("writes an import's one entry through the same writer, named by its own id", async () => {
    const s = await store();
    const clock = manualClock();
    createSite(s, clock, { name: 'Hall', authorityCode: 'E09000001', settingType: 'community_centre' });
    const row: Partial<Record<(typeof importColumnNames)[number], string>> = {
      date: '2025-09-13', site: 'Deptford Library', borough: 'Lewisham', event_kind: 'popup_shop', topics: 'smoking',
    };
    const csv = [importColumnNames.join(','), importColumnNames.map((c) => row[c] ?? '').join(',')].join('\r\n') + '\r\n';
    const outcome = await importSpreadsheet(s, clock, { fileName: 'last-year.csv', bytes: Buffer.from(csv, 'utf8') }, { requireCoordinator: true });
    expect(outcome.status).toBe('imported');

    const [entry, ...others] = recentChanges(s, 10).filter((e) => e.entity === 'import');
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ action: 'create', actorName: 'Test Volunteer', after: expect.objectContaining({ fileName: 'last-year.csv', conversations: 1 }) });
    expect(entry!.entityId).toBe(entry!.id);
    expect(auditTrailOf(s, 'import', entry!.entityId)).toEqual([entry]);
  });

  it('lets the contract ask for the history of any entity on the typed list, and of nothing else', () => {
    const input = contract['audit.trail'].input;
    for (const entity of auditEntities) expect(input.safeParse({ entity, id: 1 }).success, entity).toBe(true);
    expect(input.safeParse({ entity: 'audit', id: 1 }).success).toBe(false);
  });
});
