import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toggleKind } from '../../static/app/votekinds.js';

test('picking vote kinds keeps the palette order and never leaves none', () => {
  assert.deepEqual(toggleKind(['hotspot', 'opportunity'], 'event', true), ['event', 'hotspot', 'opportunity']);
  assert.deepEqual(toggleKind(['hotspot', 'opportunity'], 'opportunity', false), ['hotspot']);
  assert.deepEqual(toggleKind(['hotspot'], 'hotspot', false), ['hotspot'], 'the last kind stays');
  assert.deepEqual(toggleKind(['hotspot'], 'hotspot', true), ['hotspot']);
});
