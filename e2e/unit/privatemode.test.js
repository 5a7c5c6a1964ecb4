// The private mode banner's words (privatemode.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privateBannerText } from '../../static/app/privatemode.js';

test('the banner says what private mode means and counts this participant’s private stickies', () => {
  assert.match(privateBannerText(0), /^Private mode: new stickies are seen only by whoever adds them until the facilitator reveals them\.$/);
  assert.match(privateBannerText(1), / You have 1 private sticky\.$/);
  assert.match(privateBannerText(3), / You have 3 private stickies\.$/);
});
