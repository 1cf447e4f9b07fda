// Handlers for the maintenance methods. Backups and restores can read or replace the whole
// database, so they are for coordinators and outreach leads.
import path from 'node:path';
import { backupToBytes, restoreDatabaseFromBytes } from '../../db/backup.ts';
import { listAutomaticBackups } from '../../db/health.ts';
import { requireCoordinator } from '../../records/volunteers.ts';
import type { HandlersFor } from '../dispatcher.ts';
import { maintenanceLimits, type maintenanceMethods } from '../methods/maintenance.ts';
import type { ServiceContext } from '../services.ts';

export function maintenanceHandlers({ store, clock }: ServiceContext): HandlersFor<typeof maintenanceMethods> {
  return {
    'maintenance.status': () => ({
      encrypted: store.encrypted,
      automaticBackups: listAutomaticBackups(store.file).map((b) => ({ takenAt: b.takenAt.toISOString(), kind: b.kind })),
    }),
    'maintenance.backup': async () => {
      requireCoordinator(store);
      const { fileName, bytes } = await backupToBytes(store, { now: clock(), maxBytes: maintenanceLimits.fileBytes });
      return { fileName, base64: bytes.toString('base64'), bytes: bytes.length };
    },
    'maintenance.restore': async ({ base64 }) => {
      requireCoordinator(store);
      const bytes = Buffer.from(base64, 'base64');
      const result = await restoreDatabaseFromBytes(store, bytes, { now: clock(), maxBytes: maintenanceLimits.fileBytes });
      return { keptAside: path.basename(result.keptAside), migrated: result.migrated, counts: result.counts };
    },
  };
}
