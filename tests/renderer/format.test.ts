// The window's wording helpers.
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_DOWN,
  formatAgo,
  formatDuration,
  formatIn,
  formatLatency,
  formatShare,
  friendlyError,
  failureText,
  friendlyResultError,
  statusWords,
} from '../../renderer/format';
import { healthySnapshot, snapshotWith } from './fixtures';

describe('durations', () => {
  it.each([
    [0, '0 s'],
    [-5000, '0 s'],
    [12_400, '12 s'],
    [3 * 60_000 + 5000, '3 min'],
    [65 * 60_000, '1 h 5 min'],
    [2 * 3_600_000, '2 h'],
    [26 * 3_600_000, '26 h'],
    [51 * 3_600_000, '2 d 3 h'],
  ])('%i ms reads "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('says "just now", "ago", "in" and "any moment"', () => {
    expect(formatAgo(300)).toBe('just now');
    expect(formatAgo(12_000)).toBe('12 s ago');
    expect(formatIn(18_000)).toBe('in 18 s');
    expect(formatIn(-2000)).toBe('any moment');
  });

  it('shows response times in ms under a second, then seconds', () => {
    expect(formatLatency(412.4)).toBe('412 ms');
    expect(formatLatency(2340)).toBe('2.3 s');
    expect(formatLatency(14_200)).toBe('14 s');
  });

  it('never rounds a share up to 100 %', () => {
    expect(formatShare(0.9999)).toBe('99.9 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0.5)).toBe('50.0 %');
  });
});

describe('status words', () => {
  it('names every level in words', () => {
    expect(statusWords(healthySnapshot())).toBe('All good');
    expect(statusWords(snapshotWith(['broker_disconnected']))).toBe('Needs attention');
    expect(statusWords(snapshotWith(['server_error']))).toBe('Not working');
    expect(statusWords(snapshotWith(['signed_out']))).toBe('Signed out');
    expect(statusWords({ ...healthySnapshot(), level: 'unknown', status: 'pending' })).toBe(
      'Checking',
    );
    expect(statusWords({ ...healthySnapshot(), level: 'unknown', status: 'paused' })).toBe(
      'Paused',
    );
    expect(statusWords({ ...healthySnapshot(), level: 'unknown' })).toBe('Status unknown');
  });
});

describe('friendly errors', () => {
  it('turns anything thrown into one sentence', () => {
    expect(friendlyError(new Error('boom'))).toBe(BRIDGE_DOWN);
    expect(friendlyError('x')).toBe(BRIDGE_DOWN);
  });

  it("keeps main's sentence, first line only, and hides error classes and stack frames", () => {
    expect(friendlyResultError('No browser is set up to open links.\nmore')).toBe(
      'No browser is set up to open links.',
    );
    expect(friendlyResultError('Sign-in timed out at 14:32:05.')).toBe(
      'Sign-in timed out at 14:32:05.',
    );
    expect(friendlyResultError('TypeError: x is undefined')).toMatch(/^That didn't work/);
    expect(friendlyResultError('failed in signIn (file:///app/main.js:12:4)')).toMatch(
      /^That didn't work/,
    );
    expect(friendlyResultError(undefined)).toMatch(/^That didn't work/);
    expect(friendlyResultError('a'.repeat(400))).toHaveLength(240);
  });

  it("says what failed and main's reason, or only that it didn't work", () => {
    expect(failureText('Could not save settings', 'The MCP URL must use https.')).toBe(
      'Could not save settings: the MCP URL must use https.',
    );
    expect(failureText('Could not check now', 'GetMcpCapabilities: HTTP 500')).toBe(
      'Could not check now: GetMcpCapabilities: HTTP 500',
    );
    expect(failureText('Could not sign out', 'TypeError: x is undefined')).toMatch(
      /^That didn't work/,
    );
  });
});
