// Handlers for the maintenance methods. Backups and restores can read or replace the whole
// database, so they are for coordinators and outreach leads.
import path from 'node:path';
import { backupToBytes, restoreDatabaseFromBytes } from '../../db/backup.ts';
import { listAutomaticBackups } from '../../db/health.ts';
import { jobBoardOf } from '../../jobs/board.ts';
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
    'maintenance.backup': ({ jobId }) => {
      requireCoordinator(store);
      return jobBoardOf(store).run('backup', jobId, async (report) => {
        const { fileName, bytes } = await backupToBytes(store, { now: clock(), maxBytes: maintenanceLimits.fileBytes, report });
        const download = { fileName, base64: bytes.toString('base64'), bytes: bytes.length };
        report('packing', 1, 1);
        return download;
      });
    },
    'maintenance.restore': ({ base64, jobId }) => {
      requireCoordinator(store);
      return jobBoardOf(store).run('restore', jobId, async (report) => {
        const bytes = Buffer.from(base64, 'base64');
        const result = await restoreDatabaseFromBytes(store, bytes, { now: clock(), maxBytes: maintenanceLimits.fileBytes, report });
        return { keptAside: path.basename(result.keptAside), migrated: result.migrated, counts: result.counts };
      });
    },
  };
}
