// Preload (sandboxed, built to out/main/preload.cjs): exposes exactly MonitorBridge as
// `window.monitor` through contextBridge, one method per channel of shared/ipc.ts's tables.
// Intent-level functions only: ipcRenderer itself, the IPC event and any other channel stay out
// of the page's reach. The only module that touches ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  INVOKE,
  INVOKE_METHODS,
  PUSH,
  PUSH_METHODS,
  type InvokeMethod,
  type MonitorBridge,
  type PushMethod,
} from '../shared/ipc';

// ipcRenderer.invoke answers `Promise<any>`: main's registration guarantees the envelope of the
// channel's response, which is what MonitorBridge[M] declares.
function invoker<M extends InvokeMethod>(method: M): MonitorBridge[M] {
  const { channel } = INVOKE[method];
  // A channel takes at most one request; anything more would be refused by main anyway.
  const call = (...request: unknown[]) => ipcRenderer.invoke(channel, ...request.slice(0, 1));
  return call as MonitorBridge[M];
}

function subscriber<M extends PushMethod>(method: M): MonitorBridge[M] {
  const { channel } = PUSH[method];
  const subscribe = (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
  return subscribe as MonitorBridge[M];
}

const bridge = Object.fromEntries([
  ...INVOKE_METHODS.map((method) => [method, invoker(method)] as const),
  ...PUSH_METHODS.map((method) => [method, subscriber(method)] as const),
]) as MonitorBridge;

contextBridge.exposeInMainWorld('monitor', bridge);
