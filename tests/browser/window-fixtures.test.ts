// The built window in real Chromium on fixture states: the views the simulator cannot stage
// quickly (a day of history, sign-in secrets without encryption), keyboard use with visible
// focus, light and dark themes, reduced motion and the settings round trip. (The bundle budget
// needs no browser: tests/packaging/bundle-size.test.ts.)
import { DAY_NAMES } from '../../shared/trading-hours';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { CATALOG } from '../../shared/catalog';
import { describeBrowser, launchChromium } from '../helpers/browser';
import { appState, problemState, signedOutState } from '../renderer/fixtures';
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

/** Whether the element behind `locator` has the keyboard focus. */
function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (el) =>
      el ===
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );
}

function isOpen(details: Locator): Promise<boolean> {
  return details.evaluate((el) => (el as unknown as { open: boolean }).open);
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

  it('reaches a collapsed problem with Tab and opens and closes it with Enter and Space', async () => {
    const page = await open(problemState(['addon_disconnected', 'broker_disconnected']));
    const other = page.locator('details[data-problem="broker_disconnected"]');
    const summary = other.locator('summary');
    expect(await isOpen(other)).toBe(false);

    const seen: string[] = [];
    for (let i = 0; i < 20 && !(await isFocused(summary)); i += 1) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    expect(await isFocused(summary)).toBe(true);
    // Straight after the active problem's last control: nothing in between, nothing skipped.
    expect(seen.at(-2)).toBe('button:Copy safe diagnostics');
    expect(await focusOutline(page)).toBe('solid 2px');

    await page.keyboard.press('Enter');
    await expect.poll(() => isOpen(other)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => isOpen(other)).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => isOpen(other)).toBe(true);
    expect(await isFocused(summary)).toBe(true);
    // Opened, its checklist joins the tab order.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:step-broker_disconnected-0');
  });

  it('tabs through every Settings control in order and saves from the keyboard', async () => {
    const page = await open(appState());
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^tab:Status/);
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('tab:Settings');
    await page.getByLabel('MCP server URL').waitFor();
    const recoveryBefore = backend.state.settings.notifications.recovery;

    const order: Array<[string, Locator]> = [
      ['MCP server URL', page.getByLabel('MCP server URL')],
      ['Check every (seconds)', page.getByLabel('Check every (seconds)')],
      ...[
        'The add-on or NinjaTrader 8 disconnects',
        'Everything works again',
        'The sign-in stops working',
        'The add-on needs an update',
        'Start the monitor when I log in',
        'Check whether NinjaTrader 8 is running here',
        /^Check for updates/,
      ].map((name): [string, Locator] => [String(name), page.getByRole('checkbox', { name })]),
      // A radio group is one stop: the chosen radio.
      ['Find out by itself', page.getByRole('radio', { name: 'Find out by itself' })],
      [
        'Only alert during trading hours',
        page.getByRole('checkbox', { name: 'Only alert during trading hours' }),
      ],
      ...['Time zone', ...DAY_NAMES].map((name): [string, Locator] => [
        name,
        page.getByLabel(name, { exact: true }),
      ]),
      ['Use CME Globex hours', page.getByRole('button', { name: /^Use CME Globex hours/ })],
      ['Save settings', page.getByRole('button', { name: 'Save settings' })],
    ];
    for (const [name, control] of order) {
      await page.keyboard.press('Tab');
      expect(await isFocused(control), `Tab lands on "${name}"`).toBe(true);
      expect(await focusOutline(page), `"${name}" shows its focus`).toBe('solid 2px');
      // Work one control on the way: Space flips a checkbox.
      if (name === 'Everything works again') {
        await page.keyboard.press('Space');
        expect(await control.isChecked()).toBe(!recoveryBefore);
      }
    }

    await page.keyboard.press('Enter');
    await page.getByText('Settings saved.').waitFor();
    expect(backend.state.settings.notifications.recovery).toBe(!recoveryBefore);
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
    await saveScreenshot(dark, 'dark-addon-disconnected', { docs: 'window-dark' });
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
    await page.getByRole('region', { name: 'All checks passed' }).waitFor();
    await saveScreenshot(page, 'fixture-healthy', { docs: 'window-healthy' });
    await harness?.close();
    const dark = await open(appState(), { colorScheme: 'dark' });
    await dark.getByRole('region', { name: 'All checks passed' }).waitFor();
    await saveScreenshot(dark, 'dark-healthy');
    await harness?.close();
    const signedOut = await open(signedOutState());
    await signedOut.getByRole('region', { name: CATALOG.signed_out.title }).waitFor();
    await saveScreenshot(signedOut, 'fixture-signed-out');
    await harness?.close();
    const darkSignedOut = await open(signedOutState(), { colorScheme: 'dark' });
    await darkSignedOut.getByRole('region', { name: CATALOG.signed_out.title }).waitFor();
    await saveScreenshot(darkSignedOut, 'dark-signed-out');
  });
});
