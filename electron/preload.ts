// Preload (sandboxed, built to out/main/preload.cjs): exposes exactly MonitorBridge as
// `window.monitor` through contextBridge. Intent-level functions only: ipcRenderer itself, the
// IPC event and any other channel stay out of the page's reach.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  BRIDGE_CHANNELS,
  type AppState,
  type InvokeChannel,
  type InvokeContract,
  type MonitorBridge,
  type PushChannel,
} from '../shared/ipc';

const STATE_CHANNEL: PushChannel = 'monitor:state';

function invoke<C extends InvokeChannel>(
  channel: C,
  ...request: InvokeContract[C]['request'] extends void ? [] : [InvokeContract[C]['request']]
): Promise<InvokeContract[C]['response']> {
  return ipcRenderer.invoke(channel, ...request) as Promise<InvokeContract[C]['response']>;
}

const bridge: MonitorBridge = {
  getState: () => invoke(BRIDGE_CHANNELS.getState),
  onState: (listener) => {
    const forward = (_event: IpcRendererEvent, state: AppState) => listener(state);
    ipcRenderer.on(STATE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(STATE_CHANNEL, forward);
    };
  },
  checkNow: () => invoke(BRIDGE_CHANNELS.checkNow),
  signIn: () => invoke(BRIDGE_CHANNELS.signIn),
  signOut: () => invoke(BRIDGE_CHANNELS.signOut),
  pauseNotifications: (request) => invoke(BRIDGE_CHANNELS.pauseNotifications, request),
  resumeNotifications: () => invoke(BRIDGE_CHANNELS.resumeNotifications),
  openExternal: (link) => invoke(BRIDGE_CHANNELS.openExternal, link),
  copyDiagnostics: () => invoke(BRIDGE_CHANNELS.copyDiagnostics),
  getSettings: () => invoke(BRIDGE_CHANNELS.getSettings),
  setSettings: (patch) => invoke(BRIDGE_CHANNELS.setSettings, patch),
};

contextBridge.exposeInMainWorld('monitor', bridge);
