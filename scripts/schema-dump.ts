// `npm run schema:dump`: writes migrations/schema.sql from a database migrated from empty.
import fs from 'node:fs';
import { migratedSchema, schemaFile } from '../tests/support/schema-dump.ts';

fs.writeFileSync(schemaFile, await migratedSchema());
console.log(`Wrote ${schemaFile}`);
