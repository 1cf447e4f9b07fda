// Headless commands on the same services the app uses: `node main/cli.ts <command> [options]`
// (or `npm run cli -- <command> ...`). Each command is one entry in `commands` below.
// Exit codes: 0 done, 1 the command failed (message on stderr), 2 the command line was wrong.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore, type Store } from './db/store.ts';
import { DomainError } from './records/errors.ts';
import { seedSyntheticData } from './records/seed.ts';
import { databaseStats } from './records/stats.ts';

const PROGRAM = 'outreach-tally';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; description: string; value?: string };
type OptionValues = Record<string, string | boolean | undefined>;

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

/** Opens (and migrates) the file, runs the command on it, and always closes it. */
async function withStore<T>(file: string, options: { mustExist: boolean }, fn: (store: Store) => T | Promise<T>): Promise<T> {
  if (options.mustExist && !fs.existsSync(file)) throw new Error(`There is no database at ${file}.`);
  const { store } = await openStore(file);
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
      now: { type: 'string', value: 'ISO', description: 'records fall in the three years before this (default 2026-11-01)' },
      append: { type: 'boolean', description: 'add to a database that already has records' },
    },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const conversations = integerOption(values, 'conversations', { min: 0 });
      const seed = integerOption(values, 'seed', { fallback: 1 });
      const now = typeof values.now === 'string' ? values.now : undefined;
      if (now !== undefined && Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be a date and time (got "${now}").`);
      const started = performance.now();
      const summary = await withStore(file, { mustExist: false }, (store) =>
        seedSyntheticData(store, { conversations, seed, append: values.append === true, ...(now ? { now } : {}) }),
      );
      io.out(JSON.stringify({ db: file, ...summary, elapsedMs: Math.round(performance.now() - started) }));
    },
  },

  stats: {
    summary: 'print counts of what a database holds, as JSON',
    options: { db: dbOption },
    async run(values, io) {
      const file = requiredString(values, 'db');
      const stats = await withStore(file, { mustExist: true }, databaseStats);
      io.out(JSON.stringify(stats, null, 2));
    },
  },
};

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
  const width = Math.max(6, ...entries.map(([option, spec]) => label(option, spec).length));
  return [
    `Usage: node main/cli.ts ${name} [options]`,
    '',
    `${command.summary[0]!.toUpperCase()}${command.summary.slice(1)}.`,
    '',
    'Options:',
    ...entries.map(([option, spec]) => `  ${label(option, spec).padEnd(width)}  ${spec.description}`),
    `  ${'--help'.padEnd(width)}  show this help`,
  ].join('\n');
}

/** Domain errors carry an i18n key rather than English; show the key and what it refers to. */
function describe(error: unknown): string {
  if (error instanceof DomainError) {
    const details = [
      ...Object.entries(error.values).map(([key, value]) => `${key}=${value}`),
      ...error.fields.map((field) => `${field.field}: ${field.messageKey}`),
    ];
    return `${error.messageKey}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
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
          Object.entries(command.options).map(([option, spec]) => [option, { type: spec.type, ...(spec.short ? { short: spec.short } : {}) }]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help === true) {
      io.out(commandHelp(name, command));
      return 0;
    }
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
  }
}

if (import.meta.main) {
  const io: CliIo = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  // exitCode, not exit(): let stdout drain when it is a pipe.
  process.exitCode = await runCli(process.argv.slice(2), io);
}
