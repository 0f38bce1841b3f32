// The built app, end to end, on the electron stand-in (real Chromium for the window) against the
// simulator: first run → sign in from the tray → the add-on disconnects → one notification →
// its click shows the checklist → recovery → a revoked token → sign in again → resume from sleep.
// One app for the whole file: each test starts where the previous one left the trader, so they
// run in order. The engine's real timings apply (15 s grace after start, 2 checks / 20 s before
// a notification): the trader's "Check now" in the tray drives the checks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/policy/window-options';
import { CATALOG } from '../../shared/catalog';
import { startSimulator, type Simulator } from '../../simulator/index';
import { describeBrowser, launchChromium } from '../helpers/browser';
import {
  assertBuilt,
  browserThatConsents,
  checkNowFromTray,
  launchBuiltApp,
  trayLevel,
  waitForTrayLevel,
  type BuiltApp,
  type ConsentResult,
} from './built-app';

const ADDON = CATALOG.addon_disconnected;
/** NinjaTrader 8 runs only on Windows: elsewhere the checklist is the one for a VPS. */
const ADDON_STEPS = process.platform === 'win32' ? ADDON.steps : (ADDON.remoteSteps ?? ADDON.steps);
/** How long the trader keeps pressing "Check now" before a notification must have come. */
const NOTIFY_WITHIN_MS = 45_000;

function toolCalls(sim: Simulator): number {
  return Object.values(sim.stats().toolCalls).reduce((sum, count) => sum + count, 0);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks from the tray, about once a second, until `count` notifications were shown. */
async function checkUntilNotified(app: BuiltApp, count: number): Promise<void> {
  const deadline = Date.now() + NOTIFY_WITHIN_MS;
  while (app.electron.notifications.length < count) {
    if (Date.now() > deadline) {
      throw new Error(
        `Still ${app.electron.notifications.length} notification(s) after ${NOTIFY_WITHIN_MS} ms of checks.\n${app.log()}`,
      );
    }
    await checkNowFromTray(app);
    if (app.electron.notifications.length < count) await pause(1000);
  }
}

describeBrowser('the built app against the simulator, as a trader uses it', () => {
  let browser: Browser;
  let sim: Simulator;
  let app: BuiltApp;
  let page: Page;
  let consents: ConsentResult[];

  beforeAll(async () => {
    assertBuilt();
    sim = await startSimulator();
    browser = await launchChromium();
    app = await launchBuiltApp({ browser, mcpUrl: sim.url });
    consents = browserThatConsents(app);
    page = await app.page();
  });

  afterAll(async () => {
    await app?.dispose();
    await browser?.close();
    await sim?.close();
  });

  it('first run: the window opens on the sign-in step and the tray is grey', async () => {
    const welcome = page.getByRole('region', { name: CATALOG.signed_out.title });
    await welcome.waitFor();
    expect(await welcome.getByRole('button', { name: 'Sign in with CrossTrade' }).count()).toBe(1);
    // Shown on ready-to-show, once the page has loaded.
    await vi.waitFor(() => expect(app.window().isVisible()).toBe(true));

    const tray = app.tray();
    expect(trayLevel(tray)).toBe('unknown');
    expect(tray.image.isEmpty()).toBe(false);
    expect(tray.tooltip).toMatch(/^CrossTrade MCP — Not signed in to CrossTrade/);
    expect(tray.menuLabels()).toContain('Sign in…');
    expect(sim.stats().tokens.issued).toBe(0);
  });

  it('signs in from the tray: the browser consents and the tray turns green', async () => {
    // The trader closes the window: it hides, the app stays in the tray.
    app.window().close();
    expect(app.window().isDestroyed()).toBe(false);
    expect(app.window().isVisible()).toBe(false);

    app.tray().clickMenuItem('Sign in…');
    await waitForTrayLevel(app, 'ok');

    expect(app.electron.shell.opened).toHaveLength(1);
    expect(app.electron.shell.opened[0]).toMatch(
      new RegExp(`^${sim.origin}/v1/oauth/mcp/authorize\\?`),
    );
    expect(consents).toHaveLength(1);
    expect(consents[0]?.hops.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    expect(consents[0]?.status).toBe(200);
    expect(consents[0]?.body).toContain('<h1>Signed in to CrossTrade</h1>');
    expect(sim.stats().tokens.issued).toBe(1);

    const tray = app.tray();
    expect(tray.tooltip).toMatch(/^CrossTrade MCP — All good · checked (just now|\d+ s ago)$/);
    expect(tray.menuLabels()).toContain('Sign out');
    // The hidden window got the new state pushed.
    await page.getByRole('region', { name: 'All checks passed' }).waitFor();
    // The sign-in is kept through safeStorage, never in clear.
    const auth = join(app.profile, 'auth.bin');
    expect(existsSync(auth)).toBe(true);
    expect(readFileSync(auth).toString('latin1')).not.toMatch(/access_token|refresh_token/);
    expect(app.electron.notifications).toEqual([]);
  });

  it('the add-on disconnects: the tray turns red and exactly one notification says so', async () => {
    // The trader last looked at Settings, then closed the window.
    app.tray().clickMenuItem('Open CrossTrade MCP Monitor');
    expect(app.window().isVisible()).toBe(true);
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    // Alerts at any hour: this journey must not depend on whether the market is open right now.
    await page.getByRole('checkbox', { name: 'Only alert during trading hours' }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    app.window().close();

    sim.setScenario('addon_disconnected');
    await checkNowFromTray(app);
    await waitForTrayLevel(app, 'error');
    expect(app.tray().tooltip).toContain(ADDON.title);

    await checkUntilNotified(app, 1);
    await checkNowFromTray(app);
    await checkNowFromTray(app);
    expect(app.electron.notifications).toHaveLength(1);
    const [notification] = app.electron.notifications;
    expect(notification?.title).toBe(ADDON.title);
    expect(notification?.body).toContain(ADDON_STEPS[0]?.text ?? '(no first step)');
    expect(notification?.options.urgency).toBe('critical');
    expect(trayLevel(app.tray())).toBe('error');
  });

  it('clicking the notification shows the window on the add-on checklist', async () => {
    app.electron.notifications[0]?.click();
    expect(app.window().isVisible()).toBe(true);
    expect(app.window().isFocused()).toBe(true);

    const statusTab = page.getByRole('tab', { name: /^Status/ });
    await expect.poll(() => statusTab.getAttribute('aria-selected')).toBe('true');
    const card = page.getByRole('region', { name: ADDON.title, exact: true });
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe(ADDON.title);
    const steps = card
      .getByRole('list', { name: `Steps to fix: ${ADDON.title}` })
      .getByRole('listitem');
    expect(await steps.count()).toBe(ADDON_STEPS.length);
    expect(await steps.first().locator('label').textContent()).toBe(`1. ${ADDON_STEPS[0]?.text}`);
    expect(await card.isVisible()).toBe(true);
  });

  it('recovery: the tray turns green and one recovery notification replaces the alert', async () => {
    // A focused window keeps notifications quiet: the trader closes it again.
    app.window().close();
    sim.setScenario('healthy');
    await checkNowFromTray(app);
    await waitForTrayLevel(app, 'ok');

    await checkUntilNotified(app, 2);
    await checkNowFromTray(app);
    expect(app.electron.notifications).toHaveLength(2);
    const [alert, recovery] = app.electron.notifications;
    expect(recovery?.title).toBe('CrossTrade MCP is working again');
    expect(recovery?.body).toBe(`Resolved: ${ADDON.title}.`);
    expect(alert?.closed).toBe(true);
    expect(trayLevel(app.tray())).toBe('ok');
  });

  it('the token is revoked: red, and "Sign in again…" from the tray turns it green', async () => {
    sim.setScenario('token_revoked');
    await checkNowFromTray(app);
    await waitForTrayLevel(app, 'error');
    expect(app.tray().tooltip).toContain(CATALOG.token_invalid.title);

    app.tray().clickMenuItem('Sign in again…');
    await waitForTrayLevel(app, 'ok');
    expect(app.electron.shell.opened).toHaveLength(2);
    expect(consents[1]?.body).toContain('<h1>Signed in to CrossTrade</h1>');
    expect(sim.stats().tokens.issued).toBe(2);
    expect(app.tray().menuLabels()).toContain('Sign out');
  });

  it('resume from sleep re-checks', async () => {
    app.electron.powerMonitor.emit('suspend');
    await waitForTrayLevel(app, 'unknown');
    expect(app.tray().tooltip).toMatch(/^CrossTrade MCP — Checks paused/);
    const before = toolCalls(sim);

    app.electron.powerMonitor.emit('resume');
    await waitForTrayLevel(app, 'ok');
    expect(toolCalls(sim)).toBeGreaterThan(before);
  });

  it('the window ran under the CSP main sets and logged no error; the app quits cleanly', async () => {
    const documents = app.electron.session.served().filter((r) => r.path === '/index.html');
    expect(documents.length).toBeGreaterThan(0);
    for (const served of documents) {
      expect(served.headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    }
    expect(app.window().webContents.problems).toEqual([]);
    expect(app.electron.ipcMain.calls.filter((call) => call.outcome !== 'answered')).toEqual([]);

    await app.quit();
    expect(app.electron.app.exitCode).toBe(0);
    expect(app.tray().isDestroyed()).toBe(true);
    expect(app.log()).not.toMatch(/ ERROR /);
  });
});
