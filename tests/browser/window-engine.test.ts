// The built window in real Chromium, under the production CSP, backed by the REAL engine checking
// the simulator: each scenario shows the right title, checklist and actions; Check now costs
// exactly one check on the simulator; the console stays clean.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CATALOG } from '../../shared/catalog';
import { DAY_NAMES } from '../../shared/trading-hours';
import type { ActionId, ProblemId } from '../../shared/health';
import type { ScenarioName, SimulatorStats } from '../../simulator/index';
import { describeBrowser, launchChromium } from '../helpers/browser';
import { startEngineWorld, type EngineWorld } from './backends';
import {
  buildRendererToTemp,
  openWindow,
  saveScreenshot,
  serveStatic,
  WINDOW_CSP,
  type BuiltRenderer,
  type StaticServer,
  type WindowHarness,
} from './harness';

const ACTION_LABEL: Record<ActionId, string> = {
  sign_in: 'Sign in again',
  open_ai_clients: 'Open AI Clients page',
  open_subscriptions: 'Open Subscriptions page',
  open_docs: 'Open CrossTrade docs',
  open_addon_download: 'Download the add-on',
  check_now: 'Check now',
  copy_diagnostics: 'Copy safe diagnostics',
};

interface Expectation {
  scenario: ScenarioName;
  badge: string;
  /** The problem the window leads with; undefined = all clear. */
  problem?: ProblemId;
  screenshot: string;
}

const SCENARIOS: Expectation[] = [
  { scenario: 'healthy', badge: 'All good', screenshot: 'healthy' },
  {
    scenario: 'addon_disconnected',
    badge: 'Not working',
    problem: 'addon_disconnected',
    screenshot: 'addon-disconnected',
  },
  {
    scenario: 'token_revoked',
    badge: 'Not working',
    problem: 'token_invalid',
    screenshot: 'token-revoked',
  },
  {
    scenario: 'subscription_required',
    badge: 'Not working',
    problem: 'subscription_required',
    screenshot: 'subscription-required',
  },
  {
    scenario: 'addon_outdated',
    badge: 'Needs attention',
    problem: 'addon_outdated',
    screenshot: 'addon-outdated',
  },
];

/** The follow-up tools a check may add to GetMcpCapabilities, each at most once. */
const FOLLOW_UP_TOOLS = ['GetConnections', 'McpSelfTest'];

/**
 * What one check costs the simulator, between two stats() readings: one GetMcpCapabilities, at
 * most one of each follow-up, one MCP POST per call (plus at most one tools/list), and nothing
 * else: no sign-in, token, registration, discovery request or new session.
 */
function expectOneCheckWorth(before: SimulatorStats, after: SimulatorStats): void {
  const tools = Object.fromEntries(
    Object.entries(after.toolCalls)
      .map(([name, count]) => [name, count - (before.toolCalls[name] ?? 0)] as const)
      .filter(([, delta]) => delta !== 0),
  );
  expect(tools.GetMcpCapabilities).toBe(1);
  for (const [name, delta] of Object.entries(tools)) {
    if (name === 'GetMcpCapabilities') continue;
    expect(FOLLOW_UP_TOOLS, `a check called ${name}`).toContain(name);
    expect(delta, `a check called ${name} ${delta} times`).toBe(1);
  }
  const toolCalls = Object.values(tools).reduce((sum, delta) => sum + delta, 0);

  const requests: Record<string, number> = {};
  for (const [route, methods] of Object.entries(after.requests)) {
    for (const [method, count] of Object.entries(methods)) {
      const delta = count - (before.requests[route]?.[method] ?? 0);
      if (delta !== 0) requests[`${method} ${route}`] = delta;
    }
  }
  expect(Object.keys(requests)).toEqual(['POST /v1/api/mcp']);
  const posts = requests['POST /v1/api/mcp'] ?? 0;
  expect(posts - toolCalls, `${posts} POSTs for ${toolCalls} tool calls`).toBeGreaterThanOrEqual(0);
  expect(posts - toolCalls, `${posts} POSTs for ${toolCalls} tool calls`).toBeLessThanOrEqual(1);

  expect(after.tokens).toEqual(before.tokens);
  expect(after.registrations).toBe(before.registrations);
  expect(after.sessionsCreated).toBe(before.sessionsCreated);
}

async function problemCard(page: Page, id: ProblemId) {
  const card = page.getByRole('region', { name: CATALOG[id].title, exact: true });
  await card.waitFor();
  return card;
}

describeBrowser('the window on the real engine and the simulator', () => {
  let browser: Browser;
  let built: BuiltRenderer;
  let server: StaticServer;
  let world: EngineWorld | undefined;
  let harness: WindowHarness | undefined;

  beforeAll(async () => {
    built = await buildRendererToTemp();
    server = await serveStatic(built.dir);
    browser = await launchChromium();
  });

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await world?.stop();
    world = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    built?.remove();
  });

  it.each(SCENARIOS)(
    '$scenario: the right title, checklist and actions; Check now runs exactly one check',
    async (expected) => {
      world = await startEngineWorld(expected.scenario);
      harness = await openWindow(browser, { url: server.url, backend: world.backend });
      const { page } = harness;

      const badge = page.locator('.badge-words');
      await expect.poll(() => badge.textContent()).toBe(expected.badge);

      if (expected.problem) {
        const entry = CATALOG[expected.problem];
        const card = await problemCard(page, expected.problem);
        expect(await card.getByRole('heading', { level: 2 }).textContent()).toBe(entry.title);
        const cause = world.engine.snapshot.problems[0]?.cause ?? '';
        expect(cause).not.toBe('');
        expect(await card.locator('.evidence').textContent()).toBe(cause);

        const items = card
          .getByRole('list', { name: `Steps to fix: ${entry.title}` })
          .getByRole('listitem');
        // The checklist as diagnosed: off Windows NinjaTrader runs elsewhere, so VPS wording.
        const steps = world.engine.snapshot.problems[0]?.steps ?? entry.steps;
        expect(await items.count()).toBe(steps.length);
        for (const [index, step] of steps.entries()) {
          const item = items.nth(index);
          expect(await item.locator('label').textContent()).toBe(`${index + 1}. ${step.text}`);
          expect(await item.getByRole('checkbox').isChecked()).toBe(false);
          const buttons = await item.getByRole('button').allTextContents();
          expect(buttons).toEqual(step.action ? [ACTION_LABEL[step.action]] : []);
        }
      } else {
        const allClear = page.getByRole('region', { name: 'All checks passed' });
        await allClear.waitFor();
        expect(await allClear.textContent()).toContain('v1.13.0');
        expect(await allClear.textContent()).toContain('8.1.6.3');
      }
      await saveScreenshot(page, expected.screenshot);

      const before = world.checksSeen();
      const statsBefore = world.sim.stats();
      const answered = world.backend.checksAnswered;
      await page.locator('header').getByRole('button', { name: 'Check now' }).click();
      await expect.poll(() => world?.backend.checksAnswered).toBe(answered + 1);
      await harness.flushPushes();
      await page.locator('header').getByRole('button', { name: 'Check now' }).waitFor();
      // Not a timing assertion: room for a stray second check to land before counting.
      await page.waitForTimeout(500);
      expect(world.checksSeen()).toBe(before + 1);
      expectOneCheckWorth(statsBefore, world.sim.stats());
      expect(harness.calls.filter((c) => c.channel === 'monitor:check-now')).toHaveLength(1);

      expect(harness.errors).toEqual([]);
      expect(server.requests.filter((r) => r.status !== 200)).toEqual([]);
    },
  );

  it('shows where NinjaTrader runs; trading hours saved in Settings make an add-on drop "Market closed"', async () => {
    world = await startEngineWorld('healthy');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const { page } = harness;
    // NinjaTrader 8 runs only on Windows: from this Linux runner it is always elsewhere.
    await expect
      .poll(() => page.getByTestId('nt8-location').textContent())
      .toBe('NinjaTrader runs on another computer.');

    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByRole('radio', { name: 'Find out by itself' }).isChecked()).toBe(true);
    expect(await page.getByTestId('nt8-location-help').textContent()).toBe(
      'Found out: NinjaTrader runs on another computer.',
    );
    const only = page.getByRole('checkbox', { name: 'Only alert during trading hours' });
    expect(await only.isChecked()).toBe(true);
    expect(await page.getByLabel('Monday', { exact: true }).inputValue()).toBe(
      '00:00–16:00, 17:00–24:00',
    );
    // A week with no session at all: whenever this runs, the market is closed.
    for (const day of DAY_NAMES) await page.getByLabel(day, { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    world.sim.setScenario('addon_disconnected');
    await page.getByRole('tab', { name: /^Status/ }).click();
    await page.locator('header').getByRole('button', { name: 'Check now' }).click();
    const card = page.getByRole('region', { name: CATALOG.market_closed.title, exact: true });
    await card.waitFor();
    expect(world.engine.snapshot.level).toBe('unknown');
    await saveScreenshot(page, 'market-closed');
    expect(harness.errors).toEqual([]);
  });

  it('runs an action bound to a step through the engine: Copy safe diagnostics', async () => {
    world = await startEngineWorld('addon_disconnected');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const card = await problemCard(harness.page, 'addon_disconnected');
    await card.getByRole('button', { name: 'Copy safe diagnostics' }).click();
    await harness.page.getByText('Safe diagnostics copied.', { exact: false }).waitFor();
    expect(world.backend.clipboard).toContain('addon_disconnected');
    expect(world.backend.clipboard).not.toMatch(/Bearer\s+[A-Za-z0-9]/);
    expect(harness.errors).toEqual([]);
  });

  it('opens the Subscriptions page from the Elite checklist', async () => {
    world = await startEngineWorld('subscription_required');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const card = await problemCard(harness.page, 'subscription_required');
    await card.getByRole('button', { name: 'Open Subscriptions page' }).click();
    await expect.poll(() => world?.backend.externalLinks).toEqual(['subscriptions']);
    expect(harness.errors).toEqual([]);
  });

  it('signs in from the first-run screen and turns green', async () => {
    world = await startEngineWorld('healthy', { signIn: false });
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const { page } = harness;
    const welcome = page.getByRole('region', { name: CATALOG.signed_out.title });
    await welcome.waitFor();
    expect(await welcome.textContent()).toContain('Read-only access (mcp:read)');
    await saveScreenshot(page, 'first-run');
    await welcome.getByRole('button', { name: 'Sign in with CrossTrade' }).click();
    await page.getByRole('region', { name: 'All checks passed' }).waitFor();
    expect(await page.locator('.badge-words').textContent()).toBe('All good');
    expect(world.sim.stats().tokens.issued).toBe(1);
    expect(harness.errors).toEqual([]);
  });

  // The committed docs/ shots: the product's own timing (a check every 30 s, a quick re-check
  // after an error), so the header reads "next in NN s" as a trader sees it.
  it.each([
    { scenario: 'addon_disconnected', signIn: true, docs: 'window-addon-disconnected' },
    { scenario: 'healthy', signIn: false, docs: 'window-first-run' },
  ] as const)(
    'saves the $docs docs shot with the real check interval',
    async ({ scenario, signIn, docs }) => {
      world = await startEngineWorld(scenario, { signIn, timing: {} });
      // A check the scheduler started before the scenario switch may have answered the last one.
      await world.engine.checkNow();
      harness = await openWindow(browser, { url: server.url, backend: world.backend });
      const { page } = harness;
      const region = signIn
        ? page.getByRole('region', { name: CATALOG.addon_disconnected.title, exact: true })
        : page.getByRole('region', { name: CATALOG.signed_out.title });
      await region.waitFor();
      const times = page.locator('.check-times');
      await expect.poll(() => times.textContent()).toMatch(/· next in \d{1,2} s\b/);
      await saveScreenshot(page, `docs-${docs}`, { docs });
      expect(harness.errors).toEqual([]);
    },
  );

  it('sends the CSP as a header and the page enforces it: no inline script or style runs', async () => {
    world = await startEngineWorld('healthy');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const { page } = harness;
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toBe(WINDOW_CSP);
    await page.getByRole('region', { name: 'All checks passed' }).waitFor();
    expect(harness.errors).toEqual([]);

    const outcome = await page.evaluate(async () => {
      const doc = (
        globalThis as unknown as {
          document: {
            createElement(tag: string): { textContent: string };
            head: { append(node: unknown): void };
          };
        }
      ).document;
      const flags = globalThis as unknown as { __inlineRan?: boolean };
      const violations: string[] = [];
      const events = globalThis as unknown as {
        addEventListener(type: string, fn: (event: { violatedDirective: string }) => void): void;
      };
      events.addEventListener('securitypolicyviolation', (event) =>
        violations.push(event.violatedDirective),
      );
      const script = doc.createElement('script');
      script.textContent = 'globalThis.__inlineRan = true;';
      doc.head.append(script);
      const style = doc.createElement('style');
      style.textContent = 'body { display: none; }';
      doc.head.append(style);
      await new Promise((done) => setTimeout(done, 50));
      return { ran: flags.__inlineRan === true, violations };
    });
    expect(outcome.ran).toBe(false);
    expect(outcome.violations).toEqual(
      expect.arrayContaining(['script-src-elem', 'style-src-elem']),
    );
    expect(await page.locator('body').isVisible()).toBe(true);
  });
});
