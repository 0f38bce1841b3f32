import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { InvokeHandlers } from '../../electron/ipc';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { registerInvokeHandlers, push } = await import('../../electron/ipc');
const { WindowController } = await import('../../electron/window');
const { openExternalLink } = await import('../../electron/external');

const RENDERER_INDEX = '/app/out/renderer/index.html';
const paths = {
  preload: '/app/out/main/preload.cjs',
  rendererIndex: RENDERER_INDEX,
  rendererUrl: pathToFileURL(RENDERER_INDEX).href,
  appIcon: '/app/out/icons/app.png',
};

function handlers(): InvokeHandlers {
  return {
    'monitor:get-state': vi.fn(),
    'monitor:check-now': vi.fn(async () => {}),
    'monitor:sign-in': vi.fn(async () => ({ ok: true as const })),
    'monitor:sign-out': vi.fn(async () => ({ ok: true as const })),
    'monitor:pause-notifications': vi.fn(),
    'monitor:resume-notifications': vi.fn(),
    'monitor:open-external': vi.fn(async (link) => openExternalLink(link, () => {})),
    'monitor:copy-diagnostics': vi.fn(async () => ({ ok: true as const })),
    'monitor:get-settings': vi.fn(() => DEFAULT_SETTINGS),
    'monitor:set-settings': vi.fn(() => ({ ok: true as const, settings: DEFAULT_SETTINGS })),
  } as unknown as InvokeHandlers;
}

function setup() {
  const window = new WindowController({
    paths,
    platform: 'linux',
    loadBounds: () => undefined,
    saveBounds: vi.fn(),
    log: vi.fn(),
  });
  window.open();
  const win = electron.windows[0]!;
  const h = handlers();
  const log = vi.fn();
  const unregister = registerInvokeHandlers(h, (event) => window.isTrustedSender(event), log);
  return { h, win, log, unregister, frame: win.webContents.mainFrame };
}

describe('IPC handlers', () => {
  beforeEach(() => electron.reset());

  it('registers one handler per channel of the contract', () => {
    setup();
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it("runs the handler for our window's main frame", async () => {
    const { h, frame } = setup();
    await electron.invoke('monitor:check-now', frame);
    await electron.invoke('monitor:pause-notifications', frame, { minutes: 60 });
    expect(h['monitor:check-now']).toHaveBeenCalledTimes(1);
    expect(h['monitor:pause-notifications']).toHaveBeenCalledWith({ minutes: 60 });
  });

  it('drops messages from a foreign frame, a subframe or a frame showing another page', async () => {
    const { h, frame, log } = setup();
    const foreign = [
      { url: 'https://evil.example/', processId: 999, routingId: 1 },
      { ...frame, routingId: frame.routingId + 1 },
      { ...frame, url: 'https://evil.example/' },
      null,
    ];
    for (const sender of foreign) {
      await expect(electron.invoke('monitor:sign-out', sender)).rejects.toThrow(
        /not the monitor window/,
      );
      await expect(electron.invoke('monitor:open-external', sender, 'docs')).rejects.toThrow(
        /not the monitor window/,
      );
    }
    expect(h['monitor:sign-out']).not.toHaveBeenCalled();
    expect(h['monitor:open-external']).not.toHaveBeenCalled();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('untrusted sender'));
  });

  it('drops messages once our frame has navigated away', async () => {
    const { h, frame } = setup();
    frame.url = 'https://evil.example/';
    await expect(electron.invoke('monitor:get-settings', frame)).rejects.toThrow(
      /not the monitor window/,
    );
    expect(h['monitor:get-settings']).not.toHaveBeenCalled();
  });

  it("validates requests with the contract's schemas before the handler runs", async () => {
    const { h, frame } = setup();
    await expect(
      electron.invoke('monitor:pause-notifications', frame, { minutes: 0 }),
    ).rejects.toThrow(/invalid request/);
    await expect(
      electron.invoke('monitor:pause-notifications', frame, { minutes: 5, extra: 1 }),
    ).rejects.toThrow(/invalid request/);
    await expect(electron.invoke('monitor:check-now', frame, 'unexpected')).rejects.toThrow(
      /invalid request/,
    );
    await expect(
      electron.invoke('monitor:set-settings', frame, { intervalSec: 1 }),
    ).rejects.toThrow(/invalid request/);
    await expect(electron.invoke('monitor:get-state', frame, undefined, 'extra')).rejects.toThrow(
      /invalid request/,
    );
    expect(h['monitor:pause-notifications']).not.toHaveBeenCalled();
    expect(h['monitor:set-settings']).not.toHaveBeenCalled();
  });

  it('hands the window a redacted message when a handler throws, never the stack or cause', async () => {
    const { h, frame, log } = setup();
    const access = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0cmFkZXItNDIifQ.c2lnbmF0dXJlLXNlY3JldA';
    const refresh = 'rt_9f8e7d6c5b4a3f2e1d0c9b8a';
    const original = Object.assign(
      new Error(`Revocation failed: Authorization: Bearer ${access} refresh_token=${refresh}`),
      { response: { headers: { authorization: `Bearer ${access}` } } },
    );
    original.stack = `Error: boom\n    at revokeWith_${refresh} (/home/trader/secret.ts:1:1)`;
    original.cause = new Error(refresh);
    vi.mocked(h['monitor:sign-out']).mockRejectedValueOnce(original);

    const error = await electron.invoke('monitor:sign-out', frame).then(
      () => expect.unreachable('the handler threw'),
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    const sent = error as Error;
    expect(sent).not.toBe(original);
    expect(sent.message).toMatch(/^Revocation failed: .*\[redacted\]/);
    expect(sent.cause).toBeUndefined();
    expect(Object.keys(sent)).toEqual([]);
    for (const text of [sent.message, String(sent), sent.stack ?? '']) {
      expect(text).not.toContain(access);
      expect(text).not.toContain(refresh);
      expect(text).not.toContain('/home/trader/secret.ts');
    }
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('monitor:sign-out failed'));
    expect(JSON.stringify(log.mock.calls)).not.toContain(refresh);
  });

  it('opens only allow-listed links, whatever the window sends', async () => {
    const { frame } = setup();
    await expect(
      electron.invoke('monitor:open-external', frame, 'https://evil.example/'),
    ).rejects.toThrow(/invalid request/);
    await expect(
      electron.invoke('monitor:open-external', frame, 'javascript:alert(1)'),
    ).rejects.toThrow(/invalid request/);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    await expect(electron.invoke('monitor:open-external', frame, 'subscriptions')).resolves.toEqual(
      { ok: true },
    );
    expect(electron.shell.openExternal).toHaveBeenCalledWith(
      'https://app.crosstrade.io/user/subscriptions',
    );
  });

  it('removes every handler when unregistered', () => {
    const { unregister } = setup();
    unregister();
    expect(electron.handlers.size).toBe(0);
  });

  it('pushes state to the window and not to a destroyed one', () => {
    const { win } = setup();
    push(win.webContents as never, 'monitor:state', { checking: true } as never);
    expect(win.webContents.sent).toEqual([
      { channel: 'monitor:state', payload: { checking: true } },
    ]);
    win.webContents.destroyed = true;
    push(win.webContents as never, 'monitor:state', { checking: false } as never);
    expect(win.webContents.sent).toHaveLength(1);
  });
});

describe('openExternal in main', () => {
  beforeEach(() => electron.reset());

  it('refuses anything outside the allow-list, even when called directly', async () => {
    const log = vi.fn();
    for (const bad of [
      'https://evil.example/',
      'file:///etc/passwd',
      '__proto__',
      'constructor',
      42,
      null,
    ]) {
      await expect(openExternalLink(bad, log)).resolves.toEqual({
        ok: false,
        error: 'That link is not one the monitor opens.',
      });
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('allow-list'));
  });

  it('opens the AI Clients page for its kind', async () => {
    await expect(openExternalLink('ai_clients', () => {})).resolves.toEqual({ ok: true });
    expect(electron.shell.openExternal).toHaveBeenCalledWith(
      'https://app.crosstrade.io/user/my-account?tab=ai-clients',
    );
  });
});
