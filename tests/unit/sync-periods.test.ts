import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { addDays, isPeriodClosed, periodKindOf, periodOfDay, periodRange } from '../../shared/periods.ts';

describe('periods', () => {
  it('cuts London days into calendar months', () => {
    expect(periodOfDay('2026-10-31', 'month')).toBe('2026-10');
    expect(periodRange('2026-10')).toEqual({ first: '2026-10-01', last: '2026-10-31' });
    expect(periodRange('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(periodRange('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });

  it('cuts them into ISO weeks from Monday, across year ends', () => {
    expect(periodOfDay('2026-10-19', 'week')).toBe('2026-W43'); // a Monday
    expect(periodOfDay('2026-10-25', 'week')).toBe('2026-W43'); // the Sunday
    expect(periodRange('2026-W43')).toEqual({ first: '2026-10-19', last: '2026-10-25' });
    // 2026 starts on a Thursday, so it has 53 weeks and 2027-01-03 is in its last one.
    expect(periodOfDay('2027-01-03', 'week')).toBe('2026-W53');
    expect(periodOfDay('2027-01-04', 'week')).toBe('2027-W01');
    expect(periodRange('2026-W53')).toEqual({ first: '2026-12-28', last: '2027-01-03' });
    // 2024-12-30 (a Monday) already belongs to 2025's week 1.
    expect(periodOfDay('2024-12-30', 'week')).toBe('2025-W01');
    expect(() => periodRange('2025-W53')).toThrow(/no week 53/);
    expect(periodKindOf('2026-W01')).toBe('week');
    expect(periodKindOf('2026-01')).toBe('month');
    expect(() => periodKindOf('2026-13')).toThrow();
  });

  it('closes a period after its last day plus the grace days, in London days', () => {
    expect(isPeriodClosed('2026-10', '2026-11-03', 3)).toBe(false);
    expect(isPeriodClosed('2026-10', '2026-11-04', 3)).toBe(true);
    expect(isPeriodClosed('2026-10', '2026-11-01', 0)).toBe(true);
    expect(isPeriodClosed('2026-W43', '2026-10-28', 3)).toBe(false);
    expect(isPeriodClosed('2026-W43', '2026-10-29', 3)).toBe(true);
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // across the clocks going forward
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth, keeps array order, and has no whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: 'x' }], a: null, c: undefined })).toBe('{"a":null,"b":[3,{"a":"x","z":1}]}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson([Infinity])).toThrow();
  });
});
