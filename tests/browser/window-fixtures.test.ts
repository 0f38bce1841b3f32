// The built window in real Chromium on fixture states: the views the simulator cannot stage
// quickly (a day of history, sign-in secrets without encryption), keyboard use with visible
// focus, light and dark themes, reduced motion, settings round trip, and the bundle budget.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CATALOG } from '../../shared/catalog';
import { BUNDLE_BUDGET_KB, bundleReport } from '../../scripts/build-renderer';
import { describeBrowser, launchChromium } from '../helpers/browser';
import { appState, problemState } from '../renderer/fixtures';
import { createFixtureBackend, type FixtureBackend } from './backends';
import {
  buildRendererToTemp,
  openWindow,
  saveScreenshot,
  serveStatic,
  type BuiltRenderer,
  type OpenWindowOptions,
  type StaticServer,
  type WindowHarness,
} from './harness';

/** Describes the focused element: role/tag and its accessible text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          activeElement: {
            tagName: string;
            getAttribute(n: string): string | null;
            textContent: string | null;
            id: string;
          } | null;
        };
      }
    ).document;
    const el = doc.activeElement;
    if (!el) return 'none';
    const role = el.getAttribute('role') ?? el.tagName.toLowerCase();
    const label = el.tagName === 'INPUT' ? el.id : (el.textContent ?? '').trim();
    return `${role}:${label}`;
  });
}

function focusOutline(page: Page): Promise<string> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { activeElement: unknown };
      getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string };
    };
    const style = g.getComputedStyle(g.document.activeElement);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
}

describeBrowser('the window in Chromium on fixture states', () => {
  let browser: Browser;
  let built: BuiltRenderer;
  let server: StaticServer;
  let harness: WindowHarness | undefined;
  let backend: FixtureBackend;

  async function open(
    state: ReturnType<typeof appState>,
    options: Partial<OpenWindowOptions> = {},
  ) {
    backend = createFixtureBackend(state);
    harness = await openWindow(browser, { url: server.url, backend, ...options });
    await harness.page.getByRole('tablist', { name: 'Monitor views' }).waitFor();
    return harness.page;
  }

  beforeAll(async () => {
    built = await buildRendererToTemp();
    server = await serveStatic(built.dir);
    browser = await launchChromium();
  });

  afterEach(async () => {
    if (harness) expect(harness.errors).toEqual([]);
    await harness?.close();
    harness = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    built?.remove();
  });

  it('keeps the production bundle (JS + CSS, gzipped) within the budget', () => {
    const report = bundleReport(built.dir);
    expect(report.files.some((f) => f.file.endsWith('.js'))).toBe(true);
    expect(report.files.some((f) => f.file.endsWith('.css'))).toBe(true);
    expect(report.totalGzipBytes).toBeLessThanOrEqual(BUNDLE_BUDGET_KB * 1024);
  });

  it('is fully keyboard reachable, with a visible focus ring', async () => {
    const page = await open(problemState(['addon_disconnected']));
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Check now');
    expect(await focusOutline(page)).toBe('solid 2px');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^tab:Status/);
    expect(await focusOutline(page)).toBe('solid 2px');

    const seen: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    const steps = CATALOG.addon_disconnected.steps.length;
    const unique = new Set(seen);
    expect([...unique].filter((s) => s.startsWith('input:step-addon_disconnected-'))).toHaveLength(
      steps,
    );
    expect(seen).toContain('button:Check now');
    expect(seen).toContain('button:Copy safe diagnostics');

    await page.getByRole('tab', { name: /Status/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('tab:Details');
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('tab:Settings');
    await page.getByLabel('MCP server URL').waitFor();

    await page.getByRole('tab', { name: /Status/ }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox').first().isChecked()).toBe(true);
  });

  it('announces level changes in a polite status region', async () => {
    const page = await open(appState());
    const live = page.locator('[role="status"][aria-live="polite"]');
    expect(await live.textContent()).toBe('Status: All good.');
    backend.setState(problemState(['addon_disconnected']));
    await harness?.flushPushes();
    await expect
      .poll(() => live.textContent())
      .toBe(`Status: Not working. ${CATALOG.addon_disconnected.title}.`);
  });

  it('follows the OS dark theme', async () => {
    const light = await open(appState());
    const lightBg = await light.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: unknown };
        getComputedStyle(el: unknown): { backgroundColor: string };
      };
      return g.getComputedStyle(g.document.documentElement).backgroundColor;
    });
    await harness?.close();
    const dark = await open(problemState(['addon_disconnected', 'broker_disconnected']), {
      colorScheme: 'dark',
    });
    const darkBg = await dark.evaluate(() => {
      const g = globalThis as unknown as {
        document: { documentElement: unknown };
        getComputedStyle(el: unknown): { backgroundColor: string };
      };
      return g.getComputedStyle(g.document.documentElement).backgroundColor;
    });
    expect(lightBg).toBe('rgb(244, 246, 248)');
    expect(darkBg).toBe('rgb(15, 19, 24)');
    await saveScreenshot(dark, 'dark-addon-disconnected');
  });

  it('spins the busy Check now icon, but not under reduced motion', async () => {
    const animation = async (page: Page) =>
      page.locator('header .check-now svg').evaluate((el) => {
        const g = globalThis as unknown as {
          getComputedStyle(e: unknown): { animationName: string };
        };
        return g.getComputedStyle(el).animationName;
      });
    let page = await open(appState({ checking: true }), { reducedMotion: 'no-preference' });
    expect(await animation(page)).toBe('spin');
    await harness?.close();
    page = await open(appState({ checking: true }), { reducedMotion: 'reduce' });
    expect(await animation(page)).toBe('none');
  });

  it('Check now asks once and shows the fresh check', async () => {
    const page = await open(appState());
    await page.locator('header').getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => backend.checks).toBe(1);
    await expect
      .poll(() => page.locator('.check-times').textContent())
      .toMatch(/^Checked just now/);
  });

  it('shows the details: capabilities, connections, token and server', async () => {
    const page = await open(problemState(['broker_disconnected']));
    await page.getByRole('tab', { name: 'Details' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Details' });
    expect(await panel.textContent()).toContain('v1.13.0 (minimum v1.13.0)');
    expect(await panel.getByRole('region', { name: 'Broker connections' }).textContent()).toContain(
      'ConnectionLost',
    );
    await panel.getByRole('button', { name: 'Manage on AI Clients' }).click();
    await expect.poll(() => backend.externalLinks).toEqual(['ai_clients']);
    await saveScreenshot(page, 'details');
  });

  it('shows a day of history as a strip with a text summary and the incidents', async () => {
    const page = await open(appState());
    await page.getByRole('tab', { name: 'History' }).click();
    const strip = page.getByRole('img', { name: /^Last 24 hours: OK/ });
    expect(await strip.locator('rect').count()).toBe(96);
    expect(await strip.locator('rect.seg-error').count()).toBeGreaterThan(0);
    const box = await strip.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(
      await page.getByRole('region', { name: 'Incidents' }).getByRole('listitem').count(),
    ).toBe(2);
    await saveScreenshot(page, 'history');
  });

  it('validates the MCP URL, saves through the bridge and warns about plain-text secrets', async () => {
    const page = await open(appState({ secretStorage: 'basic_text' }));
    await page.getByRole('tab', { name: 'Settings' }).click();
    const url = page.getByLabel('MCP server URL');
    await url.fill('http://crosstrade.example/v1/api/mcp');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await url.fill('https://mcp.crosstrade.io/sse');
    await page.getByText(/legacy address/).waitFor();
    await saveScreenshot(page, 'settings-warning');
    await page.getByRole('button', { name: 'Use the documented address' }).click();
    await page.getByLabel('Check every (seconds)').fill('60');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(backend.state.settings.intervalSec).toBe(60);
    expect(await page.getByRole('region', { name: 'Account' }).textContent()).toContain(
      'without system encryption',
    );
  });

  it('looks right larger than the popover size too', async () => {
    const page = await open(
      problemState(['addon_disconnected', 'broker_disconnected', 'clock_skew']),
      {
        viewport: { width: 900, height: 760 },
      },
    );
    const card = page.getByRole('region', { name: CATALOG.addon_disconnected.title });
    const box = await card.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(760);
    await saveScreenshot(page, 'wide-several-problems');
  });

  it('saves the healthy and signed-out views with a realistic day behind them', async () => {
    const page = await open(appState());
    await page.getByRole('region', { name: 'Everything is working' }).waitFor();
    await saveScreenshot(page, 'fixture-healthy');
    await harness?.close();
    const dark = await open(appState(), { colorScheme: 'dark' });
    await saveScreenshot(dark, 'dark-healthy');
  });
});
