import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipText, makeClip, parseClip, pasteClip, pasteLines } from '../../static/app/clipboard.js';
import { board, idMaker, note } from './fixtures.js';

test('pasting lines of text makes one sticky each, skipping blank lines', () => {
  const { commands, noteIds } = pasteLines('Order Placed\n\n  Payment Taken  \r\nOrder Shipped\n', 'event', { x: 100, y: 50 }, { w: 140, h: 100 }, idMaker());
  assert.deepEqual(noteIds, ['id-1', 'id-2', 'id-3']);
  assert.deepEqual(
    commands.map((c) => c.type === 'add_note' && [c.text, c.kind, c.x, c.y]),
    [
      ['Order Placed', 'event', 100, 50],
      ['Payment Taken', 'event', 100, 170],
      ['Order Shipped', 'event', 100, 290],
    ],
  );
});

test('a sixth line starts a new column', () => {
  const { commands } = pasteLines('1\n2\n3\n4\n5\n6', 'note', { x: 0, y: 0 }, { w: 140, h: 100 }, idMaker());
  const last = commands[5];
  assert.ok(last.type === 'add_note' && last.x === 160 && last.y === 0);
});

test('copied stickies paste with new ids, their details and the connectors between them', () => {
  const s = board(
    [note('a', { x: 100, y: 100, details: { pivotal: true } }), note('b', { x: 400, y: 100 }), note('c', { x: 900, y: 900 })],
    { connectors: [{ id: 'ab', from: 'a', to: 'b', label: 'then' }, { id: 'bc', from: 'b', to: 'c' }] },
  );
  const clip = makeClip(s, ['a', 'b']);
  assert.equal(clip.connectors.length, 1, 'only connectors inside the selection');
  const round = parseClip(JSON.stringify(clip));
  assert.ok(round);
  const { commands, noteIds } = pasteClip(round, { x: 0, y: 0 }, idMaker('new'));
  assert.deepEqual(noteIds, ['new-1', 'new-2']);
  assert.deepEqual(commands[0], { type: 'add_note', id: 'new-1', kind: 'event', text: 'a', x: 0, y: 0, w: 140, h: 100, details: { pivotal: true } });
  assert.deepEqual(commands[2], { type: 'add_connector', id: 'new-3', from: 'new-1', to: 'new-2', label: 'then' });
  assert.equal(clipText(clip), 'a\nb');
  assert.equal(parseClip('Order Placed'), null);
});
