import { describe, expect, it } from 'vitest';
import {
  nextUpdateStatus,
  UPDATE_CHECK_INTERVAL_MS,
  updateErrorMessage,
  updatePresentation,
  updateSchedule,
  type UpdateEvent,
  type UpdateStatus,
} from '../../../electron/policy/updates';

function run(events: UpdateEvent[], from: UpdateStatus = { state: 'idle' }): UpdateStatus {
  return events.reduce(nextUpdateStatus, from);
}

describe('update policy', () => {
  it('checks a packaged app at start and every 6 hours', () => {
    expect(updateSchedule({ enabled: true, packaged: true, demo: false })).toEqual({
      check: true,
      atStart: true,
      everyMs: 6 * 60 * 60 * 1000,
    });
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(21_600_000);
  });

  it('never checks when the setting is off, in the demo, or unpackaged', () => {
    expect(updateSchedule({ enabled: false, packaged: true, demo: false })).toEqual({
      check: false,
      reason: 'update checks are off in Settings',
    });
    expect(updateSchedule({ enabled: true, packaged: true, demo: true }).check).toBe(false);
    expect(updateSchedule({ enabled: true, packaged: false, demo: false }).check).toBe(false);
  });

  it('offers nothing when there is no update', () => {
    const status = run([{ type: 'checking' }, { type: 'not_available' }]);
    expect(status).toEqual({ state: 'up_to_date' });
    expect(updatePresentation(status).restartLabel).toBeUndefined();
  });

  it('downloads an available update without offering a restart yet', () => {
    const status = run([{ type: 'checking' }, { type: 'available', version: '1.4.0' }]);
    expect(status).toEqual({ state: 'downloading', version: '1.4.0' });
    expect(updatePresentation(status)).toEqual({ statusLine: 'Downloading version 1.4.0…' });
  });

  it('offers "Restart to install vX.Y.Z" once downloaded, and keeps offering it', () => {
    const status = run([
      { type: 'available', version: '1.4.0' },
      { type: 'downloaded', version: '1.4.0' },
      // A later periodic check (and its failure) must not withdraw the offer.
      { type: 'checking' },
      { type: 'error', error: new Error('boom'), online: true },
    ]);
    expect(status).toEqual({ state: 'downloaded', version: '1.4.0' });
    expect(updatePresentation(status).restartLabel).toBe('Restart to install v1.4.0');
  });

  it('says what an error means, in one sentence without the raw error', () => {
    const status = run([
      { type: 'checking' },
      {
        type: 'error',
        error: new Error('HttpError: 404 Not Found "https://github.com/x/y/releases/latest.yml"'),
        online: true,
      },
    ]);
    expect(status.state).toBe('error');
    const line = updatePresentation(status).statusLine;
    expect(line).toMatch(/^Could not check for updates: the release feed is missing/);
    expect(line).not.toContain('https://');
    expect(updateErrorMessage(new Error('sha512 checksum mismatch'), true)).toBe(
      'Could not check for updates; the next check is in 6 hours.',
    );
  });

  it('stays quiet offline', () => {
    expect(updateErrorMessage(new Error('anything'), false)).toBeUndefined();
    expect(updateErrorMessage(new Error('net::ERR_INTERNET_DISCONNECTED'), true)).toBeUndefined();
    expect(updateErrorMessage(new Error('getaddrinfo ENOTFOUND github.com'), true)).toBeUndefined();
    const status = run([
      { type: 'checking' },
      { type: 'error', error: new Error('getaddrinfo ENOTFOUND github.com'), online: true },
    ]);
    expect(status).toEqual({ state: 'idle' });
    expect(updatePresentation(status)).toEqual({ statusLine: '' });
  });
});
