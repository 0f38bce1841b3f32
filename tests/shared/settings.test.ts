import { describe, expect, it } from 'vitest';
import { OFFICIAL_MCP_URL } from '../../shared/crosstrade';
import { applySettingsPatch, checkMcpUrl, DEFAULT_SETTINGS } from '../../shared/settings';

describe('checkMcpUrl', () => {
  it('accepts the documented URL without a warning', () => {
    expect(checkMcpUrl(OFFICIAL_MCP_URL)).toEqual({ ok: true });
  });

  it('accepts the simulator on loopback over http', () => {
    expect(checkMcpUrl('http://127.0.0.1:4321/v1/api/mcp')).toEqual({ ok: true });
  });

  it('refuses http:// anywhere else, naming the problem', () => {
    const result = checkMcpUrl('http://app.crosstrade.io/v1/api/mcp');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('https://') });
  });

  it('refuses text that is not a URL', () => {
    expect(checkMcpUrl('app.crosstrade.io')).toMatchObject({ ok: false });
  });

  it('warns about the legacy mcp.crosstrade.io host', () => {
    expect(checkMcpUrl('https://mcp.crosstrade.io/sse')).toEqual({
      ok: true,
      warning: expect.stringContaining('legacy'),
    });
  });

  it('warns about any other address', () => {
    expect(checkMcpUrl('https://app.crosstrade.io/v1/mcp')).toMatchObject({
      ok: true,
      warning: expect.any(String),
    });
  });
});

describe('applySettingsPatch', () => {
  it('merges a valid patch, notifications field by field', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, {
      intervalSec: 60,
      notifications: { recovery: false },
    });
    expect(result).toEqual({
      ok: true,
      settings: {
        ...DEFAULT_SETTINGS,
        intervalSec: 60,
        notifications: { ...DEFAULT_SETTINGS.notifications, recovery: false },
      },
    });
  });

  it('names the field at fault for an interval out of range', () => {
    const result = applySettingsPatch(DEFAULT_SETTINGS, { intervalSec: 2 });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^intervalSec: /) });
  });

  it('refuses unknown fields instead of storing them', () => {
    expect(applySettingsPatch(DEFAULT_SETTINGS, { token: 'x' })).toMatchObject({ ok: false });
  });

  it('refuses a plain-http remote URL', () => {
    expect(
      applySettingsPatch(DEFAULT_SETTINGS, { mcpUrl: 'http://example.com/mcp' }),
    ).toMatchObject({ ok: false });
  });
});

describe('NinjaTrader location and trading hours', () => {
  it('default to learning where NT8 runs and the CME Globex schedule, alerts only in hours', () => {
    expect(DEFAULT_SETTINGS.nt8Location).toBe('auto');
    expect(DEFAULT_SETTINGS.tradingHours).toMatchObject({
      onlyDuringHours: true,
      timeZone: 'America/Chicago',
    });
  });

  it('accept a schedule in the trader’s zone and refuse a bad one with a reason', () => {
    const days = DEFAULT_SETTINGS.tradingHours.days.map(() => [{ start: '08:00', end: '22:00' }]);
    const ok = applySettingsPatch(DEFAULT_SETTINGS, {
      nt8Location: 'remote',
      tradingHours: { onlyDuringHours: false, timeZone: 'Europe/London', days },
    });
    expect(ok).toMatchObject({ ok: true, settings: { nt8Location: 'remote' } });
    expect(
      applySettingsPatch(DEFAULT_SETTINGS, {
        tradingHours: { ...DEFAULT_SETTINGS.tradingHours, timeZone: 'Central' },
      }),
    ).toEqual({
      ok: false,
      error: 'tradingHours: "Central" is not a time zone. Use a name like America/Chicago.',
    });
    expect(applySettingsPatch(DEFAULT_SETTINGS, { nt8Location: 'vps' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^nt8Location:/),
    });
  });
});
