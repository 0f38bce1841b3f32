import { beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { TRAY_ACTIONS, type TrayAction } from '../../electron/policy/tray-menu';
import { ADDON_DOWN, CHECKED_AT_MS, HEALTHY, SIGNED_OUT, snapshot } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { TrayController, TRAY_REFRESH_MS } = await import('../../electron/tray');

function setup(platform: NodeJS.Platform = 'linux') {
  let current = { snapshot: HEALTHY, checking: false };
  const actions = Object.fromEntries(
    TRAY_ACTIONS.map((name) => [name, vi.fn<() => void>()]),
  ) as Record<TrayAction, Mock<() => void>>;
  let now = CHECKED_AT_MS + 5_000;
  const controller = new TrayController({
    platform,
    iconDir: '/app/out/icons/tray',
    actions,
    input: () => ({
      ...current,
      signIn: { state: 'idle' },
      launchAtLogin: true,
      basicTextFallback: false,
      unencryptedOptIn: false,
    }),
    now: () => now,
  });
  controller.start();
  const tray = electron.trays[0]!;
  return {
    controller,
    tray,
    actions,
    show(next: typeof HEALTHY) {
      current = { ...current, snapshot: next };
      controller.render();
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('tray controller', () => {
  beforeEach(() => electron.reset());

  it('shows the green icon and tooltip when all is good', () => {
    const { tray } = setup();
    expect(tray.image.path).toBe('/app/out/icons/tray/ok-24.png');
    expect(tray.tooltip).toBe('CrossTrade MCP — All good · checked 5 s ago');
  });

  it('turns the tray red when the add-on disconnects, and back to green', () => {
    const { tray, show } = setup();
    show(ADDON_DOWN);
    expect(tray.image.path).toBe('/app/out/icons/tray/error-24.png');
    expect(tray.tooltip).toBe(
      'CrossTrade MCP — The CrossTrade Add-On is disconnected · checked 5 s ago',
    );
    show(HEALTHY);
    expect(tray.image.path).toBe('/app/out/icons/tray/ok-24.png');
  });

  it('shows amber for a warning and grey when signed out', () => {
    const { tray, show } = setup();
    show(snapshot('warning', ['broker_disconnected']));
    expect(tray.image.path).toMatch(/warning-24\.png$/);
    show(SIGNED_OUT);
    expect(tray.image.path).toMatch(/unknown-24\.png$/);
    expect(tray.tooltip).toContain('Not signed in to CrossTrade');
  });

  it('changes the image only when the level changes', () => {
    const { tray, show } = setup();
    show(ADDON_DOWN);
    show(snapshot('error', ['nt8_not_running']));
    expect(tray.setImage).toHaveBeenCalledTimes(1);
  });

  it('uses template images on macOS and ICOs on Windows', () => {
    const mac = setup('darwin');
    expect(mac.tray.image).toEqual(
      expect.objectContaining({ path: '/app/out/icons/tray/okTemplate.png', template: true }),
    );
    electron.reset();
    const win = setup('win32');
    expect(win.tray.image.path).toBe('/app/out/icons/tray/ok.ico');
  });

  it("builds the menu from the policy and runs each item's action", () => {
    const { tray, actions } = setup();
    const labels = tray.menu!.template.map((item) => item.label ?? item.type);
    expect(labels).toEqual([
      'All good — checked 5 s ago',
      'separator',
      'Open CrossTrade MCP Monitor',
      'Check now',
      'Pause notifications',
      'separator',
      'Sign out',
      'Launch at login',
      'separator',
      'Quit',
    ]);
    expect(tray.menu!.template[0]).toMatchObject({ enabled: false });
    expect(tray.menu!.template[7]).toMatchObject({ type: 'checkbox', checked: true });
    const clicks: Array<[string, TrayAction]> = [
      ['Open CrossTrade MCP Monitor', 'open'],
      ['Check now', 'check_now'],
      ['For 1 hour', 'pause_1h'],
      ['Until tomorrow', 'pause_tomorrow'],
      ['Sign out', 'sign_out'],
      ['Launch at login', 'toggle_launch_at_login'],
      ['Quit', 'quit'],
    ];
    for (const [label, action] of clicks) {
      tray.clickMenuItem(label);
      expect(actions[action]).toHaveBeenCalledTimes(1);
    }
  });

  it('opens the window on a click on Windows and Linux, not on macOS', () => {
    const linux = setup('linux');
    linux.tray.emit('click');
    expect(linux.actions.open).toHaveBeenCalledTimes(1);
    electron.reset();
    const mac = setup('darwin');
    mac.tray.emit('click');
    expect(mac.actions.open).not.toHaveBeenCalled();
  });

  it('keeps "checked <t> ago" current with a timer, and stops it on quit', () => {
    vi.useFakeTimers();
    try {
      const { tray, controller, advance } = setup();
      advance(2 * 60_000);
      vi.advanceTimersByTime(TRAY_REFRESH_MS);
      expect(tray.tooltip).toBe('CrossTrade MCP — All good · checked 2 min ago');
      controller.stop();
      expect(tray.destroy).toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
