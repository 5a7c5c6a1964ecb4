import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RECENT, readRecent, rememberVisit, withVisit } from '../../static/app/recent.js';
import { rejectionNotice, statusText } from '../../static/app/status.js';
import { findNotes } from '../../static/app/search.js';
import { fieldsFromRows } from '../../static/app/payloadfields.js';
import { MemoryStorage, board, note } from './fixtures.js';

test('visited boards: newest first, once each, capped', () => {
  const storage = new MemoryStorage();
  rememberVisit(storage, 'a', 'Alpha', 1);
  rememberVisit(storage, 'b', 'Beta', 2);
  rememberVisit(storage, 'a', 'Alpha renamed', 3);
  assert.deepEqual(readRecent(storage), [
    { id: 'a', title: 'Alpha renamed', visited: 3 },
    { id: 'b', title: 'Beta', visited: 2 },
  ]);
  let list = /** @type {import('../../static/app/recent.js').RecentBoard[]} */ ([]);
  for (let i = 0; i < MAX_RECENT + 5; i++) list = withVisit(list, { id: String(i), title: '', visited: i });
  assert.equal(list.length, MAX_RECENT);
  storage.setItem('eventstorm.recentBoards', '"nope"');
  assert.deepEqual(readRecent(storage), []);
});

test('the indicator never leaves doubt about unsent changes', () => {
  assert.equal(statusText('live', 0), 'Live · all changes saved');
  assert.equal(statusText('offline', 3), 'Offline · 3 unsent changes, kept on this device');
  assert.equal(statusText('reconnecting', 1), 'Reconnecting · 1 unsent change');
});

test('while a big board loads the indicator says how much has arrived', () => {
  assert.equal(statusText('connecting', 0, { received: 1_250_000, total: 4_600_000 }), 'Loading the board · 1.3 of 4.6 MB (27 %)');
  assert.equal(statusText('reconnecting', 2, { received: 0, total: 70_000 }), 'Loading the board · 0.0 of 0.1 MB (0 %) · 2 unsent changes');
  assert.equal(statusText('live', 0, { received: 5, total: 10 }), 'Live · all changes saved', 'live wins over a stale figure');
});

test('refusals a user can act on say what to do', () => {
  const said = 'this board is full: it holds about 63.9 MiB of its 64 MiB. Delete or shorten stickies, or continue on a new board';
  assert.equal(rejectionNotice('board_full', said), `T${said.slice(1)}`, "the server's message, which says what to do");
  assert.match(rejectionNotice('board_full', ''), /^This board is full: delete or shorten stickies/);
  const gone = rejectionNotice('note_not_restorable', 'note 5f0c was deleted too long ago to restore');
  assert.match(gone, /^That sticky was deleted too long ago to come back\. Its text is still in the board's history/);
  assert.doesNotMatch(gone, /5f0c/);
  assert.equal(rejectionNotice('text_too_long', 'at most 4000 characters'), 'A change could not be saved: at most 4000 characters');
});

test('search finds text, descriptions and field names, top to bottom', () => {
  const s = board([
    note('b', { text: 'Order Shipped', y: 200 }),
    note('a', { text: 'Place order', y: 0 }),
    note('c', { text: 'Payment', details: { fields: [{ name: 'orderId', type: 'uuid', required: true }] }, y: 100 }),
    note('d', { text: 'Stock', details: { description: 'reserved per ORDER line' }, y: 300 }),
    note('e', { text: 'Unrelated' }),
  ]);
  assert.deepEqual(findNotes(s, 'order').map((n) => n.id), ['a', 'c', 'b', 'd']);
  assert.deepEqual(findNotes(s, '   '), []);
});

test('payload rows: blank rows are drafts, names must be there and differ', () => {
  const row = (/** @type {string} */ name, type = 'string', required = false, description = '') => ({ name, type, required, description });
  assert.deepEqual(fieldsFromRows([row(' orderId ', 'uuid', true), row('')]), { fields: [{ name: 'orderId', type: 'uuid', required: true }], error: null });
  assert.match(fieldsFromRows([row('a'), row('a')]).error ?? '', /two fields/);
  assert.match(fieldsFromRows([row('', 'string', true)]).error ?? '', /needs a name/);
  assert.deepEqual(fieldsFromRows([row('total', '  ')]).fields, [{ name: 'total', type: 'string', required: false }]);
});
