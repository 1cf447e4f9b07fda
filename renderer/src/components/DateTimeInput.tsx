// The NHS date input (day, month and year as three labelled boxes) with a 24-hour time, in place
// of the browser's datetime-local, which showed "mm/dd/yyyy" and 12-hour times in en-GB.
import { useTranslation } from 'react-i18next';

export interface DateTimeParts {
  day: string;
  month: string;
  year: string;
  time: string;
}

export const emptyParts: DateTimeParts = { day: '', month: '', year: '', time: '' };

/** Splits a London "YYYY-MM-DDTHH:MM" value into the boxes, without leading zeros on day and month. */
export function partsFrom(value: string): DateTimeParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return emptyParts;
  return { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]!, time: m[4]! };
}

export type Composed = { value: string } | { problem: 'incomplete' | 'notReal' | 'time' };

/** The boxes as a London "YYYY-MM-DDTHH:MM" value ('' when all are empty), or what is wrong with them. */
export function composeDateTime(parts: DateTimeParts): Composed {
  const trimmed = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim(), time: parts.time.trim() };
  if (Object.values(trimmed).every((v) => v === '')) return { value: '' };
  if (Object.values(trimmed).some((v) => v === '')) return { problem: 'incomplete' };
  if (!/^\d{1,2}$/.test(trimmed.day) || !/^\d{1,2}$/.test(trimmed.month) || !/^\d{4}$/.test(trimmed.year)) return { problem: 'notReal' };
  const [day, month, year] = [Number(trimmed.day), Number(trimmed.month), Number(trimmed.year)];
  const date = new Date(Date.UTC(year, month - 1, day));
  // 31 April becomes 1 May in Date: a real date is one that comes back unchanged.
  if (year < 2000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { problem: 'notReal' };
  const time = /^(\d{1,2})[:.](\d{2})$/.exec(trimmed.time);
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) return { problem: 'time' };
  const pad = (n: number | string) => String(n).padStart(2, '0');
  return { value: `${year}-${pad(month)}-${pad(day)}T${pad(time[1]!)}:${time[2]}` };
}

/** Day, month and year alone (a filter's day) as "YYYY-MM-DD", '' when empty, or what is wrong with them. */
export function composeDate(parts: DateTimeParts): { value: string } | { problem: 'incompleteDate' | 'notReal' } {
  if ([parts.day, parts.month, parts.year].every((v) => v.trim() === '')) return { value: '' };
  const composed = composeDateTime({ ...parts, time: '00:00' });
  if ('value' in composed) return { value: composed.value.slice(0, 10) };
  return { problem: composed.problem === 'incomplete' ? 'incompleteDate' : 'notReal' };
}

/** Month and year alone (a summary's month) as "YYYY-MM", or what is wrong with them. */
export function composeMonth(parts: DateTimeParts): { value: string } | { problem: 'incompleteMonth' | 'notRealMonth' } {
  const composed = composeDate({ ...parts, day: '1' });
  if ('problem' in composed) return { problem: parts.month.trim() === '' || parts.year.trim() === '' ? 'incompleteMonth' : 'notRealMonth' };
  return { value: composed.value.slice(0, 7) };
}

/** A "YYYY-MM" month as the boxes (day and time empty). */
export function partsFromMonth(month: string): DateTimeParts {
  return { ...partsFrom(`${month}-01T00:00`), day: '', time: '' };
}

/** Day (unless withDay is false), month, year (and, unless withTime is false, time) boxes in a fieldset named by `legend`; the first box takes `id`, so an error summary link lands on it. */
export function DateTimeInput({
  id, legend, hint, error, value, onChange, withTime = true, withDay = true,
}: {
  withTime?: boolean;
  withDay?: boolean;
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  value: DateTimeParts;
  onChange(parts: DateTimeParts): void;
}) {
  const { t } = useTranslation();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const box = (part: keyof DateTimeParts, label: string, className: string, first = false) => (
    <div className="date-input__item">
      <label htmlFor={first ? id : `${id}-${part}`}>{label}</label>
      <input
        id={first ? id : `${id}-${part}`}
        className={`date-input__input ${className}`}
        inputMode="numeric"
        autoComplete="off"
        value={value[part]}
        onChange={(e) => onChange({ ...value, [part]: e.target.value })}
      />
    </div>
  );
  return (
    <fieldset className={error ? 'field field--error date-input' : 'field date-input'} aria-describedby={describedBy}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors.summaryTitle')}: </span>
          {error}
        </p>
      )}
      <div className="date-input__items">
        {withDay && box('day', t('dateInput.day'), 'date-input__input--2', true)}
        {box('month', t('dateInput.month'), 'date-input__input--2', !withDay)}
        {box('year', t('dateInput.year'), 'date-input__input--4')}
        {withTime && box('time', t('dateInput.time'), 'date-input__input--5')}
      </div>
    </fieldset>
  );
}
