// Methods for looking after the database: a backup to download, a restore from a file the
// person picks, and what the app knows about its own copies. Files cross as base64 (the
// renderer has no file system; in the browser harness it cannot name a path either).
import { z } from 'zod';
import type { DatabaseCounts } from '../../db/backup.ts';
import { method, none } from '../schema-parts.ts';
import { jobId } from './jobs.ts';

export const maintenanceLimits = {
  /** The largest database file the window takes or gives (the CLI has no limit). */
  fileBytes: 128 * 1024 * 1024,
} as const;

const base64File = z
  .string()
  .min(1, { error: 'errors.maintenance.notADatabase' })
  .max(Math.ceil(maintenanceLimits.fileBytes / 3) * 4, { error: 'errors.maintenance.tooLarge' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'errors.maintenance.notADatabase' });

export interface MaintenanceStatus {
  /** The database is encrypted at rest on this computer. */
  encrypted: boolean;
  /** The automatic copies kept on this computer, newest first. */
  automaticBackups: { takenAt: string; kind: 'daily' | 'before-migration' | 'before-restore' | 'before-encryption' }[];
}

export interface BackupDownload {
  fileName: string;
  base64: string;
  bytes: number;
}

export interface RestoreSummary {
  /** The file name, in the backups folder, of the database that was replaced. */
  keptAside: string;
  migrated: string[];
  counts: DatabaseCounts;
}

export const maintenanceMethods = {
  'maintenance.status': method('coordinator', none).returns<MaintenanceStatus>(),
  'maintenance.backup': method('coordinator', z.object({ jobId }).strict()).returns<BackupDownload>(),
  'maintenance.restore': method('coordinator', z.object({ fileName: z.string().max(255, { error: 'errors.tooLong' }), base64: base64File, jobId }).strict(),
  ).returns<RestoreSummary>(),
};
