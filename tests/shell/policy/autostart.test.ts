import { describe, expect, it } from 'vitest';
import {
  autostartDesktopEntry,
  autostartMethod,
  HIDDEN_FLAG,
  quoteExecArg,
  startsHidden,
} from '../../../electron/policy/autostart';

describe('launch at login policy', () => {
  it('uses login items on Windows and macOS and XDG autostart on Linux', () => {
    expect(autostartMethod('win32')).toBe('login-item');
    expect(autostartMethod('darwin')).toBe('login-item');
    expect(autostartMethod('linux')).toBe('xdg-autostart');
    expect(autostartMethod('aix')).toBe('unsupported');
  });

  it('writes a desktop entry that starts the app hidden', () => {
    const entry = autostartDesktopEntry({
      name: 'CrossTrade MCP Monitor',
      exec: '/home/trader/Apps/CrossTrade MCP Monitor.AppImage',
    });
    expect(entry).toContain('[Desktop Entry]\nType=Application\n');
    expect(entry).toContain('Name=CrossTrade MCP Monitor\n');
    expect(entry).toContain('Exec="/home/trader/Apps/CrossTrade MCP Monitor.AppImage" --hidden\n');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true\n');
  });

  it('quotes Exec arguments per the desktop entry spec', () => {
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('/opt/my app/run')).toBe('"/opt/my app/run"');
    expect(quoteExecArg('/opt/$HOME/"x"')).toBe('"/opt/\\$HOME/\\"x\\""');
    expect(quoteExecArg('/opt/100%')).toBe('/opt/100%%');
  });

  it('starts hidden when launched at login, shown otherwise', () => {
    expect(startsHidden(['/app', HIDDEN_FLAG], false)).toBe(true);
    expect(startsHidden(['/app'], true)).toBe(true);
    expect(startsHidden(['/app'], false)).toBe(false);
  });
});
