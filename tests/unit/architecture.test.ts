// The boundaries ENGINEERING.md asks for, proved against the real ESLint config: the rules
// fire on code that crosses them, and stay quiet where the import is allowed.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

async function restricted(file: string, code: string): Promise<boolean> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.some((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports');
}

describe('module boundaries', () => {
  it("lets only main/electron import 'electron'", async () => {
    expect(await restricted('main/records/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toBe(true);
    expect(await restricted('main/api/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toBe(true);
    expect(await restricted('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toBe(false);
  });

  it('keeps Node and the database out of the renderer', async () => {
    expect(await restricted('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import fs from 'fs';\nexport const a = fs;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import Db from 'better-sqlite3';\nexport const a = Db;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import { openStore } from '../../main/db/store.ts';\nexport const a = openStore;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import Db from 'better-sqlite3-multiple-ciphers';\nexport const a = Db;\n")).toBe(true);
    for (const service of ['records/conversations.ts', 'sync/actions.ts', 'reports/dashboard.ts', 'db/store.ts', 'harness/server.ts', 'updates/policy.ts']) {
      expect(await restricted('renderer/src/screens/x.tsx', `import { a } from '../../../main/${service}';\nexport const b = a;\n`), service).toBe(true);
      // Service types too come only through the contract (main/api/types.ts), so a screen never names a service module.
      expect(await restricted('renderer/src/screens/x.tsx', `import type { A } from '../../../main/${service}';\nexport type B = A;\n`), service).toBe(true);
    }
    expect(await restricted('renderer/src/screens/x.tsx', "import type { Site } from '../../../main/api/contract.ts';\nexport type B = Site;\n")).toBe(false);
    expect(await restricted('renderer/src/screens/x.tsx', "import { jobsMethods } from '../../../main/api/methods/jobs.ts';\nexport const b = jobsMethods;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import { createCollector } from '../../server/collector.ts';\nexport const a = createCollector;\n")).toBe(true);
    expect(await restricted('renderer/src/x.ts', "import { methodNames } from '../../main/api/contract.ts';\nexport const a = methodNames;\n")).toBe(false);
    expect(await restricted('renderer/src/x.ts', "import { limits } from '../../shared/limits.ts';\nexport const a = limits;\n")).toBe(false);
    expect(await restricted('renderer/src/x.ts', "import { managedLists } from '../../shared/vocabulary.ts';\nexport const a = managedLists;\n")).toBe(false);
    expect(await restricted('renderer/src/x.ts', "import { recordAudit } from '../../main/records/audit.ts';\nexport const a = recordAudit;\n")).toBe(true);
  });

  it('lets the preload import only the contract and its bridge', async () => {
    expect(await restricted('preload/x.ts', "import { methodNames } from '../main/api/contract.ts';\nexport const a = methodNames;\n")).toBe(false);
    expect(await restricted('preload/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toBe(true);
    expect(await restricted('preload/x.ts', "import { openStore } from '../main/db/store.ts';\nexport const a = openStore;\n")).toBe(true);
  });

  it('keeps migrations frozen: no import of the app or its types', async () => {
    expect(await restricted('migrations/0099_x.ts', "import type { Database } from '../main/db/schema.ts';\nexport type A = Database;\n")).toBe(true);
    expect(await restricted('migrations/0099_x.ts', "import items from '../resources/reference/taxonomies.json' with { type: 'json' };\nexport const a = items;\n")).toBe(true);
    expect(await restricted('migrations/0099_x.ts', "import { sql } from 'kysely';\nexport const a = sql;\n")).toBe(false);
    expect(await restricted('migrations/0099_x.ts', "import seed from './0099_x-2030-01-01.json' with { type: 'json' };\nexport const a = seed;\n")).toBe(false);
  });

  it('keeps running service code out of the contract the renderer bundles', async () => {
    expect(await restricted('main/api/methods/x.ts', "import { listItems } from '../../records/lists.ts';\nexport const a = listItems;\n")).toBe(true);
    expect(await restricted('main/api/methods/x.ts', "import type { ManagedItem } from '../../records/lists.ts';\nexport type A = ManagedItem;\n")).toBe(false);
    expect(await restricted('main/api/methods/x.ts', "import { managedLists } from '../../../shared/vocabulary.ts';\nexport const a = managedLists;\n")).toBe(false);
  });

  it('keeps shared/ free of services, packages and Node, so every side can import it', async () => {
    expect(await restricted('shared/x.ts', "import { listSites } from '../main/records/sites.ts';\nexport const a = listSites;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import type { Site } from '../main/records/sites.ts';\nexport type A = Site;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import type { Store } from '../main/db/store.ts';\nexport type A = Store;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import { contract } from '../main/api/contract.ts';\nexport const a = contract;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import { createCollector } from '../server/collector.ts';\nexport const a = createCollector;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toBe(true);
    expect(await restricted('shared/x.ts', "import { londonDayOf } from './clock.ts';\nexport const a = londonDayOf;\n")).toBe(false);
    expect(await restricted('shared/x.ts', "import enGB from '../resources/locales/en-GB.json' with { type: 'json' };\nexport const a = enGB;\n")).toBe(false);
  });
});
