import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, type ExternalLink } from '../../shared/ipc';
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

function handlers() {
  return {
    getState: vi.fn(),
    checkNow: vi.fn(async () => {}),
    signIn: vi.fn(async () => {}),
    signOut: vi.fn(async () => {}),
    pauseNotifications: vi.fn(),
    resumeNotifications: vi.fn(),
    openExternal: vi.fn(async (link: ExternalLink) => {
      const result = await openExternalLink(link, () => {});
      if (!result.ok) throw new Error(result.error);
    }),
    copyDiagnostics: vi.fn(async () => {}),
    getSettings: vi.fn(() => DEFAULT_SETTINGS),
    setSettings: vi.fn(() => DEFAULT_SETTINGS),
    installUpdate: vi.fn(),
  } satisfies InvokeHandlers;
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
    await expect(electron.invoke('monitor:check-now', frame)).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    await electron.invoke('monitor:pause-notifications', frame, { minutes: 60 });
    await expect(electron.invoke('monitor:get-settings', frame)).resolves.toEqual({
      ok: true,
      value: DEFAULT_SETTINGS,
    });
    expect(h.checkNow).toHaveBeenCalledTimes(1);
    expect(h.pauseNotifications).toHaveBeenCalledWith({ minutes: 60 });
  });

  // A frame that is not ours gets a bare rejection, not an envelope: nothing there is our window
  // to unwrap an answer, and the rejection tells it nothing about main.
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
    expect(h.signOut).not.toHaveBeenCalled();
    expect(h.openExternal).not.toHaveBeenCalled();
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('untrusted sender'));
  });

  it('drops messages once our frame has navigated away', async () => {
    const { h, frame } = setup();
    frame.url = 'https://evil.example/';
    await expect(electron.invoke('monitor:get-settings', frame)).rejects.toThrow(
      /not the monitor window/,
    );
    expect(h.getSettings).not.toHaveBeenCalled();
  });

  it("answers a request that fails the table's schema with an error, before the handler runs", async () => {
    const { h, frame, log } = setup();
    const refused = { ok: false, error: expect.any(String) };
    await expect(
      electron.invoke('monitor:pause-notifications', frame, { minutes: 0 }),
    ).resolves.toEqual(refused);
    await expect(
      electron.invoke('monitor:pause-notifications', frame, { minutes: 5, extra: 1 }),
    ).resolves.toEqual(refused);
    await expect(electron.invoke('monitor:check-now', frame, 'unexpected')).resolves.toEqual(
      refused,
    );
    await expect(electron.invoke('monitor:get-state', frame, undefined, 'extra')).resolves.toEqual({
      ok: false,
      error: 'Rejected monitor:get-state: invalid request (too many arguments).',
    });
    // The settings schema's own sentence reaches the window: the trader can act on it.
    await expect(
      electron.invoke('monitor:set-settings', frame, { mcpUrl: 'http://crosstrade.example/mcp' }),
    ).resolves.toEqual({
      ok: false,
      error: 'mcpUrl: The MCP URL must be an https:// URL (http:// only on this computer).',
    });
    await expect(
      electron.invoke('monitor:set-settings', frame, { intervalSec: 1 }),
    ).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/^intervalSec: /) });
    expect(h.pauseNotifications).not.toHaveBeenCalled();
    expect(h.setSettings).not.toHaveBeenCalled();
    expect(h.checkNow).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('Rejected IPC'));
  });

  it('answers a handler that throws with one redacted line, never the stack or cause', async () => {
    const { h, frame, log } = setup();
    const access = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0cmFkZXItNDIifQ.c2lnbmF0dXJlLXNlY3JldA';
    const refresh = 'rt_9f8e7d6c5b4a3f2e1d0c9b8a';
    const original = Object.assign(
      new Error(`Revocation failed: Authorization: Bearer ${access} refresh_token=${refresh}`),
      { response: { headers: { authorization: `Bearer ${access}` } } },
    );
    original.stack = `Error: boom\n    at revokeWith_${refresh} (/home/trader/secret.ts:1:1)`;
    original.cause = new Error(refresh);
    h.signOut.mockRejectedValueOnce(original);

    const answer = await electron.invoke('monitor:sign-out', frame);
    // The envelope and one line of text: no stack, cause or properties of the original error.
    expect(Object.keys(answer as object).sort()).toEqual(['error', 'ok']);
    const { ok, error } = answer as { ok: boolean; error: string };
    expect(ok).toBe(false);
    expect(error).toMatch(/^Revocation failed: .*\[redacted\]/);
    expect(error).not.toContain('\n');
    const sent = JSON.stringify(answer);
    expect(sent).not.toContain(access);
    expect(sent).not.toContain(refresh);
    expect(sent).not.toContain('/home/trader/secret.ts');
    expect(log).toHaveBeenCalledWith('warn', expect.stringContaining('monitor:sign-out failed'));
    expect(JSON.stringify(log.mock.calls)).not.toContain(refresh);
  });

  it('opens only allow-listed links, whatever the window sends', async () => {
    const { frame } = setup();
    await expect(
      electron.invoke('monitor:open-external', frame, 'https://evil.example/'),
    ).resolves.toMatchObject({ ok: false });
    await expect(
      electron.invoke('monitor:open-external', frame, 'javascript:alert(1)'),
    ).resolves.toMatchObject({ ok: false });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    await expect(electron.invoke('monitor:open-external', frame, 'subscriptions')).resolves.toEqual(
      { ok: true, value: undefined },
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
