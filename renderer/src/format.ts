// Dates, times and numbers in the volunteer's language, always on London time.
const TIME_ZONE = 'Europe/London';

// Making an Intl formatter costs far more than using one, and a report formats hundreds of
// figures in one render: one formatter per language and style, made on first use.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(language, options)));
  return format;
}

export function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(language, options)));
  return format;
}

export function formatTime(iso: string, language: string): string {
  // 24-hour in every language, as NHS content does ("10:42", "18:05"), never "06:05 pm".
  return dateFormat(language, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string): string {
  return dateFormat(language, { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(iso));
}

export function formatNumber(value: number, language: string): string {
  return numberFormat(language).format(value);
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the value of an <input type="datetime-local">, in London time. */
export function toLondonInput(iso: string): string {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** A London wall-clock time from a datetime-local input, as an exact instant (ISO, UTC). */
export function fromLondonInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const asUtc = Date.parse(`${value}:00Z`);
  if (Number.isNaN(asUtc)) return null;
  // London is UTC or UTC+1: find the offset at that moment and take it off.
  const offset = Date.parse(`${toLondonInput(new Date(asUtc).toISOString())}:00Z`) - asUtc;
  return new Date(asUtc - offset).toISOString();
}

/** The London calendar day (YYYY-MM-DD) of an instant. */
export function londonDay(date: Date): string {
  return toLondonInput(date.toISOString()).slice(0, 10);
}

export function formatDate(iso: string, language: string): string {
  return dateFormat(language, { timeZone: TIME_ZONE, dateStyle: 'medium' }).format(new Date(iso));
}
