// Headless commands on the same services the app uses: `node main/cli.ts <command> [options]`
// (or `npm run cli -- <command> ...`). Each command is one entry in `commands` below.
// Exit codes: 0 done, 1 the command failed (message on stderr), 2 the command line was wrong.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareSecret } from './access/profile-secrets.ts';
import { resetProfileSecret } from './access/profiles.ts';
import { readNewSecret } from './access/read-secret.ts';
import { secretProblem } from './api/methods/access.ts';
import { laptopId } from './api/schema-parts.ts';
import { backupDatabase, restoreDatabase } from './db/backup.ts';
import { DB_KEY_ENV, headlessDatabaseKey, useKeyFile } from './db/key.ts';
import { openStore, type Store } from './db/store.ts';
import { DomainError } from '../shared/errors.ts';
import { seedNowFor, seedSyntheticData } from './records/seed.ts';
import { databaseStats } from './records/stats.ts';
import { importSpreadsheet } from './records/import.ts';
import { templateCsv, templateXlsx } from './records/import/template.ts';
import { exportMonthlySummary } from './reports/export.ts';
import { exportTranslator } from '../shared/labels.ts';
import { exportFormats, type ExportFormat } from './reports/figures.ts';
import { isMonth } from '../shared/days.ts';
import { systemClock } from '../shared/clock.ts';
import { enrolOpenStore, syncOpenStore } from './sync/actions.ts';
import { readSyncConfig, updateSyncSettings, type SyncSettings } from './sync/config.ts';
import { previewSubmission } from './sync/outbox.ts';
import { periodId } from './sync/protocol.ts';
import { fileTokenStore } from './sync/token-file.ts';
import { handOverRecords } from './team/handover.ts';
import { MAX_FILE_BYTES } from './team/handover-file.ts';
import { joinTeam, nameLaptop, newTeamId, teamSettings } from './team/laptop.ts';
import { mergeHandover, previewHandover } from './team/merge.ts';
import { recordsByLaptop } from './team/stats.ts';

const PROGRAM = 'outreach-tally';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; description: string; value?: string; multiple?: boolean };
type OptionValues = Record<string, string | boolean | string[] | undefined>;

interface Command {
  summary: string;
  options: Record<string, OptionSpec>;
  run(values: OptionValues, io: CliIo): Promise<void>;
}

/** The command line was wrong: say so, point at --help, exit 2. */
export class UsageError extends Error {}

// --- option helpers, shared by every command ------------------------------------------

function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}

function integerOption(values: OptionValues, name: string, options: { min?: number; fallback?: number } = {}): number {
  const raw = values[name];
  if (raw === undefined && options.fallback !== undefined) return options.fallback;
  if (typeof raw !== 'string') throw new UsageError(`--${name} is required.`);
  // Digits only (underscores allowed as separators: 1_000_000), so "1e6" or "12abc" is a usage error, not a surprise.
  const value = /^-?\d[\d_]*$/.test(raw) ? Number(raw.replaceAll('_', '')) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < (options.min ?? Number.MIN_SAFE_INTEGER)) {
    const floor = options.min === undefined ? '' : ` of ${options.min} or more`;
    throw new UsageError(`--${name} must be a whole number${floor} (got "${raw}").`);
  }
  return value;
}

/** A repeatable option's values, each of which may also be a comma-separated list: --laptop A --laptop B,C. */
function listOption(values: OptionValues, name: string): string[] {
  const raw = values[name];
  const given = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const items = given.flatMap((value) => value.split(',')).map((value) => value.trim());
  if (items.some((value) => value === '')) throw new UsageError(`--${name} must not be empty.`);
  return items;
}

/** Whether the database file and its folder (for the WAL) can be written. */
function canWrite(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (and migrates) the file, runs the command on it, and always closes it. `readonly`:
 * commands that only read open the file read-only, so they work on read-only media.
 */
async function withStore<T>(file: string, options: { mustExist: boolean; readonly?: boolean }, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const { store } = await openStore(file, { key: headlessDatabaseKey(), mustExist: options.mustExist, readonly: options.readonly ?? false });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

// --- the commands -----------------------------------------------------------------------

const dbOption: OptionSpec = { type: 'string', value: 'FILE', description: 'the database file' };

export const commands: Record<string, Command> = {
  seed: {
    summary: 'fill a database with deterministic synthetic records (demos, tests, benchmarks)',
    options: {
      db: { ...dbOption, description: 'the database file (created if missing)' },
      conversations: { type: 'string', value: 'N', description: 'how many conversations to write' },
      seed: { type: 'string', value: 'S', description: 'random seed; the same seed gives the same data (default 1)' },
      now: {
        type: 'string',
        value: 'ISO',
        description: 'records fall on the days of the three years before this day (default: today, so the data runs up to yesterday)',
      },
      append: { type: 'boolean', description: 'add to a database that already has records' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const conversations = integerOption(values, 'conversations', { min: 0 });
      const seed = integerOption(values, 'seed', { fallback: 1 });
      const now = typeof values.now === 'string' ? values.now : seedNowFor(new Date());
      if (Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be a date and time (got "${now}").`);
      const started = performance.now();
      const summary = await withStore(file, { mustExist: false }, (store) =>
        seedSyntheticData(store, { conversations, seed, append: values.append === true, now }),
      );
      io.out(JSON.stringify({ db: file, ...summary, elapsedMs: Math.round(performance.now() - started) }));
    },
  },

  'reset-pin': {
    summary: "set a new PIN or passphrase for a coordinator or outreach lead who forgot theirs",
    options: {
      db: dbOption,
      profile: { type: 'string', value: 'NAME', description: 'the profile, named as the app shows it' },
      'pin-file': { type: 'string', value: 'FILE', description: 'read the new PIN from the first line of FILE (otherwise from stdin; never an argument)' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const profile = requiredString(values, 'profile');
      const secret = await readNewSecret({ file: typeof values['pin-file'] === 'string' ? values['pin-file'] : undefined });
      const problem = secretProblem(secret);
      if (problem) throw new Error(`${explain(problem, {})} Nothing was changed.`);
      const prepared = await prepareSecret(secret);
      const reset = await withStore(file, { mustExist: true }, (store) => resetProfileSecret(store, systemClock, profile, prepared));
      io.out(JSON.stringify({ profile: reset.name, role: reset.role, pinReset: true }));
    },
  },

  stats: {
    summary: 'print counts of what a database holds, as JSON',
    options: { db: dbOption },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const stats = await withStore(file, { mustExist: true, readonly: true }, (store) => {
        // This laptop's own records, then those merged from each team member's laptop.
        const [own, ...merged] = recordsByLaptop(store);
        const { events, visits, conversations } = own!;
        return { ...databaseStats(store), byLaptop: { thisLaptop: { events, visits, conversations }, merged } };
      });
      io.out(JSON.stringify(stats, null, 2));
    },
  },

  enrol: {
    summary: "enrol this database's device with the organisation's collector, using the code a coordinator was given",
    options: {
      db: dbOption,
      endpoint: { type: 'string', value: 'URL', description: 'the collector, e.g. https://collector.example.nhs.uk (http only to 127.0.0.1)' },
      code: { type: 'string', value: 'CODE', description: 'the one-off enrolment code' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const endpoint = requiredString(values, 'endpoint');
      const code = requiredString(values, 'code');
      // The token goes to a 0600 file beside the database (the app keeps it in the OS secret store).
      const result = await withStore(file, { mustExist: true }, (store) =>
        enrolOpenStore(store, endpoint, code, fetch, fileTokenStore(file)),
      );
      io.out(JSON.stringify(result));
    },
  },

  sync: {
    summary: 'send the anonymised counts of closed periods to the collector once; exit 0 when nothing is left to send',
    options: { db: dbOption, once: { type: 'boolean', description: 'send once and exit (the only mode; the app sends on a timer)' } },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const result = await withStore(file, { mustExist: true }, (store) =>
        syncOpenStore(store, fetch, { tokenStore: fileTokenStore(file) }),
      );
      io.out(JSON.stringify(result));
      if (result.pending > 0 || result.stopped) {
        throw new Error(
          result.problem ? `${result.problem.detail}` : `${result.pending} submission(s) still waiting; run again later.`,
        );
      }
    },
  },

  'sync-preview': {
    summary: 'print exactly the JSON that is (or would be) sent for a period (YYYY-MM or YYYY-Www)',
    options: { db: dbOption, period: { type: 'string', value: 'PERIOD', description: 'a month, e.g. 2026-10, or an ISO week, e.g. 2026-W43' } },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const period = requiredString(values, 'period');
      if (!periodId.safeParse(period).success) throw new UsageError(`--period must be a month (2026-10) or an ISO week (2026-W43), not "${period}".`);
      // Where it can write, the outbox is brought up to date first, so what is printed is the very
      // body that will be sent; on read-only media, what is queued (or would be), unqueued.
      const readOnly = !canWrite(file);
      io.out(await withStore(file, { mustExist: true, readonly: readOnly }, (store) => previewSubmission(store, systemClock, period, { readOnly })));
    },
  },

  'sync-config': {
    summary: "show or change how periods are cut and protected before they are sent (the policy may be raised, never lowered below NHS Digital's)",
    options: {
      db: dbOption,
      period: { type: 'string', value: 'month|week', description: 'send calendar months (the default) or ISO weeks' },
      'grace-days': { type: 'string', value: 'N', description: 'days after a period ends before it counts as closed (0 to 60; default 3)' },
      threshold: { type: 'string', value: 'N', description: 'counts from 1 to N are suppressed (7 or more)' },
      base: { type: 'string', value: 'N', description: 'other counts are rounded to the nearest N (5 or more)' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const period = values.period;
      if (period !== undefined && period !== 'month' && period !== 'week') throw new UsageError(`--period must be month or week, not "${String(period)}".`);
      const settings: SyncSettings = {
        ...(period !== undefined ? { periodKind: period } : {}),
        ...(values['grace-days'] !== undefined ? { graceDays: integerOption(values, 'grace-days', { min: 0 }) } : {}),
        ...(values.threshold !== undefined ? { threshold: integerOption(values, 'threshold', { min: 0 }) } : {}),
        ...(values.base !== undefined ? { roundingBase: integerOption(values, 'base', { min: 0 }) } : {}),
      };
      const config = await withStore(file, { mustExist: true }, (store) =>
        Object.keys(settings).length > 0 ? updateSyncSettings(store, settings) : readSyncConfig(store),
      );
      io.out(JSON.stringify({ periodKind: config.periodKind, graceDays: config.graceDays, policy: config.policy, enrolmentId: config.enrolmentId, endpoint: config.endpoint }));
    },
  },

  backup: {
    summary: 'write a consistent copy of a database to a new file (encrypted with the same key, if it is encrypted)',
    options: { db: dbOption, out: { type: 'string', value: 'FILE', description: 'the backup file to write (must not exist yet)' } },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const out = requiredString(values, 'out');
      if (fs.existsSync(out)) throw new UsageError(`--out ${out} already exists; a backup never overwrites a file.`);
      const backup = await withStore(file, { mustExist: true }, (store) => backupDatabase(store, out));
      io.out(JSON.stringify({ db: file, backup: backup.file, bytes: backup.bytes }));
    },
  },

  restore: {
    summary: 'replace a database with a backup once it passes its checks (the replaced file is kept in backups/)',
    options: { db: dbOption, from: { type: 'string', value: 'FILE', description: 'the backup to restore (left unchanged)' } },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const from = requiredString(values, 'from');
      if (!fs.existsSync(from)) throw new Error(`There is no file at ${from}.`);
      const result = await withStore(file, { mustExist: false }, (store) => restoreDatabase(store, from));
      io.out(JSON.stringify({ db: file, restoredFrom: from, ...result }));
    },
  },

  export: {
    summary: "write a month's summary (the outreach lead's report) as CSV, XLSX or PDF",
    options: {
      db: dbOption,
      month: { type: 'string', value: 'YYYY-MM', description: 'the calendar month (London time)' },
      format: { type: 'string', value: 'FORMAT', description: 'csv, xlsx or pdf' },
      out: { type: 'string', value: 'FILE', description: 'the file to write (replaced if it exists)' },
      'share-safe': {
        type: 'boolean',
        description: 'for sharing outside your organisation: every figure protected like the anonymised counts sync sends (a closed month)',
      },
      laptop: {
        type: 'string',
        value: 'ID',
        multiple: true,
        description: "only the records of this team laptop (its id, as `team` or `stats` prints it); repeat it or give a comma list for several",
      },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const month = requiredString(values, 'month');
      const shareSafe = values['share-safe'] === true;
      const format = requiredString(values, 'format');
      const out = requiredString(values, 'out');
      if (!isMonth(month)) throw new UsageError(`--month must be a month as YYYY-MM (got "${month}").`);
      if (!(exportFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be csv, xlsx or pdf (got "${format}").`);
      const laptopIds = listOption(values, 'laptop');
      // The same check as the app's contract, so a malformed id is a usage error, not an empty report.
      const malformed = laptopIds.find((id) => !laptopId.safeParse(id).success);
      if (malformed !== undefined) throw new UsageError(`--laptop must be a laptop id such as \`team\` prints (got "${malformed}").`);
      const started = performance.now();
      const written = await withStore(file, { mustExist: true, readonly: true }, (store) =>
        exportMonthlySummary(store, () => new Date(), { month, format: format as ExportFormat, shareSafe, ...(laptopIds.length > 0 ? { laptopIds } : {}) }),
      );
      fs.writeFileSync(out, written.bytes);
      io.out(
        JSON.stringify({
          db: file, month, format, shareSafe, ...(laptopIds.length > 0 ? { laptops: laptopIds } : {}), out, bytes: written.bytes.length,
          elapsedMs: Math.round(performance.now() - started),
        }),
      );
    },
  },

  import: {
    summary: 'import past activity from a CSV or XLSX spreadsheet (docs/import-format.md), all or nothing',
    options: {
      db: { ...dbOption, description: 'the database file (created if missing)' },
      file: { type: 'string', value: 'FILE', description: 'the spreadsheet to import (.csv or .xlsx)' },
      template: { type: 'string', value: 'FILE', description: 'instead of importing, write the template (.csv or .xlsx) to FILE' },
    },
    async run(values, io) {
      const template = typeof values.template === 'string' ? values.template : undefined;
      if (template !== undefined) {
        const xlsx = template.toLowerCase().endsWith('.xlsx');
        if (!xlsx && !template.toLowerCase().endsWith('.csv')) throw new UsageError('--template must name a .csv or .xlsx file.');
        const bytes = xlsx ? await withStore(requiredString(values, 'db'), { mustExist: false }, templateXlsx) : templateCsv();
        fs.writeFileSync(template, bytes);
        io.out(JSON.stringify({ template, bytes: bytes.length }));
        return;
      }
      const file = requiredString(values, 'db');
      const sheet = requiredString(values, 'file');
      if (!fs.existsSync(sheet)) throw new Error(`There is no file at ${sheet}.`);
      const bytes = fs.readFileSync(sheet);
      const outcome = await withStore(file, { mustExist: false }, (store) =>
        importSpreadsheet(store, () => new Date(), { fileName: sheet, bytes }, { requireCoordinator: false }),
      );
      if (outcome.status === 'rejected') {
        for (const p of outcome.problems) io.err(`row ${p.row}, column ${p.column}: ${explain(p.messageKey, p.values ?? {})}`);
        throw new Error(`nothing was imported: ${outcome.totalProblems} problem(s) in ${outcome.badRows} of ${outcome.rows} row(s).`);
      }
      io.out(JSON.stringify({ db: file, ...outcome }));
    },
  },
};

/** The team passphrase, from a file (never the command line, where other users and the shell history see it). */
function passphraseFrom(values: OptionValues): string {
  const file = requiredString(values, 'passphrase-file');
  if (!fs.existsSync(file)) throw new UsageError(`--passphrase-file ${file} does not exist.`);
  return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
}

const passphraseOption: OptionSpec = { type: 'string', value: 'FILE', description: 'a file holding the team passphrase (one line)' };

Object.assign(commands, {
  team: {
    summary: "show this laptop's team settings, start a team (coordinator), join one, or name this laptop",
    options: {
      db: dbOption,
      create: { type: 'boolean', description: 'start a new team: prints its id, for the team to join with' },
      join: { type: 'string', value: 'TEAM-ID', description: 'join the team with this id (given by the coordinator)' },
      'passphrase-file': passphraseOption,
      name: { type: 'string', value: 'NAME', description: "this laptop's name as the coordinator will see it" },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      if (values.create === true && typeof values.join === 'string') throw new UsageError('give --create or --join, not both.');
      const teamId = values.create === true ? newTeamId() : typeof values.join === 'string' ? values.join : null;
      const passphrase = teamId !== null ? passphraseFrom(values) : null;
      const settings = await withStore(file, { mustExist: true }, (store) => {
        if (teamId !== null) joinTeam(store, { teamId, passphrase: passphrase! });
        if (typeof values.name === 'string') nameLaptop(store, values.name);
        return teamSettings(store);
      });
      io.out(JSON.stringify(settings));
    },
  },

  handover: {
    summary: "write this laptop's records (never the notes) to one encrypted, signed file for the coordinator",
    options: {
      db: dbOption,
      out: { type: 'string', value: 'FILE', description: 'the hand-over file to write (must not exist yet)' },
      'passphrase-file': passphraseOption,
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const out = requiredString(values, 'out');
      if (fs.existsSync(out)) throw new UsageError(`--out ${out} already exists; a hand-over never overwrites a file.`);
      const passphrase = passphraseFrom(values);
      const { bytes, summary } = await withStore(file, { mustExist: true }, (store) => handOverRecords(store, systemClock, passphrase));
      fs.writeFileSync(out, bytes, { flag: 'wx', mode: 0o600 });
      io.out(JSON.stringify({ db: file, out, bytes: bytes.length, ...summary }));
    },
  },

  merge: {
    summary: "add a team member's hand-over file to this (the coordinator's) database, in one transaction",
    options: {
      db: dbOption,
      file: { type: 'string', value: 'FILE', description: 'the hand-over file' },
      'passphrase-file': passphraseOption,
      'dry-run': { type: 'boolean', description: 'only print what the file holds and what merging would do' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const handover = requiredString(values, 'file');
      if (!fs.existsSync(handover)) throw new UsageError(`--file ${handover} does not exist.`);
      if (fs.statSync(handover).size > MAX_FILE_BYTES) throw new DomainError('invalid_input', 'team.errors.fileTooLarge');
      const passphrase = passphraseFrom(values);
      const bytes = fs.readFileSync(handover);
      const result = await withStore(file, { mustExist: true }, (store) =>
        values['dry-run'] === true
          ? previewHandover(store, bytes, passphrase)
          : mergeHandover(store, systemClock, bytes, passphrase, { requireCoordinator: false }),
      );
      io.out(JSON.stringify(result));
    },
  },
} satisfies Record<string, Command>);

// --- help and dispatch ------------------------------------------------------------------

function generalHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  return [
    `Usage: node main/cli.ts <command> [options]   (or: npm run cli -- <command> [options])`,
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    '',
    `Run 'node main/cli.ts <command> --help' for a command's options.`,
  ].join('\n');
}

function commandHelp(name: string, command: Command): string {
  const label = (option: string, spec: OptionSpec) => `--${option}${spec.value ? ` ${spec.value}` : ''}`;
  const entries = Object.entries(command.options);
  const width = Math.max('--key-file FILE'.length, ...entries.map(([option, spec]) => label(option, spec).length));
  return [
    `Usage: node main/cli.ts ${name} [options]`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Options:',
    ...entries.map(([option, spec]) => `  ${label(option, spec).padEnd(width)}  ${spec.description}`),
    `  ${'--key-file FILE'.padEnd(width)}  the database key: 64 hex digits in a file only you can read (0600); or set ${DB_KEY_ENV}`,
    `  ${'--help'.padEnd(width)}  show this help`,
  ].join('\n');
}

const english = exportTranslator('en-GB');

/** A message key in English, with the key after it in brackets for scripts and bug reports. */
function explain(messageKey: string, values: Record<string, string | number>): string {
  const text = english(messageKey, values);
  return text === messageKey ? messageKey : `${text} [${messageKey}]`;
}

/** Domain errors carry an i18n key rather than English: say it in English, field by field. */
function describe(error: unknown): string {
  if (error instanceof DomainError) {
    const fields = error.fields.map((field) => `${field.field}: ${explain(field.messageKey, field.values ?? {})}`);
    return [explain(error.messageKey, error.values), ...fields].join('\n  ');
  }
  return error instanceof Error ? error.message : String(error);
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
}

/** Runs one command line and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(generalHelp());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  try {
    if (!command) throw new UsageError(`unknown command "${name}".`);
    const { values } = parseArgs({
      args: [...rest],
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([option, spec]) => [
            option,
            { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
          ]),
        ),
        help: { type: 'boolean', short: 'h' },
        // Global: the key of an encrypted database, for any command that opens one.
        'key-file': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help === true) {
      io.out(commandHelp(name, command));
      return 0;
    }
    useKeyFile(typeof values['key-file'] === 'string' ? values['key-file'] : undefined);
    await command.run(values as OptionValues, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`${PROGRAM}: ${(error as Error).message}`);
      io.err(command ? `Run 'node main/cli.ts ${name} --help' for its options.` : `Run 'node main/cli.ts --help' for the commands.`);
      return 2;
    }
    io.err(`${PROGRAM} ${name}: ${describe(error)}`);
    return 1;
  } finally {
    useKeyFile(undefined);
  }
}

if (import.meta.main) {
  const io: CliIo = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  // exitCode, not exit(): let stdout drain when it is a pipe.
  process.exitCode = await runCli(process.argv.slice(2), io);
}
