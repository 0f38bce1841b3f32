// The preload's side of Electron: `ipcRenderer` and `contextBridge`. Unit tests run it in Node;
// the e2e stand-in runs the same function in the page (page-preload.ts injects its source), so
// it must stay self-contained: no imports, no names from outside its body.

export type RendererListener = (event: unknown, ...args: unknown[]) => void;

export interface RendererSide {
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: RendererListener): RendererSide['ipcRenderer'];
    once(channel: string, listener: RendererListener): RendererSide['ipcRenderer'];
    removeListener(channel: string, listener: RendererListener): RendererSide['ipcRenderer'];
    off(channel: string, listener: RendererListener): RendererSide['ipcRenderer'];
    removeAllListeners(channel?: string): RendererSide['ipcRenderer'];
    send(channel: string, ...args: unknown[]): void;
    sendSync(channel: string, ...args: unknown[]): unknown;
  };
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  /** channel → the preload's `ipcRenderer.on` listeners. */
  listeners: Map<string, Set<RendererListener>>;
  /** main → preload: calls the channel's listeners in order; returns how many there were. */
  deliver(channel: string, args: unknown[]): number;
}

/** Where exposeInMainWorld puts an API: `window` in a page, a Map in a unit test. */
export interface MainWorld {
  has(key: string): boolean;
  define(key: string, value: unknown): void;
}

export function createRendererSide(
  invokeMain: ((channel: string, args: unknown[]) => Promise<unknown>) | undefined,
  world: MainWorld,
): RendererSide {
  const listeners = new Map<string, Set<RendererListener>>();
  const ipcRenderer: RendererSide['ipcRenderer'] = {
    invoke(channel, ...args) {
      if (typeof invokeMain !== 'function') return Promise.reject(new Error('no IPC to main'));
      return invokeMain(String(channel), args);
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<RendererListener>();
      set.add(listener);
      listeners.set(channel, set);
      return ipcRenderer;
    },
    once(channel, listener) {
      const wrapped: RendererListener = (...args) => {
        ipcRenderer.removeListener(channel, wrapped);
        listener(...args);
      };
      return ipcRenderer.on(channel, wrapped);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipcRenderer;
    },
    off(channel, listener) {
      return ipcRenderer.removeListener(channel, listener);
    },
    removeAllListeners(channel) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
    send(channel) {
      throw new Error(`ipcRenderer.send(${String(channel)}) is not modelled; the app uses invoke`);
    },
    sendSync(channel) {
      throw new Error(`ipcRenderer.sendSync(${String(channel)}) is not modelled`);
    },
  };
  const deliver = (channel: string, args: unknown[]): number => {
    const set = listeners.get(channel);
    if (!set) return 0;
    const event = { sender: ipcRenderer, senderId: 0, ports: [] };
    for (const listener of [...set]) listener(event, ...args);
    return set.size;
  };
  // contextBridge copies values into the main world: functions are proxied, objects copied,
  // promises resolved across. The exposed API object itself is deep-frozen, as Electron does.
  const copy = (value: unknown, depth: number, freeze: boolean): unknown => {
    if (depth > 1000) throw new Error('contextBridge: object too deep');
    if (typeof value === 'function') {
      const original = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) =>
        copy(original(...args.map((arg) => copy(arg, depth + 1, false))), depth + 1, false);
    }
    if (value instanceof Promise) return value.then((result) => copy(result, depth + 1, false));
    let out = value;
    if (Array.isArray(value)) out = value.map((item) => copy(item, depth + 1, freeze));
    else if (value !== null && typeof value === 'object') {
      const fields: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value))
        fields[key] = copy(field, depth + 1, freeze);
      out = fields;
    }
    return freeze && out !== null && typeof out === 'object' ? Object.freeze(out) : out;
  };
  const contextBridge: RendererSide['contextBridge'] = {
    exposeInMainWorld(key, api) {
      if (world.has(key)) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      world.define(key, copy(api, 0, true));
    },
  };
  return { ipcRenderer, contextBridge, listeners, deliver };
}
