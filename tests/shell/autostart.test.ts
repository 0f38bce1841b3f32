import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { AutostartController } = await import('../../electron/autostart');

function controller(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, packaged = true) {
  return new AutostartController({
    platform,
    env,
    execPath: '/opt/CrossTrade MCP Monitor/crosstrade-mcp-monitor',
    name: 'CrossTrade MCP Monitor',
    packaged,
    log: vi.fn(),
  });
}

describe('launch at login', () => {
  beforeEach(() => electron.reset());

  it('registers a login item that starts hidden on Windows and macOS', async () => {
    await controller('win32').apply(true);
    expect(electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({
      openAtLogin: true,
      args: ['--hidden'],
    });
    await controller('darwin').apply(false);
    expect(electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({
      openAtLogin: false,
      args: ['--hidden'],
    });
  });

  it('registers nothing from an unpackaged app (npm start), and still unregisters', async () => {
    await controller('win32', {}, false).apply(true);
    expect(electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({
      openAtLogin: false,
      args: ['--hidden'],
    });
    const configHome = mkdtempSync(join(tmpdir(), 'ct-xdg-'));
    const linux = controller('linux', { XDG_CONFIG_HOME: configHome }, false);
    await linux.apply(true);
    expect(existsSync(linux.desktopFile())).toBe(false);
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'ct-xdg-'));
    const linux = controller('linux', { XDG_CONFIG_HOME: configHome });
    const file = join(configHome, 'autostart', 'io.crosstrade.mcp-monitor.desktop');
    expect(linux.desktopFile()).toBe(file);
    await linux.apply(true);
    expect(readFileSync(file, 'utf8')).toContain(
      'Exec="/opt/CrossTrade MCP Monitor/crosstrade-mcp-monitor" --hidden\n',
    );
    await linux.apply(false);
    expect(existsSync(file)).toBe(false);
    expect(electron.app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('starts the AppImage itself, not its temporary mount', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'ct-xdg-'));
    const linux = controller('linux', {
      XDG_CONFIG_HOME: configHome,
      APPIMAGE: '/home/trader/CrossTrade.AppImage',
    });
    await linux.apply(true);
    expect(readFileSync(linux.desktopFile(), 'utf8')).toContain(
      'Exec=/home/trader/CrossTrade.AppImage --hidden\n',
    );
  });
});
