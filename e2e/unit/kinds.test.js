import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KINDS, contrastRatio, defaultSize, kindForKey } from '../../static/app/kinds.js';

const css = readFileSync(new URL('../../static/app.css', import.meta.url), 'utf8');

test('every kind of the grammar is on the palette with its own shortcut', () => {
  assert.deepEqual(
    KINDS.map((k) => k.kind),
    ['event', 'command', 'actor', 'aggregate', 'policy', 'read_model', 'external_system', 'hotspot', 'opportunity', 'ui', 'note'],
  );
  assert.equal(new Set(KINDS.map((k) => k.key)).size, KINDS.length);
  assert.deepEqual(KINDS.map((k) => k.key).join(''), 'ecagprxhoun');
  assert.equal(kindForKey('E')?.kind, 'event');
});

test('text on every sticky colour meets WCAG AA (4.5:1)', () => {
  for (const k of KINDS) {
    const ratio = contrastRatio(k.fill, k.ink);
    assert.ok(ratio >= 4.5, `${k.kind}: ${ratio.toFixed(2)}`);
  }
  assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
});

test('the stylesheet paints each kind in the colours the palette names', () => {
  for (const k of KINDS) {
    const rule = new RegExp(`\\.k-${k.kind} \\{ --fill: ${k.fill}; --ink: ${k.ink}; \\}`);
    assert.match(css, rule, k.kind);
    assert.match(css, new RegExp(`\\.note\\.k-${k.kind}[ .]`), `${k.kind} has a shape of its own`);
  }
});

test('default sizes mirror the server: actors small, aggregates large', () => {
  assert.deepEqual(defaultSize('actor'), { w: 100, h: 70 });
  assert.deepEqual(defaultSize('aggregate'), { w: 200, h: 140 });
  assert.deepEqual(defaultSize('ui'), { w: 180, h: 130 });
  assert.deepEqual(defaultSize('event'), { w: 140, h: 100 });
});
