import { describe, expect, it } from 'vitest';
import { tooltipText, TOOLTIP_MAX, verdict } from '../../../electron/policy/tooltip';
import { ADDON_DOWN, CHECKED_AT_MS, HEALTHY, SIGNED_OUT, snapshot, TOKEN_BAD } from '../fixtures';

describe('tray tooltip', () => {
  it('says all is good with the time since the check when the chain is ok', () => {
    expect(tooltipText(HEALTHY, CHECKED_AT_MS + 12_000)).toBe(
      'CrossTrade MCP — All good · checked 12 s ago',
    );
  });

  it('names the root cause when the add-on disconnects', () => {
    expect(tooltipText(ADDON_DOWN, CHECKED_AT_MS + 3 * 60_000)).toBe(
      'CrossTrade MCP — The CrossTrade Add-On is disconnected · checked 3 min ago',
    );
  });

  it('names the warning, the error and the unknown state by their problem', () => {
    expect(verdict(snapshot('warning', ['broker_disconnected']))).toBe(
      'A broker connection is down',
    );
    expect(verdict(TOKEN_BAD)).toBe('CrossTrade rejected the sign-in');
    expect(verdict(SIGNED_OUT)).toBe('Not signed in to CrossTrade');
  });

  it('counts the other problems behind the root cause', () => {
    const two = snapshot('error', ['nt8_not_running', 'broker_disconnected']);
    expect(verdict(two)).toBe('NinjaTrader 8 is not running (+1 more)');
  });

  it('says checking before the first check and paused while paused', () => {
    const pending = snapshot('unknown', [], { status: 'pending' });
    expect(tooltipText(pending, CHECKED_AT_MS)).toBe('CrossTrade MCP — Checking…');
    expect(verdict(snapshot('unknown', [], { status: 'paused' }))).toBe('Checks paused');
  });

  it('says how long ago the check was, in the words the window and doctor use', () => {
    // Every rounding case lives in tests/shared/format.test.ts; these are the tray's own ends.
    const tooltip = (ms: number): string => tooltipText(HEALTHY, CHECKED_AT_MS + ms);
    expect(tooltip(-5)).toBe('CrossTrade MCP — All good · checked just now');
    expect(tooltip(59_999)).toBe('CrossTrade MCP — All good · checked 59 s ago');
    expect(tooltip(60_000)).toBe('CrossTrade MCP — All good · checked 1 min ago');
    expect(tooltip(65 * 60_000)).toBe('CrossTrade MCP — All good · checked 1 h 5 min ago');
    expect(tooltip(3 * 86_400_000)).toBe('CrossTrade MCP — All good · checked 3 d ago');
  });

  it('stays within the Windows tooltip limit', () => {
    const long = snapshot('error', ['addon_disconnected'], {
      problems: [{ ...ADDON_DOWN.problems[0]!, title: 'x'.repeat(300) }],
    });
    const text = tooltipText(long, CHECKED_AT_MS + 1000);
    expect(text.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(text.endsWith('… · checked 1 s ago')).toBe(true);
  });
});
