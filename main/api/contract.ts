// The one list of what the renderer may ask of the main process: each method's name, a zod
// schema for its input, and the type of its output. Main validates every call against it,
// the preload exposes exactly these names, and the renderer gets its types from here.
// Methods are declared in groups under methods/ (one per area); this file joins them.
// Keep it and them free of Node imports: the renderer and preload import them.
import type { z } from 'zod';
import { accessMethods } from './methods/access.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { jobsMethods } from './methods/jobs.ts';
import { maintenanceMethods } from './methods/maintenance.ts';
import { recordsMethods } from './methods/records.ts';
import { reportsMethods } from './methods/reports.ts';
import { supportMethods } from './methods/support.ts';
import { syncMethods } from './methods/sync.ts';
import { teamMethods } from './methods/team.ts';
import { updatesMethods } from './methods/updates.ts';

export { type Access } from './schema-parts.ts';
export type * from './types.ts';
// The few dependency-free values the screens need that live with the contract (job phases,
// limits of maintenance and team), so the renderer's one way into main/ stays this file; the
// rest it shares with the services is in shared/.
export { jobPhases } from './methods/jobs.ts';
export { maintenanceLimits } from './methods/maintenance.ts';
export { teamLimits } from './methods/team.ts';

export const contract = {
  ...accessMethods,
  ...recordsMethods,
  ...reportsMethods,
  ...maintenanceMethods,
  ...supportMethods,
  ...updatesMethods,
  ...syncMethods,
  ...teamMethods,
  ...jobsMethods,
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = Exclude<Contract[M]['output'], undefined>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;

export const methodNames = Object.keys(contract) as MethodName[];

/** What crosses IPC or HTTP: a plain value, never a thrown object (Electron drops its fields). */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorPayload };

export interface ApiErrorPayload {
  code: ErrorCode | 'unknown_method';
  messageKey: string;
  values: Record<string, string | number>;
  fields: { field: string; messageKey: string; values?: Record<string, string | number> }[];
}

/** The shape the preload puts on window and the harness client imitates. */
export type OutreachApi = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<ApiResult<MethodOutput<M>>>;
};
