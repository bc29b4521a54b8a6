import Holidays from 'date-holidays';

const known = new Map<string, readonly string[]>();

/**
 * Local dates `yyyy-MM-dd` of the public holidays (observed days included) of a country or one
 * of its states in `year`, from date-holidays. Pure: the library computes from its bundled rules;
 * results are kept, there are few calendars and years.
 */
export type HolidayCalendar = Readonly<{
  country: string;
  state?: string;
  /** Days the law names that date-holidays does not list for the state, in date-holidays' rule grammar. */
  extraRules?: readonly Readonly<{ rule: string; name: string }>[];
}>;

export function publicHolidays(calendar: HolidayCalendar, year: number): readonly string[] {
  const key = `${calendar.country}-${calendar.state ?? ''}-${year}-${JSON.stringify(calendar.extraRules ?? [])}`;
  let dates = known.get(key);
  if (dates === undefined) {
    const holidays = calendar.state === undefined ? new Holidays(calendar.country) : new Holidays(calendar.country, calendar.state);
    for (const { rule, name } of calendar.extraRules ?? []) holidays.setHoliday(rule, { name, type: 'public' });
    dates = [...new Set(holidays.getHolidays(year).filter(({ type }) => type === 'public').map(({ date }) => date.slice(0, 10)))];
    known.set(key, dates);
  }
  return dates;
}
