import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  DEFAULT_SIZE,
  isRendererUrl,
  MIN_SIZE,
  restoreBounds,
  secureWebPreferences,
  windowOptions,
} from '../../../electron/policy/window-options';

const RENDERER =
  'file:///opt/CrossTrade%20MCP%20Monitor/resources/app.asar/out/renderer/index.html';

describe('window options', () => {
  it('uses exactly the CSP of the window issue', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:",
    );
  });

  it('turns on isolation, the sandbox and web security, and node integration off', () => {
    expect(secureWebPreferences('/app/out/main/preload.cjs')).toMatchObject({
      preload: '/app/out/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('starts hidden, at the default size unless bounds were saved', () => {
    const fresh = windowOptions({ preload: '/p.cjs' });
    expect(fresh).toMatchObject({ show: false, ...DEFAULT_SIZE, minWidth: MIN_SIZE.width });
    expect(fresh).not.toHaveProperty('x');
    const restored = windowOptions({
      preload: '/p.cjs',
      bounds: { x: 10, y: 20, width: 700, height: 500 },
    });
    expect(restored).toMatchObject({ x: 10, y: 20, width: 700, height: 500 });
  });

  it('restores saved bounds that are on a display', () => {
    const area = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(restoreBounds({ x: 100, y: 80, width: 900, height: 700 }, [area])).toEqual({
      x: 100,
      y: 80,
      width: 900,
      height: 700,
    });
  });

  it('forgets bounds left on a display that is gone, and garbage', () => {
    const area = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(restoreBounds({ x: 2500, y: 100, width: 900, height: 700 }, [area])).toBeUndefined();
    expect(restoreBounds({ x: 'a', y: 0, width: 1, height: 1 }, [area])).toBeUndefined();
    expect(restoreBounds(undefined, [area])).toBeUndefined();
    expect(restoreBounds({ x: 0, y: 0, width: 900, height: 700 }, [])).toBeUndefined();
  });

  it('keeps restored bounds between the minimum size and the display', () => {
    const area = { x: 0, y: 0, width: 1280, height: 720 };
    expect(restoreBounds({ x: 0, y: 0, width: 3000, height: 200 }, [area])).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: MIN_SIZE.height,
    });
  });

  it('recognises the renderer page by URL, ignoring hash and query', () => {
    expect(isRendererUrl(RENDERER, RENDERER)).toBe(true);
    expect(isRendererUrl(`${RENDERER}#/settings`, RENDERER)).toBe(true);
    expect(isRendererUrl(`${RENDERER}?view=history`, RENDERER)).toBe(true);
    expect(isRendererUrl('file:///tmp/evil.html', RENDERER)).toBe(false);
    expect(isRendererUrl('https://app.crosstrade.io/', RENDERER)).toBe(false);
    expect(isRendererUrl('about:blank', RENDERER)).toBe(false);
    expect(isRendererUrl('', RENDERER)).toBe(false);
    expect(isRendererUrl(undefined, RENDERER)).toBe(false);
  });
});
