// The NHS date input's parsing (what the boxes become, and what is wrong with them) and the app's
// times: 24-hour in every language, never "am"/"pm".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeDate, composeDateTime, composeMonth, partsFrom, partsFromMonth } from '../../renderer/src/components/DateTimeInput.tsx';
import { formatDateTime, formatTime } from '../../renderer/src/format.ts';

const parts = (day: string, month: string, year: string, time = '') => ({ day, month, year, time });

describe('composeMonth', () => {
  it('turns month and year boxes into "YYYY-MM", and names a missing box or a month that does not exist', () => {
    expect(composeMonth(parts('', '9', '2026'))).toEqual({ value: '2026-09' });
    expect(composeMonth(parts('', ' 12 ', '2026'))).toEqual({ value: '2026-12' });
    expect(composeMonth(partsFromMonth('2026-03'))).toEqual({ value: '2026-03' });
    expect(partsFromMonth('2026-03')).toEqual(parts('', '3', '2026'));
    expect(composeMonth(parts('', '', '2026'))).toEqual({ problem: 'incompleteMonth' });
    expect(composeMonth(parts('', '9', ''))).toEqual({ problem: 'incompleteMonth' });
    for (const [month, year] of [['13', '2026'], ['0', '2026'], ['9', '26'], ['Sept', '2026'], ['2026-09', '']]) {
      expect(composeMonth(parts('', month!, year!)), `${month} ${year}`).toEqual({ problem: year ? 'notRealMonth' : 'incompleteMonth' });
    }
  });
});

describe('composeDateTime', () => {
  it('turns the boxes into a London wall-clock value, without needing leading zeros', () => {
    expect(composeDateTime(parts('7', '3', '2026', '9:05'))).toEqual({ value: '2026-03-07T09:05' });
    expect(composeDateTime(parts(' 30 ', '04', '2026', '13.30'))).toEqual({ value: '2026-04-30T13:30' });
    expect(composeDateTime(parts('', '', '', ''))).toEqual({ value: '' });
  });

  it('names what is wrong: a missing box, a day that does not exist, a time that is not 24-hour', () => {
    expect(composeDateTime(parts('7', '', '2026', '10:00'))).toEqual({ problem: 'incomplete' });
    expect(composeDateTime(parts('31', '4', '2026', '10:00'))).toEqual({ problem: 'notReal' });
    expect(composeDateTime(parts('29', '2', '2027', '10:00'))).toEqual({ problem: 'notReal' });
    expect(composeDateTime(parts('29', '2', '2028', '10:00'))).toEqual({ value: '2028-02-29T10:00' });
    expect(composeDateTime(parts('1', '1', '26', '10:00'))).toEqual({ problem: 'notReal' });
    expect(composeDateTime(parts('1', '13', '2026', '10:00'))).toEqual({ problem: 'notReal' });
    for (const time of ['9pm', '24:00', '12:60', '1030']) expect(composeDateTime(parts('1', '1', '2026', time)), time).toEqual({ problem: 'time' });
  });

  it('round-trips a value through the boxes', () => {
    expect(partsFrom('2026-12-07T15:34')).toEqual(parts('7', '12', '2026', '15:34'));
    expect(composeDateTime(partsFrom('2026-12-07T15:34'))).toEqual({ value: '2026-12-07T15:34' });
    expect(partsFrom('not a date')).toEqual(parts('', '', '', ''));
  });
});

describe('composeDate', () => {
  it('takes day, month and year alone', () => {
    expect(composeDate(parts('1', '2', '2026'))).toEqual({ value: '2026-02-01' });
    expect(composeDate(parts('', '', ''))).toEqual({ value: '' });
    expect(composeDate(parts('1', '', '2026'))).toEqual({ problem: 'incompleteDate' });
    expect(composeDate(parts('30', '2', '2026'))).toEqual({ problem: 'notReal' });
  });
});

describe('times on screen', () => {
  const languages = fs
    .readdirSync(path.resolve(import.meta.dirname, '../../resources/locales'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

  it('are 24-hour in every language the app ships', () => {
    expect(languages).toHaveLength(11);
    const evening = '2026-12-07T18:05:00.000Z'; // 18:05 in London (GMT)
    for (const language of languages) {
      const time = formatTime(evening, language);
      // Digits may be the language's own (Arabic-Indic, Bengali, Gujarati): compare as Western digits.
      const western = time.replace(/\p{Nd}/gu, (d) => String(digitValue(d)));
      expect(western, language).toMatch(/18\D05/);
      expect(formatDateTime(evening, language), language).not.toMatch(/\b(am|pm|AM|PM|a\.m\.|p\.m\.)\b|[صم]$|অপরাহ্ণ|PM/u);
    }
  });
});

/** The value of a decimal digit in the scripts the app ships (3, ٣, ۳, ৩, ૩). */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  for (const zero of [0x30, 0x660, 0x6f0, 0x9e6, 0xae6]) if (code >= zero && code <= zero + 9) return code - zero;
  return Number.NaN;
}
