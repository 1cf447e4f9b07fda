// The organisation's say over updates. A managed estate drops a small JSON file where the app
// looks for it (a system folder the IT team controls, or beside the installed program) to turn
// automatic updates off, point the app at its own update server, or check less often:
//
//   { "updates": { "enabled": false } }
//   { "updates": { "url": "https://updates.example.org/outreach-tally/", "checkEveryHours": 12 } }
//
// Unknown keys make the file invalid (so `"enable": false`, a typo, is not silently ignored),
// and an invalid or unreadable file turns updates off: the organisation meant something by it.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const POLICY_FILE_NAME = 'outreach-tally-policy.json';
export const DEFAULT_CHECK_EVERY_HOURS = 4;

export const updatePolicySchema = z
  .object({
    $schema: z.string().optional(),
    updates: z
      .object({
        enabled: z.boolean().optional(),
        url: z
          .url({ protocol: /^https$/, error: 'the update URL must be an https:// address' })
          .optional(),
        checkEveryHours: z.number().int().min(1).max(24 * 7).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type UpdatePolicyFile = z.infer<typeof updatePolicySchema>;

export interface PolicyLocationInput {
  platform: NodeJS.Platform;
  /** Folder of the installed executable. */
  installDir: string;
  env: Record<string, string | undefined>;
}

/** Where policy files are looked for, most authoritative first (system, then install folder). */
export function policyLocations({ platform, installDir, env }: PolicyLocationInput): string[] {
  const system =
    platform === 'win32'
      ? path.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Outreach Tally', 'policy.json')
      : platform === 'darwin'
        ? '/Library/Application Support/Outreach Tally/policy.json'
        : '/etc/outreach-tally/policy.json';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return [system, join(installDir, POLICY_FILE_NAME)];
}

export type PolicyReading =
  | { file: string; status: 'absent' }
  | { file: string; status: 'valid'; policy: UpdatePolicyFile }
  | { file: string; status: 'invalid'; problem: string };

export function readPolicyFile(file: string, readFile: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): PolicyReading {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return { file, status: 'absent' };
    }
    return { file, status: 'invalid', problem: `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // Notepad may save a byte-order mark
  } catch {
    return { file, status: 'invalid', problem: 'not JSON' };
  }
  const parsed = updatePolicySchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
    return { file, status: 'invalid', problem };
  }
  return { file, status: 'valid', policy: parsed.data };
}

export type EffectiveUpdatePolicy =
  | { enabled: true; url: string | null; checkEveryHours: number; sources: string[] }
  | { enabled: false; reason: 'policy' | 'policy-invalid' | 'not-configured'; sources: string[]; problems: string[] };

export interface ResolveInput {
  readings: PolicyReading[];
  /** The feed URL built into the installer (app-update.yml), if any. */
  builtInUrl: string | null;
}

/**
 * One answer from every file found. Off if any file says off or any file is invalid (fail
 * closed); otherwise the URL and interval come from the most authoritative file that sets
 * them. With no URL anywhere, or only the placeholder in a build nobody configured, there is
 * nothing to check.
 */
export function resolveUpdatePolicy({ readings, builtInUrl }: ResolveInput): EffectiveUpdatePolicy {
  const found = readings.filter((r) => r.status !== 'absent');
  const sources = found.map((r) => r.file);
  const invalid = found.filter((r) => r.status === 'invalid');
  if (invalid.length > 0) {
    return { enabled: false, reason: 'policy-invalid', sources, problems: invalid.map((r) => `${r.file}: ${r.problem}`) };
  }
  const policies = found.flatMap((r) => (r.status === 'valid' ? [r.policy.updates ?? {}] : []));
  if (policies.some((p) => p.enabled === false)) return { enabled: false, reason: 'policy', sources, problems: [] };
  const url = policies.find((p) => p.url !== undefined)?.url ?? (isConfiguredFeedUrl(builtInUrl) ? null : undefined);
  if (url === undefined) return { enabled: false, reason: 'not-configured', sources, problems: [] };
  const checkEveryHours = policies.find((p) => p.checkEveryHours !== undefined)?.checkEveryHours ?? DEFAULT_CHECK_EVERY_HOURS;
  return { enabled: true, url, checkEveryHours, sources };
}

/**
 * The repository's electron-builder.yml ships a placeholder on the reserved `.invalid` domain;
 * an organisation sets its own URL when it builds. A build that still has the placeholder (or
 * no https URL at all) never reaches for the network.
 */
export function isConfiguredFeedUrl(url: string | null): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.hostname.endsWith('.invalid') && parsed.hostname !== 'invalid';
  } catch {
    return false;
  }
}

/** The `url:` of electron-builder's app-update.yml (a flat YAML map it writes itself). */
export function feedUrlFromAppUpdateYml(text: string): string | null {
  const match = /^url:\s*(?:'([^']*)'|"([^"]*)"|(\S+))\s*$/m.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}
