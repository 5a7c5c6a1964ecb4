// Debian's chromium driven by playwright-core. Never a downloaded browser.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function haveChromium() {
  return existsSync(CHROMIUM);
}

/** @returns {Promise<import('playwright-core').Browser>} */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
