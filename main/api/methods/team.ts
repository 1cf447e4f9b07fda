// Methods for the Team screen: this laptop's team settings, "Hand my records to the
// coordinator" (a file to save) and "Add a team member's records" (check, then merge).
// Files cross as base64, as backups do.
import { z } from 'zod';
import type { HandoverSummary } from '../../team/handover.ts';
import type { TeamSettings } from '../../team/laptop.ts';
import type { MergeOutcome, MergePreview } from '../../team/merge.ts';
import type { KnownLaptop, LaptopRecords } from '../../team/stats.ts';
import { method, none } from '../schema-parts.ts';

export const teamLimits = {
  /** The largest hand-over file the window takes (about a million records). */
  fileBytes: 128 * 1024 * 1024,
} as const;

const passphrase = z.string().min(1, { error: 'errors.required' }).max(1000, { error: 'errors.tooLong' });
const handoverFile = z
  .string()
  .min(1, { error: 'team.errors.notHandoverFile' })
  .max(Math.ceil(teamLimits.fileBytes / 3) * 4, { error: 'team.errors.fileTooLarge' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'team.errors.notHandoverFile' });

export interface TeamStatus extends TeamSettings {
  laptops: LaptopRecords[];
}

export const teamMethods = {
  'team.status': method('volunteer', none).returns<TeamStatus>(),
  /** The laptops a report can be limited to, without their record counts (the Team screen's `team.status` counts them). */
  'team.laptops': method('volunteer', none).returns<KnownLaptop[]>(),
  'team.nameLaptop': method('coordinator', z.object({ name: z.string().max(200, { error: 'errors.tooLong' }) }).strict()).returns<TeamStatus>(),
  'team.create': method('coordinator', z.object({ passphrase }).strict()).returns<TeamStatus>(),
  'team.join': method('coordinator', z.object({ teamId: z.string().max(40, { error: 'errors.tooLong' }), passphrase }).strict()).returns<TeamStatus>(),
  'team.handOver': method('volunteer', z.object({ passphrase }).strict()).returns<{ fileName: string; base64: string; summary: HandoverSummary }>(),
  'team.preview': method('coordinator', z.object({ base64: handoverFile, passphrase }).strict()).returns<MergePreview>(),
  'team.merge': method('coordinator', z.object({ base64: handoverFile, passphrase }).strict()).returns<MergeOutcome>(),
} as const;
