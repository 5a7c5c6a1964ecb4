import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvents, emptyBoard } from '../../static/app/model.js';
import { lockCommand } from '../../static/app/lockrow.js';

const note = (/** @type {string} */ id) => ({ id, kind: /** @type {const} */ ('event'), text: id, x: 0, y: 0, w: 120, h: 90, details: {} });

test('the lock button locks a selection unless all of it is locked, and ignores what is not on the board', () => {
  let s = applyEvents(emptyBoard('b'), [
    { type: 'note_added', note: note('n1') },
    { type: 'note_added', note: note('n2') },
  ]);
  assert.equal(lockCommand(s, ['gone']), null);
  assert.deepEqual(lockCommand(s, ['n1', 'gone']), { type: 'lock_elements', ids: ['n1'] });
  s = applyEvents(s, [{ type: 'elements_locked', ids: ['n1'] }]);
  assert.deepEqual(s.facilitation.locked, ['n1']);
  assert.deepEqual(lockCommand(s, ['n1', 'n2']), { type: 'lock_elements', ids: ['n1', 'n2'] });
  assert.deepEqual(lockCommand(s, ['n1']), { type: 'unlock_elements', ids: ['n1'] });
  s = applyEvents(s, [{ type: 'elements_unlocked', ids: ['n1'] }]);
  assert.equal(s.facilitation.locked, undefined, 'no locks: the key goes, as the server leaves it out');
});
