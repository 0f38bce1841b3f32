// Launches Debian's Chromium through playwright-core with the flags this machine needs.
// Outside CI a missing /usr/bin/chromium skips browser tests with one clear line; under CI it fails.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const chromiumAvailable = existsSync(CHROMIUM_PATH);

/** `describe` when Chromium is present; otherwise a skip outside CI and a failure under CI. */
export function describeBrowser(name: string, body: () => void): void {
  if (chromiumAvailable) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error(
      `Browser tests need ${CHROMIUM_PATH}; CI installs it with "apt-get install -y chromium".`,
    );
  }
  console.warn(
    `Skipping browser tests "${name}": ${CHROMIUM_PATH} not found (apt-get install -y chromium).`,
  );
  describe.skip(name, body);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
