// The renderer half of the stand-in: an init script (run by Chromium before any of the page's
// scripts, in every new document of the window's page) that runs the REAL built preload bundle
// with page-side `contextBridge` and `ipcRenderer` stand-ins:
// - `ipcRenderer.invoke(channel, ...args)` calls the exposed binding, which hands the call to the
//   `ipcMain` double in Node with the calling frame, so main's sender checks see a real frame;
// - `ipcRenderer.on/removeListener` keep listeners that `webContents.send` reaches through the
//   deliver function below (main → page);
// - `contextBridge.exposeInMainWorld` defines a frozen copy of the API on `window`.
// Electron runs the preload in an isolated world; here it runs in the page's world inside a
// closure, and the binding is taken off `window` before the page's scripts run (README.md says
// what that does not model). Like Electron with nodeIntegrationInSubFrames off, the preload runs
// in the main frame only: a subframe keeps the raw binding, standing in for a frame that can talk
// to main but is not ours.

/** Exposed on the browser context by the stand-in; takes (channel, args[]). */
export const IPC_BINDING = '__electronStandInIpc';
/** Defined by the init script on the main frame's window; takes (channel, args[]). */
export const DELIVER_FUNCTION = '__electronStandInDeliver';

export interface PreloadScriptInput {
  /** Absolute path of the preload bundle (for error messages, like Electron's). */
  path: string;
  /** Its CommonJS source, run verbatim. */
  source: string;
}

export function preloadInitScript(preload: PreloadScriptInput): string {
  const binding = JSON.stringify(IPC_BINDING);
  const deliver = JSON.stringify(DELIVER_FUNCTION);
  return `(() => {
  if (window.top !== window) return;
  const invokeMain = window[${binding}];
  try { delete window[${binding}]; } catch (_error) { /* keep going: the binding stays visible */ }
  const listeners = new Map();
  const ipcRenderer = {
    invoke(channel, ...args) {
      if (typeof invokeMain !== 'function') return Promise.reject(new Error('stand-in: no IPC binding'));
      return invokeMain(String(channel), args);
    },
    on(channel, listener) {
      const set = listeners.get(channel) || new Set();
      set.add(listener);
      listeners.set(channel, set);
      return ipcRenderer;
    },
    once(channel, listener) {
      const wrapped = (...args) => { ipcRenderer.removeListener(channel, wrapped); listener(...args); };
      return ipcRenderer.on(channel, wrapped);
    },
    removeListener(channel, listener) {
      const set = listeners.get(channel);
      if (set) set.delete(listener);
      return ipcRenderer;
    },
    off(channel, listener) { return ipcRenderer.removeListener(channel, listener); },
    removeAllListeners(channel) {
      if (channel === undefined) listeners.clear(); else listeners.delete(channel);
      return ipcRenderer;
    },
    send(channel) { throw new Error('stand-in: ipcRenderer.send(' + String(channel) + ') is not modelled; the app uses invoke'); },
    sendSync(channel) { throw new Error('stand-in: ipcRenderer.sendSync(' + String(channel) + ') is not modelled'); },
  };
  Object.defineProperty(window, ${deliver}, {
    value: (channel, args) => {
      const set = listeners.get(channel);
      if (!set) return 0;
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const listener of [...set]) listener(event, ...args);
      return set.size;
    },
  });
  // contextBridge copies values into the page's world: functions are proxied, objects copied,
  // promises resolved across. The exposed API object itself is deep-frozen, as Electron does.
  const copy = (value, depth, freeze) => {
    if (depth > 1000) throw new Error('contextBridge: object too deep');
    if (typeof value === 'function') {
      return function (...args) {
        return copy(value.apply(undefined, args.map((arg) => copy(arg, depth + 1, false))), depth + 1, false);
      };
    }
    if (value instanceof Promise) return value.then((result) => copy(result, depth + 1, false));
    let out = value;
    if (Array.isArray(value)) out = value.map((item) => copy(item, depth + 1, freeze));
    else if (value !== null && typeof value === 'object') {
      out = {};
      for (const key of Object.keys(value)) out[key] = copy(value[key], depth + 1, freeze);
    }
    return freeze && out !== null && typeof out === 'object' ? Object.freeze(out) : out;
  };
  const contextBridge = {
    exposeInMainWorld(key, api) {
      if (Object.prototype.hasOwnProperty.call(window, key)) {
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      }
      Object.defineProperty(window, key, { value: copy(api, 0, true), enumerable: true });
    },
  };
  const electron = { contextBridge, ipcRenderer };
  const require = (name) => {
    if (name === 'electron' || name === 'electron/renderer') return electron;
    throw new Error("Cannot find module '" + String(name) + "' (a sandboxed preload may require only electron)");
  };
  const module = { exports: {} };
  try {
    (function (require, module, exports) {
${preload.source}
    })(require, module, module.exports);
  } catch (error) {
    console.error('Unable to load preload script: ' + ${JSON.stringify(preload.path)} + '\\n' + (error && error.stack ? error.stack : String(error)));
  }
})();`;
}
