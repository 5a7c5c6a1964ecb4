// One server and one browser per test file: started before its tests, closed after them.

import { before, after } from 'node:test';
import { CHROMIUM, haveChromium, launch } from './browser.js';
import { testServer } from './server.js';

/**
 * @typedef {object} BrowserSuite
 * @property {string | false} skip  Why the file's tests cannot run here, if they cannot.
 * @property {Awaited<ReturnType<typeof testServer>>} env  The server (set before the tests run).
 * @property {import('playwright-core').Browser} browser  The browser (set before the tests run).
 */

/** Registers the file's before/after hooks. @returns {BrowserSuite} */
export function browserSuite() {
  const suite = /** @type {BrowserSuite} */ ({ skip: haveChromium() ? false : `chromium is not installed at ${CHROMIUM}` });
  before(async () => {
    if (suite.skip) return;
    suite.env = await testServer();
    suite.browser = await launch();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.env?.server?.dispose();
  });
  return suite;
}
