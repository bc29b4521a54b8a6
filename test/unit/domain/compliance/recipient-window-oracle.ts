import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { BUILTIN_RULES, type HolidayCalendar, type RecipientWindowOptions, type ZoneResolution } from '../../../../src/domain/compliance/index.js';

/**
 * The rules restated the slow, obvious way: look at each zone's wall clock at one instant and
 * check every rule against it. Only for the zones the property test uses (US and Canadian zones
 * change offset at 02:00, never at a window boundary).
 */
const MINUTE_MS = 60_000;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PROVINCES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT']);
const US = new Set(['US', 'PR', 'VI', 'GU', 'MP', 'AS']);

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const holidayCache = new Map<string, Set<string>>();
function isHoliday({ country, state, extraRules }: HolidayCalendar, date: string): boolean {
  const key = `${country}-${state}-${date.slice(0, 4)}`;
  let dates = holidayCache.get(key);
  if (!dates) {
    const calendar = state ? new Holidays(country, state) : new Holidays(country);
    extraRules?.forEach(({ rule, name }) => calendar.setHoliday(rule, { name, type: 'public' }));
    dates = new Set(calendar.getHolidays(Number(date.slice(0, 4))).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidayCache.set(key, dates);
  }
  return dates.has(date);
}

export function oracle(resolution: ZoneResolution, options: RecipientWindowOptions): (instant: number) => boolean {
  const hours = options.recipientHours ?? { start: '08:00', end: '21:00' };
  const builtin = (options.complianceRules ?? 'builtin') === 'builtin';
  const margin = options.marginMs ?? MINUTE_MS;
  const states = resolution.states.map(({ state }) => state);
  const inUs = US.has(resolution.country ?? '') || states.some((state) => !PROVINCES.has(state));
  const inCanada = resolution.country === 'CA' || states.some((state) => PROVINCES.has(state));
  const unknownState = !states.some((state) => !PROVINCES.has(state));
  const rules = builtin
    ? BUILTIN_RULES.rules.filter(({ jurisdiction: j, effect }) =>
        effect.kind !== 'frequency-cap' &&
        (j.country === 'US' ? inUs : inCanada) &&
        (j.state === undefined || states.includes(j.state) || (j.country === 'US' && unknownState)),
      )
    : [];
  const safe = resolution.zones.length === 0;
  const zones = safe ? ['America/New_York'] : resolution.zones;

  const openInZone = (zone: string, instant: number) => {
    const local = DateTime.fromMillis(instant, { zone });
    const minute = local.hour * 60 + local.minute;
    const day = DAYS[local.weekday - 1]!;
    const date = local.toISODate()!;
    if (minute < minutes(hours.start) || minute >= minutes(hours.end)) return false;
    if (safe && (day === 'sat' || day === 'sun' || minute < 14 * 60 || minute >= 18 * 60)) return false;
    return rules.every((rule) => {
      if ((rule.effectiveFrom && date < rule.effectiveFrom) || (rule.effectiveUntil && date >= rule.effectiveUntil)) return true;
      const effect = rule.effect;
      if (effect.kind === 'holidays') return !isHoliday(effect.calendar, date);
      if (effect.kind !== 'hours') return true;
      return effect.windows.some((w) => w.days.includes(day as never) && minutes(w.start) <= minute && minute < (w.end === '24:00' ? 1440 : minutes(w.end)));
    });
  };
  const openAt = (instant: number) => zones.every((zone) => openInZone(zone, instant));
  // Open with the margin: still open at every minute up to `margin` later.
  return (instant) => {
    for (let t = instant; t <= instant + margin; t += MINUTE_MS) if (!openAt(t)) return false;
    return true;
  };
}
