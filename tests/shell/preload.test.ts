import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_METHODS, PUSH_METHODS, type MonitorBridge } from '../../shared/ipc';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const BRIDGE_METHODS = [...INVOKE_METHODS, ...PUSH_METHODS].sort();

async function loadPreload(): Promise<MonitorBridge> {
  vi.resetModules();
  await import('../../electron/preload');
  return electron.exposed.get('monitor') as MonitorBridge;
}

describe('preload bridge', () => {
  beforeEach(() => electron.reset());

  it('exposes exactly MonitorBridge as window.monitor, and nothing else', async () => {
    const bridge = await loadPreload();
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...electron.exposed.keys()]).toEqual(['monitor']);
    expect(Object.keys(bridge).sort()).toEqual(BRIDGE_METHODS);
    for (const value of Object.values(bridge)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(electron.ipcRenderer);
    }
    expect(Object.values(bridge)).not.toContain(electron.ipcRenderer.invoke);
  });

  it('invokes the contract channel of each method with its request', async () => {
    const bridge = await loadPreload();
    expect(BRIDGE_METHODS).toContain('onState');
    expect(BRIDGE_METHODS).toContain('setSettings');
    await bridge.getState();
    await bridge.checkNow();
    await bridge.signIn();
    await bridge.signOut();
    await bridge.pauseNotifications({ minutes: 60 });
    await bridge.resumeNotifications();
    await bridge.openExternal('ai_clients');
    await bridge.copyDiagnostics();
    await bridge.getSettings();
    await bridge.setSettings({ intervalSec: 60 });
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['monitor:get-state'],
      ['monitor:check-now'],
      ['monitor:sign-in'],
      ['monitor:sign-out'],
      ['monitor:pause-notifications', { minutes: 60 }],
      ['monitor:resume-notifications'],
      ['monitor:open-external', 'ai_clients'],
      ['monitor:copy-diagnostics'],
      ['monitor:get-settings'],
      ['monitor:set-settings', { intervalSec: 60 }],
    ]);
  });

  it("hands the window main's envelope as it came", async () => {
    const bridge = await loadPreload();
    const refused = { ok: false, error: 'mcpUrl: The MCP URL must be an https:// URL.' };
    electron.ipcRenderer.invoke.mockResolvedValueOnce(refused);
    await expect(bridge.setSettings({ mcpUrl: 'http://x.example/' })).resolves.toEqual(refused);
  });

  it('passes state pushes to the listener without the IPC event, and unsubscribes', async () => {
    const bridge = await loadPreload();
    const listener = vi.fn();
    const unsubscribe = bridge.onState(listener);
    const [forward] = electron.rendererListeners.get('monitor:state') ?? [];
    forward!({ sender: 'ipc event with sender' }, { checking: true });
    expect(listener).toHaveBeenCalledWith({ checking: true });
    expect(listener.mock.calls[0]).toHaveLength(1);
    unsubscribe();
    expect(electron.rendererListeners.get('monitor:state')?.size).toBe(0);
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
  });
});
