// One byte sequence per value: object keys sorted (by UTF-16 code unit, as JS compares
// strings), no whitespace, arrays in their given order. Identical records therefore give an
// identical payload and hash, which is how a late change is told from no change, what the
// user is shown is byte for byte what is sent, and the collector's digest of a submission
// does not depend on how the device ordered its keys.

/** Throws a TypeError for what JSON cannot hold (NaN, Infinity, undefined in an array, functions). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Cannot serialise ${value} as JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value !== 'object') throw new TypeError(`Cannot serialise ${typeof value} as JSON`);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}
