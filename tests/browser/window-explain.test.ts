// "I got an error in my AI client" in the built window, in real Chromium under the production CSP,
// backed by the REAL engine checking the simulator: paste an error, read the answer combined with
// the live check, copy the support report through main's real handler.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchChromium } from '../helpers/browser';
import { startEngineWorld, type EngineWorld } from './backends';
import {
  buildRendererToTemp,
  openWindow,
  saveScreenshot,
  serveStatic,
  type BuiltRenderer,
  type StaticServer,
  type WindowHarness,
} from './harness';

const PASTED_401 = [
  '2026-12-03T10:41:07.401Z [error] crosstrade: Error executing tool ListPositions:',
  'Streamable HTTP error: Error POSTing to endpoint (HTTP 401): {"error":"invalid_token"}',
  'Authorization: Bearer ct_at_CANARYbrowser1234567890',
  'signed in as dana.trader@example.com',
].join('\n');
const PASTED_401_CLEAN = PASTED_401.split('\n').slice(0, 2).join('\n');

describeBrowser('the "I got an error" panel on the real engine and the simulator', () => {
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

  it('pastes a 401 while the chain is healthy: the client’s own token; copies the report', async () => {
    world = await startEngineWorld('healthy');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const { page } = harness;
    const allClear = page.getByRole('region', { name: 'All checks passed' });
    await allClear.waitFor();
    expect(await allClear.textContent()).toContain('If an agent still fails');

    await page.getByRole('button', { name: 'I got an error in my AI client' }).click();
    await page.getByLabel('The error', { exact: true }).fill(PASTED_401);
    await page.getByRole('button', { name: 'Explain' }).click();
    const result = page.getByTestId('explain-result');
    await result.waitFor();
    expect(await result.getByRole('heading', { level: 3 }).textContent()).toBe(
      'CrossTrade rejected your AI client’s token',
    );
    expect(await result.getByTestId('live-verdict').textContent()).toMatch(/passes right now/);
    const steps = result.getByRole('list', { name: 'What to do' }).getByRole('listitem');
    expect(await steps.first().textContent()).toMatch(
      /so the 401 is your client’s own token: revoke that client on AI Clients and reconnect it/,
    );
    expect(await result.textContent()).not.toMatch(/CANARY|dana\.trader/);

    await page.getByLabel('AI client', { exact: true }).fill('Claude Desktop');
    await page.getByLabel('Client version', { exact: true }).fill('0.14.3');
    await page.getByLabel('When it failed', { exact: true }).fill('2026-12-03T11:41');
    expect(await page.getByTestId('failed-at-utc').textContent()).toMatch(
      /^2026-12-0\d \d\d:41 UTC$/,
    );
    await page.getByRole('button', { name: 'Copy report' }).click();
    await page.getByText('Report copied', { exact: false }).waitFor();
    const report = world.backend.clipboard ?? '';
    expect(report).toContain('AI client failure (as the trader saw it):');
    expect(report).toContain('  Client: Claude Desktop 0.14.3');
    expect(report).toMatch(/ {2}Time: 2026-12-0\dT\d\d:41:00\.000Z \(UTC, approximate\)/);
    expect(report).toContain('  Tool: ListPositions');
    expect(report).toContain('"error":"invalid_token"');
    expect(report).toContain('  Matches: token_invalid');
    expect(report).toMatch(/^Add-on: 1\.13\.0/m);
    expect(report).toMatch(/^GetMcpCapabilities: \{/m);
    expect(report).not.toMatch(/CANARY|dana\.trader/);
    // The paste went to main once: for the report.
    expect(harness.calls.filter((c) => c.channel === 'monitor:copy-diagnostics')).toHaveLength(1);

    // The docs picture shows a paste without the planted secrets (a reader would take them for
    // real ones), explained again.
    await page.getByLabel('The error', { exact: true }).fill(PASTED_401_CLEAN);
    await page.getByRole('button', { name: 'Explain' }).click();
    await result.waitFor();
    await saveScreenshot(page, 'docs-window-explain', { docs: 'window-explain' });
    expect(harness.errors).toEqual([]);
  });

  it('pastes a 408 while the add-on is down for the monitor too: fix that first', async () => {
    world = await startEngineWorld('addon_disconnected');
    harness = await openWindow(browser, { url: server.url, backend: world.backend });
    const { page } = harness;
    await page.getByRole('button', { name: 'I got an error in my AI client' }).click();
    await page
      .getByLabel('The error', { exact: true })
      .fill('MCP error: HTTP 408 {"error":"addon_disconnected"}');
    await page.getByRole('button', { name: 'Explain' }).click();
    const result = page.getByTestId('explain-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(
      /add-on is disconnected for the monitor too: fix that first/,
    );
    expect(harness.errors).toEqual([]);
  });
});
