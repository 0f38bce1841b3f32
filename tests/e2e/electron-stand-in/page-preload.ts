// The renderer half of the stand-in: an init script (run by Chromium before any of the page's
// scripts, in every new document of the window's page) that runs the REAL built preload bundle
// with the double's `contextBridge` and `ipcRenderer` (createRendererSide, the same code the unit
// tests run, injected as source):
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
import { createRendererSide } from '../../electron-double/index';

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
  const side = (${createRendererSide.toString()})(
    typeof invokeMain === 'function' ? (channel, args) => invokeMain(channel, args) : undefined,
    {
      has: (key) => Object.prototype.hasOwnProperty.call(window, key),
      define: (key, value) => Object.defineProperty(window, key, { value, enumerable: true }),
    },
  );
  Object.defineProperty(window, ${deliver}, { value: side.deliver });
  const electron = { contextBridge: side.contextBridge, ipcRenderer: side.ipcRenderer };
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
