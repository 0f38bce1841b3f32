import { describe, expect, it } from 'vitest';
import { firstRunNotices, isWindows11 } from '../../../electron/policy/first-run';

const base = {
  platform: 'win32' as const,
  osRelease: '10.0.22631',
  packaged: true,
  launchAtLogin: false,
  shown: false,
};

describe('first-run tips', () => {
  it('tells Windows 11 from Windows 10 by its build number', () => {
    expect(isWindows11('win32', '10.0.22000')).toBe(true);
    expect(isWindows11('win32', '10.0.26100')).toBe(true);
    expect(isWindows11('win32', '10.0.19045')).toBe(false);
    expect(isWindows11('linux', '10.0.22631')).toBe(false);
  });

  it('offers launch at login and, on Windows 11, how to pin the tray icon', () => {
    const notices = firstRunNotices(base);
    expect(notices.map((n) => n.id)).toEqual(['offer-launch-at-login', 'pin-tray-icon']);
    expect(notices[1]?.text).toContain('Other system tray icons');
    expect(notices[1]?.text).toContain('"^"');
  });

  it('leaves the pin tip out on Windows 10 and elsewhere, and the offer once it is on', () => {
    expect(firstRunNotices({ ...base, osRelease: '10.0.19045' }).map((n) => n.id)).toEqual([
      'offer-launch-at-login',
    ]);
    expect(firstRunNotices({ ...base, launchAtLogin: true }).map((n) => n.id)).toEqual([
      'pin-tray-icon',
    ]);
    expect(firstRunNotices({ ...base, platform: 'darwin', launchAtLogin: true })).toEqual([]);
  });

  it('says nothing a second time, or from an unpackaged app', () => {
    expect(firstRunNotices({ ...base, shown: true })).toEqual([]);
    expect(firstRunNotices({ ...base, packaged: false })).toEqual([]);
  });
});
