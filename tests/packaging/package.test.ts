// Packages the app the way `npm run dist` does, for `--linux dir`, with a stand-in Electron
// distribution (electron-builder cannot download Electron on these machines), then reads app.asar.
// The build runs into a temporary project folder (package.json + a node_modules link), so this
// test never races other tests over out/.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import Module from 'node:module';
import { Window } from 'happy-dom';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  INVOKE,
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  PUSH_METHODS,
  type AppState,
  type IpcResult,
} from '../../shared/ipc';
import { trayIconFiles } from '../../electron/policy/tray-icon';
import { CONTENT_SECURITY_POLICY } from '../../electron/policy/window-options';
import { createElectronMock, MockEvent } from '../shell/electron-mock';

const ROOT = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
// @electron/asar comes with electron-builder (app-builder-lib).
const asar = require('@electron/asar') as {
  listPackage(archive: string, options?: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let project = '';
let archive = '';
let files: string[] = [];
let unpacked = '';

function run(label: string, args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) {
    throw new Error(`${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A folder shaped like an unpacked Linux Electron: what electron-builder copies and renames. */
function standInElectronDist(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(
    join(dir, 'electron'),
    '#!/bin/sh\necho "stand-in Electron: no binary on this machine" >&2\nexit 1\n',
  );
  chmodSync(join(dir, 'electron'), 0o755);
  const version = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  writeFileSync(join(dir, 'version'), `v${version}`);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>');
  return dir;
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ct-package-'));
  copyFileSync(join(ROOT, 'package.json'), join(project, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  run(
    'npm run build',
    [
      join(ROOT, 'scripts', 'build.mjs'),
      '--out',
      join(project, 'out'),
      '--installer-icons',
      join(project, 'build', 'generated'),
    ],
    ROOT,
  );
  const dist = standInElectronDist(join(project, 'electron-dist'));
  run(
    'electron-builder --linux dir',
    [
      join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
      '--projectDir',
      project,
      '--config',
      join(ROOT, 'build', 'electron-builder.config.mjs'),
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${join(project, 'release')}`,
    ],
    ROOT,
  );
  unpacked = join(project, 'release', 'linux-unpacked');
  archive = join(unpacked, 'resources', 'app.asar');
  files = asar.listPackage(archive, { isPack: false }).map((file) => file.replaceAll('\\', '/'));
}, 300_000);

describe('the packaged app (electron-builder --linux dir)', () => {
  it('holds the main and preload bundles', () => {
    expect(files).toContain('/out/main/main.cjs');
    expect(files).toContain('/out/main/preload.cjs');
  });

  it('holds the renderer', () => {
    expect(files).toContain('/out/renderer/index.html');
    expect(files.some((file) => /^\/out\/renderer\/assets\/.+\.js$/.test(file))).toBe(true);
  });

  it("protects the packaged page with the <meta> CSP, exactly the window's policy", () => {
    // A file:// page may never pass through onHeadersReceived: the <meta> is the CSP that holds.
    const html = asar.extractFile(archive, 'out/renderer/index.html').toString('utf8');
    const document = new new Window().DOMParser().parseFromString(html, 'text/html');
    const metas = [...document.querySelectorAll('meta[http-equiv]')].filter(
      (meta) => meta.getAttribute('http-equiv')?.toLowerCase() === 'content-security-policy',
    );
    expect(metas).toHaveLength(1);
    const meta = metas[0]!;
    expect(meta.getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
    // A meta CSP covers only what comes after it: it must precede every script and stylesheet.
    expect(meta.parentElement?.tagName).toBe('HEAD');
    const loaded = [...document.querySelectorAll('script, link[rel="stylesheet"]')];
    expect(loaded.length).toBeGreaterThan(0);
    for (const element of loaded) {
      expect(meta.compareDocumentPosition(element) & 4 /* FOLLOWING */).toBe(4);
    }
  });

  it('ships the update feed (app-update.yml: GitHub releases) beside the archive', () => {
    const feed = parseYaml(
      readFileSync(join(unpacked, 'resources', 'app-update.yml'), 'utf8'),
    ) as Record<string, unknown>;
    expect(feed).toMatchObject({ provider: 'github', updaterCacheDirName: expect.any(String) });
    expect(feed.owner).toEqual(expect.stringMatching(/^[\w.-]+$/));
    expect(feed.repo).toEqual(expect.stringMatching(/^[\w.-]+$/));
  });

  it('leaves the doctor bundle and executable out of the app', () => {
    expect(files.some((file) => file.startsWith('/out/cli/') || file.startsWith('/out/sea/'))).toBe(
      false,
    );
  });

  it('holds every tray icon and the window icon', () => {
    for (const file of trayIconFiles()) expect(files).toContain(`/out/icons/tray/${file}`);
    expect(files).toContain('/out/icons/app.png');
  });

  it('starts the built main bundle through package.json', () => {
    const packaged = JSON.parse(
      asar.extractFile(archive, 'package.json').toString('utf8'),
    ) as Record<string, unknown>;
    expect(packaged.main).toBe('out/main/main.cjs');
    expect(packaged).not.toHaveProperty('devDependencies');
    expect(packaged).not.toHaveProperty('scripts');
    expect(() =>
      accessSync(join(unpacked, 'crosstrade-mcp-monitor'), constants.X_OK),
    ).not.toThrow();
  });

  it('holds no sources, tests, node_modules or source maps', () => {
    const forbidden = files.filter(
      (file) =>
        /\/node_modules(\/|$)/.test(file) ||
        /^\/(tests|electron|shared|simulator|renderer|scripts|bin|build|src)(\/|$)/.test(file) ||
        /\.(ts|tsx|map)$/.test(file),
    );
    expect(forbidden).toEqual([]);
    expect(files.every((file) => file === '/package.json' || file.startsWith('/out'))).toBe(true);
  });

  it('inlines only production dependencies into main, and leaves electron external', () => {
    const main = asar.extractFile(archive, 'out/main/main.cjs').toString('utf8');
    const bundled = new Set(
      // esbuild names each inlined file by its path: `node_modules/<pkg>/…`, behind `../` when
      // the install is a symlink to another checkout.
      [...main.matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
        (m) => m[1]!,
      ),
    );
    expect(bundled.size).toBeGreaterThan(0);
    for (const name of bundled) expect(Object.keys(pkg.devDependencies)).not.toContain(name);
    for (const dev of [
      'vitest',
      'playwright-core',
      '@resvg/resvg-js',
      'electron-builder',
      'vite',
      'react',
    ]) {
      expect(bundled).not.toContain(dev);
    }
    expect(main).toMatch(/= require\("electron"\);$/m);
    expect(main).not.toContain('Electron failed to install correctly');
  });

  it('has a preload that exposes exactly the bridge through contextBridge', () => {
    const code = asar.extractFile(archive, 'out/main/preload.cjs').toString('utf8');
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api),
      },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          invoked.push(args);
          return Promise.resolve();
        },
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    // A sandboxed preload may require only a few modules; ours needs nothing but electron.
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`the preload required ${name}`);
    };
    runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
    expect([...exposed.keys()]).toEqual(['monitor']);
    const bridge = exposed.get('monitor')!;
    expect(Object.keys(bridge).sort()).toEqual([...INVOKE_METHODS, ...PUSH_METHODS].sort());
    for (const method of INVOKE_METHODS) {
      void (bridge[method] as (arg?: unknown) => Promise<unknown>)('x');
      expect(invoked.at(-1)?.[0]).toBe(INVOKE[method].channel);
    }
  });

  it('starts from the extracted archive under Node with a stand-in electron, finding all its files', async () => {
    const extracted = mkdtempSync(join(tmpdir(), 'ct-asar-'));
    (asar as unknown as { extractAll(archive: string, dest: string): void }).extractAll(
      archive,
      extracted,
    );
    const electron = createElectronMock();
    electron.app.isPackaged = true;
    const standIn = join(extracted, 'electron-stand-in.cjs');
    // Node's CommonJS loader: route require('electron') from the bundle to the stand-in.
    const loader = Module as unknown as {
      _resolveFilename(request: string, ...rest: unknown[]): string;
      _cache: Record<string, unknown>;
    };
    const resolveFilename = loader._resolveFilename;
    loader._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? standIn : resolveFilename.call(this, request, ...rest);
    };
    loader._cache[standIn] = { id: standIn, filename: standIn, loaded: true, exports: electron };
    const saved = {
      userData: process.env.CROSSTRADE_MONITOR_USER_DATA,
      url: process.env.CROSSTRADE_MCP_URL,
    };
    process.env.CROSSTRADE_MONITOR_USER_DATA = join(extracted, 'profile');
    // Port 9 (discard) on loopback: refused at once, no traffic leaves the machine.
    process.env.CROSSTRADE_MCP_URL = 'http://127.0.0.1:9/v1/api/mcp';
    try {
      createRequire(import.meta.url)(join(extracted, 'out', 'main', 'main.cjs'));
      await vi.waitFor(() => expect(electron.trays).toHaveLength(1));
      expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
      const tray = electron.trays[0]!;
      const win = electron.windows[0]!;
      for (const file of [
        tray.image.path,
        String((win.options.webPreferences as { preload: string }).preload),
        win.loadedFile!,
      ]) {
        expect(file.startsWith(join(extracted, 'out'))).toBe(true);
        expect(() => accessSync(file)).not.toThrow();
      }
      const answer = (await electron.invoke(
        'monitor:get-state',
        win.webContents.mainFrame,
      )) as IpcResult<AppState>;
      expect(answer.ok && answer.value.settings.mcpUrl).toBe('http://127.0.0.1:9/v1/api/mcp');
      electron.app.emit('before-quit');
      const quitting = new MockEvent();
      electron.app.emit('will-quit', quitting);
      expect(quitting.defaultPrevented).toBe(true);
      await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    } finally {
      loader._resolveFilename = resolveFilename;
      delete loader._cache[standIn];
      if (saved.userData === undefined) delete process.env.CROSSTRADE_MONITOR_USER_DATA;
      else process.env.CROSSTRADE_MONITOR_USER_DATA = saved.userData;
      if (saved.url === undefined) delete process.env.CROSSTRADE_MCP_URL;
      else process.env.CROSSTRADE_MCP_URL = saved.url;
    }
  });
});
