import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/policy/window-options';
import { MockEvent } from './electron-mock';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { WindowController } = await import('../../electron/window');

const RENDERER_INDEX = '/opt/CrossTrade MCP Monitor/resources/app.asar/out/renderer/index.html';
const paths = {
  preload: '/opt/CrossTrade MCP Monitor/resources/app.asar/out/main/preload.cjs',
  rendererIndex: RENDERER_INDEX,
  rendererUrl: pathToFileURL(RENDERER_INDEX).href,
  appIcon: '/opt/CrossTrade MCP Monitor/resources/app.asar/out/icons/app.png',
};

function setup(saved?: unknown) {
  const saveBounds = vi.fn();
  const log = vi.fn();
  const controller = new WindowController({
    paths,
    platform: 'linux',
    loadBounds: () => saved,
    saveBounds,
    log,
  });
  controller.open();
  const win = electron.windows[0]!;
  win.emit('ready-to-show');
  return { controller, win, saveBounds, log };
}

describe('window controller', () => {
  beforeEach(() => electron.reset());

  it('is created on first open with exactly the secure webPreferences', () => {
    const { win } = setup();
    expect(electron.windows).toHaveLength(1);
    expect(win.options.webPreferences).toEqual({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    expect(win.options).toMatchObject({ show: false, icon: paths.appIcon });
  });

  it('loads the packaged renderer file and shows it once ready', () => {
    const controller = new WindowController({
      paths,
      platform: 'linux',
      loadBounds: () => undefined,
      saveBounds: vi.fn(),
      log: vi.fn(),
    });
    controller.open();
    const win = electron.windows[0]!;
    expect(win.loadFile).toHaveBeenCalledWith(RENDERER_INDEX);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalled();
  });

  it('sends the CSP with every response', () => {
    const { win } = setup();
    const respond = vi.fn();
    win.webContents.session.headersHandler!(
      { url: paths.rendererUrl, responseHeaders: { 'X-Other': ['1'] } },
      respond,
    );
    expect(respond).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('denies navigation, redirects, webviews and new windows', () => {
    const { win } = setup();
    for (const [name, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-redirect', 'https://evil.example/'],
      ['will-attach-webview', undefined],
    ] as const) {
      const event = new MockEvent();
      win.webContents.emit(name, event, url);
      expect(event.defaultPrevented).toBe(true);
    }
    expect(win.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
  });

  it('denies every permission request and check', () => {
    const { win } = setup();
    const session = win.webContents.session;
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
    ]) {
      const callback = vi.fn();
      session.permissionRequestHandler!(win.webContents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler!(win.webContents, permission, paths.rendererUrl)).toBe(
        false,
      );
    }
  });

  it('hides instead of closing, and is reused on the next open', () => {
    const { controller, win, saveBounds } = setup();
    const event = win.userClose();
    expect(event.defaultPrevented).toBe(true);
    expect(win.hide).toHaveBeenCalled();
    expect(saveBounds).toHaveBeenCalledWith({ x: 100, y: 100, width: 920, height: 700 });
    controller.open();
    expect(electron.windows).toHaveLength(1);
    expect(win.show).toHaveBeenCalledTimes(2);
  });

  it('closes for real once the app quits', () => {
    const { controller, win } = setup();
    controller.prepareToQuit();
    expect(win.userClose().defaultPrevented).toBe(false);
    controller.open();
    expect(electron.windows).toHaveLength(2);
  });

  it('restores the saved size and position when still on a display', () => {
    const { win } = setup({ x: 300, y: 200, width: 1000, height: 760 });
    expect(win.options).toMatchObject({ x: 300, y: 200, width: 1000, height: 760 });
  });

  it('ignores saved bounds on a display that is gone', () => {
    electron.setWorkAreas([{ x: 0, y: 0, width: 1280, height: 800 }]);
    const { win } = setup({ x: 2200, y: 200, width: 1000, height: 760 });
    expect(win.options).not.toHaveProperty('x');
  });

  it('trusts only its own main frame showing the renderer page', () => {
    const { controller, win } = setup();
    const main = win.webContents.mainFrame;
    expect(main.url).toBe(paths.rendererUrl);
    expect(controller.isTrustedSender({ senderFrame: main as never })).toBe(true);
    expect(controller.isTrustedSender({ senderFrame: { ...main, routingId: 7 } as never })).toBe(
      false,
    );
    expect(
      controller.isTrustedSender({
        senderFrame: { ...main, url: 'https://evil.example/' } as never,
      }),
    ).toBe(false);
    expect(controller.isTrustedSender({ senderFrame: null })).toBe(false);
    main.url = 'file:///tmp/other.html';
    expect(controller.isTrustedSender({ senderFrame: main as never })).toBe(false);
  });

  it('reports focus only while shown and focused', () => {
    const { controller, win } = setup();
    expect(controller.isFocused()).toBe(true);
    win.hide();
    expect(controller.isFocused()).toBe(false);
  });
});
