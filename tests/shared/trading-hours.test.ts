// The trading-hours schedule: CME Globex by default, in US Central wall-clock time whatever the
// season, and a trader's own schedule in their own zone.
import { describe, expect, it } from 'vitest';
import {
  CME_GLOBEX,
  checkTradingHours,
  formatDay,
  isMarketOpen,
  parseDay,
  type TradingHours,
} from '../../shared/trading-hours';

const at = (iso: string) => Date.parse(iso);

describe('CME Globex (Sunday 17:00 – Friday 16:00 US Central, daily break 16:00–17:00)', () => {
  it.each([
    // in and out of session
    ['Tuesday 10:00 CDT', '2026-03-10T15:00:00Z', true],
    ['Tuesday 03:00 CDT (overnight session)', '2026-03-10T08:00:00Z', true],
    // the daily break
    ['Tuesday 15:59 CDT, just before the break', '2026-03-10T20:59:00Z', true],
    ['Tuesday 16:00 CDT, the break starts', '2026-03-10T21:00:00Z', false],
    ['Tuesday 16:30 CDT, in the break', '2026-03-10T21:30:00Z', false],
    ['Tuesday 17:00 CDT, the break ends', '2026-03-10T22:00:00Z', true],
    // weekends
    ['Friday 15:59 CDT', '2026-03-13T20:59:00Z', true],
    ['Friday 16:00 CDT, the week closes', '2026-03-13T21:00:00Z', false],
    ['Saturday noon', '2026-03-14T17:00:00Z', false],
    ['Sunday 10:00 CDT', '2026-03-15T15:00:00Z', false],
    ['Sunday 17:00 CDT, the week opens', '2026-03-15T22:00:00Z', true],
    // winter: Sunday opens at 23:00 UTC
    ['Sunday Mar 1 16:30 CST', '2026-03-01T22:30:00Z', false],
    ['Sunday Mar 1 17:00 CST', '2026-03-01T23:00:00Z', true],
    // spring forward on Sunday Mar 8 2026: the open moves to 22:00 UTC that very day
    ['Mar 8 (DST starts) 16:59 CDT', '2026-03-08T21:59:00Z', false],
    ['Mar 8 (DST starts) 17:00 CDT', '2026-03-08T22:00:00Z', true],
    ['Mar 8 03:30 CDT, just after the clock jumped', '2026-03-08T08:30:00Z', false],
    // fall back on Sunday Nov 1 2026: the open moves back to 23:00 UTC that very day
    ['Nov 1 (DST ends) 16:30 CST (17:30 had it still been CDT)', '2026-11-01T22:30:00Z', false],
    ['Nov 1 (DST ends) 17:00 CST', '2026-11-01T23:00:00Z', true],
    ['Friday Oct 30 15:30 CDT', '2026-10-30T20:30:00Z', true],
    ['Friday Oct 30 16:30 CDT', '2026-10-30T21:30:00Z', false],
    ['Monday Nov 2 16:30 CST, the break', '2026-11-02T22:30:00Z', false],
    ['Monday Nov 2 15:30 CST', '2026-11-02T21:30:00Z', true],
  ])('%s → open: %s', (_label, iso, open) => {
    expect(isMarketOpen(CME_GLOBEX, at(iso))).toBe(open);
  });
});

describe('a custom schedule in the trader’s zone', () => {
  const weekdays = [{ start: '09:00', end: '17:30' }];
  const xetra: TradingHours = {
    onlyDuringHours: true,
    timeZone: 'Europe/Berlin',
    days: [[], weekdays, weekdays, weekdays, weekdays, weekdays, []],
  };

  it.each([
    ['Tuesday 09:30 CET', '2026-03-10T08:30:00Z', true],
    ['Tuesday 08:59 CET', '2026-03-10T07:59:00Z', false],
    ['Tuesday 17:45 CET', '2026-03-10T16:45:00Z', false],
    // Europe changes its clocks on Mar 29 2026: 09:30 CEST is 07:30 UTC
    ['Monday Mar 30 09:30 CEST', '2026-03-30T07:30:00Z', true],
    ['Sunday noon', '2026-03-15T11:00:00Z', false],
  ])('%s → open: %s', (_label, iso, open) => {
    expect(isMarketOpen(xetra, at(iso))).toBe(open);
  });

  it('names what is wrong with a bad schedule', () => {
    expect(checkTradingHours(CME_GLOBEX)).toBeUndefined();
    expect(checkTradingHours({ ...xetra, timeZone: 'Mars/Olympus' })).toMatch(/not a time zone/);
    expect(
      checkTradingHours({
        ...xetra,
        days: [[], [{ start: '17:00', end: '09:00' }], [], [], [], [], []],
      }),
    ).toMatch(/^Monday: 17:00–09:00 ends before it starts/);
    expect(checkTradingHours({ ...xetra, days: [[]] })).toMatch(/seven days/);
  });

  it('an unreadable schedule never silences alerts (counts as open)', () => {
    expect(isMarketOpen({ ...xetra, timeZone: 'Nowhere/Land' }, at('2026-03-15T11:00:00Z'))).toBe(
      true,
    );
  });
});

describe('the day editor text', () => {
  it('round-trips a day and reads hyphens, single-digit hours and "closed"', () => {
    const monday = CME_GLOBEX.days[1] ?? [];
    expect(formatDay(monday)).toBe('00:00–16:00, 17:00–24:00');
    expect(parseDay(formatDay(monday))).toEqual({ ok: true, day: monday });
    expect(parseDay('9:30-16:00')).toEqual({ ok: true, day: [{ start: '09:30', end: '16:00' }] });
    expect(parseDay('closed')).toEqual({ ok: true, day: [] });
    expect(parseDay('')).toEqual({ ok: true, day: [] });
  });

  it('refuses text that is not a time range, naming it', () => {
    expect(parseDay('nine to five')).toEqual({
      ok: false,
      error: '"nine to five" is not a time range (use 09:30–16:00).',
    });
    const bad = parseDay('25:00–26:00');
    expect(bad.ok).toBe(false);
  });
});
