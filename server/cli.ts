// The collector's command line: run the server, issue enrolment codes, create read tokens.
//   node server/cli.ts serve  --db FILE | --database-url URL  [--port 8080] [--host 127.0.0.1]
//   node server/cli.ts enrol  --db FILE | --database-url URL  [--org NAME] [--valid-hours 72]
//   node server/cli.ts reader --db FILE | --database-url URL  [--label NAME]
// (`issue-code` and `--postgres` are the older names of `enrol` and `--database-url`.)
// Secrets (codes, tokens) go to stdout alone, notes to stderr, so they can be piped.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { systemClock } from '../shared/clock.ts';
import { createReadToken, defaultCodeValidHours, issueEnrolmentCode } from './admin.ts';
import { trustedProxyList } from './client-address.ts';
import { createCollector, defaultMaxBodyBytes, defaultMaxConnections, defaultRequestTimeoutMs } from './collector.ts';
import { defaultDeviceLimits } from './device-limits.ts';
import { defaultRateLimit } from './rate-limit.ts';
import { openCollectorStore, type StoreLocation } from './store/open.ts';

const usage = `Outreach Tally collector

  node server/cli.ts serve  (--db FILE | --database-url URL) [--port 8080] [--host 127.0.0.1]
                            [--max-body-bytes ${defaultMaxBodyBytes}] [--rate-burst ${defaultRateLimit.burst}] [--rate-per-minute ${defaultRateLimit.perMinute}]
                            [--device-requests-in-flight ${defaultDeviceLimits.requestsInFlight}] [--device-bytes-per-day ${defaultDeviceLimits.bytesPerDay}]
                            [--request-timeout-seconds ${defaultRequestTimeoutMs / 1000}] [--max-connections ${defaultMaxConnections}]
                            [--trust-proxy ADDRESS[,ADDRESS...]]  proxies (IPs or CIDR ranges) whose
                            X-Forwarded-For names the client; without it the header is ignored
  node server/cli.ts enrol  (--db FILE | --database-url URL) [--org NAME] [--valid-hours ${defaultCodeValidHours}]
                            prints a single-use enrolment code for one device
  node server/cli.ts reader (--db FILE | --database-url URL) [--label NAME]
                            prints a read token for GET /v1/totals

--db is a SQLite file (created if missing). --database-url (or --postgres) takes a URL such as
postgresql://collector@db.example/collector; keep the password out of the command line with
PGPASSWORD or ~/.pgpass, which the PostgreSQL driver reads.`;

class UsageError extends Error {}

const storeOptions = {
  db: { type: 'string' },
  'database-url': { type: 'string' },
  postgres: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const commandOptions = {
  serve: {
    ...storeOptions,
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'max-body-bytes': { type: 'string', default: String(defaultMaxBodyBytes) },
    'rate-burst': { type: 'string', default: String(defaultRateLimit.burst) },
    'rate-per-minute': { type: 'string', default: String(defaultRateLimit.perMinute) },
    'device-requests-in-flight': { type: 'string', default: String(defaultDeviceLimits.requestsInFlight) },
    'device-bytes-per-day': { type: 'string', default: String(defaultDeviceLimits.bytesPerDay) },
    'request-timeout-seconds': { type: 'string', default: String(defaultRequestTimeoutMs / 1000) },
    'max-connections': { type: 'string', default: String(defaultMaxConnections) },
    'trust-proxy': { type: 'string' },
  },
  enrol: { ...storeOptions, org: { type: 'string' }, 'valid-hours': { type: 'string', default: String(defaultCodeValidHours) } },
  reader: { ...storeOptions, label: { type: 'string' } },
} as const satisfies Record<string, ParseArgsOptionsConfig>;

function integer(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

function label(name: string, text: string | undefined): string | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 200) throw new UsageError(`--${name} must be 1 to 200 characters`);
  return trimmed;
}

interface StoreValues {
  db?: string | undefined;
  'database-url'?: string | undefined;
  postgres?: string | undefined;
}

function storeLocation(values: StoreValues): StoreLocation {
  const url = values['database-url'] ?? values.postgres;
  if (values['database-url'] !== undefined && values.postgres !== undefined) throw new UsageError('give --database-url once');
  if (values.db !== undefined && url !== undefined) throw new UsageError('give --db or --database-url, not both');
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--database-url must be a postgresql:// URL');
    return { postgresUrl: url };
  }
  if (values.db !== undefined && values.db.trim() !== '') return { sqliteFile: values.db };
  throw new UsageError('say where the data lives: --db FILE (SQLite) or --database-url URL (PostgreSQL)');
}

async function serve(values: StoreValues & {
  port: string;
  host: string;
  'max-body-bytes': string;
  'rate-burst': string;
  'rate-per-minute': string;
  'device-requests-in-flight': string;
  'device-bytes-per-day': string;
  'request-timeout-seconds': string;
  'max-connections': string;
  'trust-proxy'?: string | undefined;
}): Promise<void> {
  const port = integer('port', values.port, 0, 65_535);
  const maxBodyBytes = integer('max-body-bytes', values['max-body-bytes'], 1024, 64 * 1024 * 1024);
  const rateLimit = {
    burst: integer('rate-burst', values['rate-burst'], 1, 1_000_000),
    perMinute: integer('rate-per-minute', values['rate-per-minute'], 1, 1_000_000),
  };
  const deviceLimits = {
    requestsInFlight: integer('device-requests-in-flight', values['device-requests-in-flight'], 1, 1000),
    bytesPerDay: integer('device-bytes-per-day', values['device-bytes-per-day'], 1024, Number.MAX_SAFE_INTEGER),
  };
  const requestTimeoutMs = integer('request-timeout-seconds', values['request-timeout-seconds'], 1, 600) * 1000;
  const maxConnections = integer('max-connections', values['max-connections'], 1, 1_000_000);
  const trustProxy = values['trust-proxy'] === undefined ? [] : values['trust-proxy'].split(',').map((entry) => entry.trim());
  try {
    trustedProxyList(trustProxy);
  } catch (error) {
    throw new UsageError(`--trust-proxy: ${(error as Error).message}`);
  }
  const location = storeLocation(values);
  const store = await openCollectorStore(location);
  const collector = createCollector({ store, maxBodyBytes, rateLimit, deviceLimits, requestTimeoutMs, maxConnections, trustProxy });
  let address: { url: string };
  try {
    address = await collector.listen(port, values.host);
  } catch (error) {
    await store.close();
    throw error;
  }
  const where = 'sqliteFile' in location ? `SQLite ${location.sqliteFile}` : 'PostgreSQL';
  console.log(`collector listening on ${address.url} (${where})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`collector: ${signal}, finishing requests in flight`);
    await collector.close();
    await store.close();
  };
  const stopOn = (signal: NodeJS.Signals) =>
    process.once(signal, () =>
      stop(signal).catch((error: unknown) => {
        console.error('collector: did not stop cleanly:', error);
        process.exitCode = 1;
      }),
    );
  stopOn('SIGINT');
  stopOn('SIGTERM');
}

async function issueCode(values: StoreValues & {
  org?: string | undefined;
  'valid-hours': string;
}): Promise<void> {
  const validHours = integer('valid-hours', values['valid-hours'], 1, 24 * 30);
  const organisation = label('org', values.org);
  const store = await openCollectorStore(storeLocation(values));
  try {
    const { code, expiresAt } = await issueEnrolmentCode(store, systemClock, { organisation, validHours });
    console.log(code);
    console.error(
      `Enrolment code for ${organisation ?? 'a device'}: single use, valid until ${expiresAt}. ` +
        'It is shown only now; the collector keeps only its digest.',
    );
  } finally {
    await store.close();
  }
}

async function addReader(values: StoreValues & { label?: string | undefined }): Promise<void> {
  const readerLabel = label('label', values.label);
  const store = await openCollectorStore(storeLocation(values));
  try {
    const token = await createReadToken(store, systemClock, readerLabel);
    console.log(token);
    console.error(
      'Read token for GET /v1/totals (Authorization: Bearer <token>). It is shown only now; the collector keeps only its digest.',
    );
  } finally {
    await store.close();
  }
}

function parseOptions<T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'serve': {
      const values = parseOptions(args, commandOptions.serve);
      return values.help ? console.log(usage) : serve(values);
    }
    case 'enrol':
    case 'issue-code': {
      const values = parseOptions(args, commandOptions.enrol);
      return values.help ? console.log(usage) : issueCode(values);
    }
    case 'reader': {
      const values = parseOptions(args, commandOptions.reader);
      return values.help ? console.log(usage) : addReader(values);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return console.log(usage);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    console.error('collector:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
});
