// The window's own wording helpers. Durations, latencies and shares are shared with the tray,
// doctor and the report: tests/shared/format.test.ts.
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_DOWN,
  friendlyError,
  failureText,
  friendlyResultError,
  statusWords,
} from '../../renderer/format';
import { healthySnapshot, snapshotWith } from './fixtures';

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
