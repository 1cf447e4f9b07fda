// Time in one place: records keep an exact UTC instant and the Europe/London calendar day,
// because a volunteer's "today" and the reporting month are London's, whatever the laptop says.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const londonDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar day (YYYY-MM-DD) of an instant. */
export function londonDayOf(instant: Date | string): string {
  return londonDay.format(typeof instant === 'string' ? new Date(instant) : instant);
}

export function isoNow(clock: Clock): string {
  return clock().toISOString();
}
