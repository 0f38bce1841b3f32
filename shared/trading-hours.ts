// Trading hours: a weekly schedule of open intervals in one time zone, and whether an instant
// falls inside it. Pure (Intl only): wall-clock times are read in the schedule's zone, so
// daylight-saving changes move the UTC instants and nothing else.

/** One open interval within a day, "HH:MM" to "HH:MM" (end "24:00" = midnight after). */
export interface TradingInterval {
  start: string;
  end: string;
}

export interface TradingHours {
  /** Only alert about NinjaTrader or the add-on being off while the market is open. */
  onlyDuringHours: boolean;
  /** IANA time zone the schedule is written in, e.g. America/Chicago. */
  timeZone: string;
  /** Seven days, Sunday first: the open intervals of each day. */
  days: TradingInterval[][];
}

export const DAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

const WEEKDAY_INDEX: Record<string, number> = {
  Sun: 0,
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
};

/** CME Globex futures: Sunday 17:00 to Friday 16:00 US Central, closed daily 16:00–17:00. */
export const CME_GLOBEX: TradingHours = {
  onlyDuringHours: true,
  timeZone: 'America/Chicago',
  days: [
    [{ start: '17:00', end: '24:00' }],
    [
      { start: '00:00', end: '16:00' },
      { start: '17:00', end: '24:00' },
    ],
    [
      { start: '00:00', end: '16:00' },
      { start: '17:00', end: '24:00' },
    ],
    [
      { start: '00:00', end: '16:00' },
      { start: '17:00', end: '24:00' },
    ],
    [
      { start: '00:00', end: '16:00' },
      { start: '17:00', end: '24:00' },
    ],
    [{ start: '00:00', end: '16:00' }],
    [],
  ],
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after midnight for "HH:MM"; undefined when it is not a time of day. */
export function minutesOf(time: string): number | undefined {
  if (!TIME.test(time)) return undefined;
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** True when `zone` is a time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A reason the schedule is unusable, naming the field; undefined when it is fine. */
export function checkTradingHours(hours: TradingHours): string | undefined {
  if (!isTimeZone(hours.timeZone)) {
    return `"${hours.timeZone}" is not a time zone. Use a name like America/Chicago.`;
  }
  if (hours.days.length !== 7) return 'The schedule needs exactly seven days, Sunday first.';
  for (const [index, day] of hours.days.entries()) {
    const problem = checkDay(day);
    if (problem) return `${DAY_NAMES[index] ?? 'A day'}: ${problem}`;
  }
  return undefined;
}

function checkDay(day: readonly TradingInterval[]): string | undefined {
  for (const interval of day) {
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (start === undefined || end === undefined) {
      return `"${interval.start}–${interval.end}" is not a time range (use HH:MM–HH:MM, 24-hour).`;
    }
    if (end <= start) return `${interval.start}–${interval.end} ends before it starts.`;
  }
  return undefined;
}

/** The weekday (0 = Sunday) and minute of the day at `at` on the wall clocks of `timeZone`. */
export function wallClock(at: number, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    day: WEEKDAY_INDEX[part('weekday')] ?? 0,
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/** Is the market open at `at` by this schedule? An unreadable schedule counts as always open. */
export function isMarketOpen(hours: TradingHours, at: number): boolean {
  if (checkTradingHours(hours) !== undefined) return true;
  const { day, minute } = wallClock(at, hours.timeZone);
  return (hours.days[day] ?? []).some((interval) => {
    const start = minutesOf(interval.start) ?? 0;
    const end = minutesOf(interval.end) ?? 0;
    return minute >= start && minute < end;
  });
}

/** "00:00–16:00, 17:00–24:00" for the form; "" for a closed day. */
export function formatDay(day: readonly TradingInterval[]): string {
  return day.map((i) => `${i.start}–${i.end}`).join(', ');
}

/** Parses what `formatDay` writes (a hyphen works too); an error names the part at fault. */
export function parseDay(
  text: string,
): { ok: true; day: TradingInterval[] } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '' || /^closed$/i.test(trimmed)) return { ok: true, day: [] };
  const day: TradingInterval[] = [];
  for (const piece of trimmed.split(',')) {
    const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(piece);
    if (!match) {
      return { ok: false, error: `"${piece.trim()}" is not a time range (use 09:30–16:00).` };
    }
    const pad = (t: string) => t.padStart(5, '0');
    day.push({ start: pad(match[1] ?? ''), end: pad(match[2] ?? '') });
  }
  const problem = checkDay(day);
  return problem ? { ok: false, error: problem } : { ok: true, day };
}
