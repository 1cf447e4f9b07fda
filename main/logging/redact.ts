// What may reach a log file: method names, error codes, versions and stack traces. Never what
// a volunteer typed (notes, names), never a token. The loggers pass every line through here,
// and the support export passes the files through again, so a slip anywhere upstream (an error
// message quoting an input, a URL with a query) is cut before it is written or sent.
import os from 'node:os';

const REDACTED = '[redacted]';

export interface RedactOptions {
  /** The user's home folder, replaced by `~` so paths do not carry the account (often a person's) name. */
  home?: string | null;
  /** Longest text kept; the rest is cut. */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 4000;

/** Replacements applied in order; each pattern names what it removes. */
const rules: { name: string; pattern: RegExp; replace: string | ((match: string, ...groups: string[]) => string) }[] = [
  // `Authorization: Bearer x`, `token=x`, `"password": "x"`, `secret x`.
  {
    name: 'credential',
    pattern: /\b(authorization|bearer|token|password|passphrase|secret|api[_-]?key|private[_-]?key)\b(["']?\s*[:=]\s*|\s+)(?:bearer\s+)?("[^"\n]*"|'[^'\n]*'|[^\s,;)}[\]]+)/gi,
    replace: (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`,
  },
  // URL credentials and query strings: keep scheme, host and path (what support needs).
  {
    name: 'url',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)(?:[^\s/@]+@)?([^\s?#"'<>]*)(?:[?#][^\s"'<>]*)?/gi,
    replace: (_m, scheme: string, rest: string) => `${scheme}${rest}`,
  },
  { name: 'email', pattern: /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[a-z]{2,}/gi, replace: '[email]' },
  // Anything quoted is treated as someone's words: error messages quote the values they reject.
  { name: 'quoted', pattern: /"(?:[^"\\\n]|\\.)*"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`|(?<![A-Za-z0-9])'(?:[^'\\\n]|\\.)*'(?![A-Za-z0-9])/g, replace: `"${REDACTED}"` },
  // Long hex runs (keys, hashes) and mixed-case base64url runs (tokens), but not UUIDs or identifiers.
  { name: 'hex', pattern: /\b[0-9a-f]{32,}\b/gi, replace: '[secret]' },
  {
    name: 'token',
    pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{20,}={0,2}(?![A-Za-z0-9_-])/g,
    replace: (match: string) => (/[a-z]/.test(match) && /[A-Z]/.test(match) && /\d/.test(match) ? '[secret]' : match),
  },
  // UK postcodes, NHS numbers, phone numbers and dates: personal details if they reach a log.
  { name: 'postcode', pattern: /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, replace: '[postcode]' },
  { name: 'phone', pattern: /(?<![\w:.])(?:\+44\s?\(?0?\)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b/g, replace: '[number]' },
  { name: 'nhsNumber', pattern: /\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b/g, replace: '[number]' },
  { name: 'date', pattern: /\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b/g, replace: '[date]' },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function defaultHome(): string | null {
  try {
    return os.homedir() || null;
  } catch {
    return null;
  }
}

/** Text with anything that looks like record content, personal details or a secret taken out. */
export function redact(text: string, options: RedactOptions = {}): string {
  const home = options.home === undefined ? defaultHome() : options.home;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  let out = text.length > maxLength * 2 ? text.slice(0, maxLength * 2) : text;
  if (home && home.length > 1) out = out.replace(new RegExp(escapeRegExp(home), 'g'), '~');
  for (const rule of rules) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: string[]) => string);
  }
  return out.length > maxLength ? `${out.slice(0, maxLength)}… [cut]` : out;
}

/** A field value a log line may carry as it is: a number, a flag, or a code-like word. */
const codeLike = /^(?:[a-z0-9][a-z0-9_.:/-]*|[A-Z][A-Z0-9_]+|\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?)$/;

export type LogFieldValue = string | number | boolean | null | undefined;

/**
 * Structured fields reduced to what a log may hold. Strings must look like a method name, an
 * error code or a version (`sessions.open`, `SQLITE_BUSY`, `1.2.0`); anything else, which could
 * be a name or a note, is replaced.
 */
export function safeFields(fields: Record<string, LogFieldValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(key)) continue;
    if (value === null || typeof value === 'boolean') out[key] = String(value);
    else if (typeof value === 'number') out[key] = Number.isFinite(value) ? String(value) : 'NaN';
    else out[key] = value.length <= 80 && codeLike.test(value) && redact(value, { home: null }) === value ? value : REDACTED;
  }
  return out;
}

/**
 * An error as a log may hold it: its class, its code, its message with anything quoted or
 * personal taken out, and its stack frames (function names and file positions).
 */
export function describeError(error: unknown, options: RedactOptions = {}): string {
  if (!(error instanceof Error)) {
    return typeof error === 'string' ? redact(error, options) : `Non-error value (${typeof error})`;
  }
  const code = (error as { code?: unknown }).code;
  const codeText = typeof code === 'string' || typeof code === 'number' ? ` [${safeFields({ code }).code}]` : '';
  const head = `${error.name}${codeText}: ${error.message}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at\s/.test(line))
    .slice(0, 30);
  const cause = error.cause === undefined ? [] : [`Caused by: ${describeError(error.cause, options)}`];
  return redact([head, ...frames, ...cause].join('\n'), { ...options, maxLength: options.maxLength ?? 8000 });
}
