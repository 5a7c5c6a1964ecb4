import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeRemoteText, removeOnEscape, resolveText, typingToKeep } from '../../static/app/textmerge.js';

test('a remote change to a sticky nobody here has typed into is taken quietly', () => {
  assert.deepEqual(mergeRemoteText({ base: 'Deposit Paid', mine: 'Deposit Paid', theirs: 'Deposit Taken' }), { kind: 'take', text: 'Deposit Taken' });
});

test('a remote change that agrees with what is typed, or repeats the base, needs nothing', () => {
  assert.deepEqual(mergeRemoteText({ base: 'Room', mine: 'Room Chosen', theirs: 'Room Chosen' }), { kind: 'none' });
  assert.deepEqual(mergeRemoteText({ base: 'Room', mine: 'Room Chosen', theirs: 'Room' }), { kind: 'none' });
});

test('both typed something different: the typist keeps theirs on screen and is asked', () => {
  assert.deepEqual(mergeRemoteText({ base: 'Price', mine: 'Price Quoted', theirs: 'Availability Updated' }), {
    kind: 'ask',
    mine: 'Price Quoted',
    theirs: 'Availability Updated',
  });
});

test('each choice keeps one text on the sticky and, for both, copies the typing to a new one', () => {
  const texts = { mine: 'Price Quoted', theirs: 'Availability Updated' };
  assert.deepEqual(resolveText('mine', texts), { keep: 'Price Quoted', copy: null });
  assert.deepEqual(resolveText('theirs', texts), { keep: 'Availability Updated', copy: null });
  assert.deepEqual(resolveText('both', texts), { keep: 'Availability Updated', copy: 'Price Quoted' });
});

test('typing into a sticky deleted meanwhile is kept when anything was typed', () => {
  assert.equal(typingToKeep({ base: 'Room Chosen', mine: 'Room Chosen more' }), true);
  assert.equal(typingToKeep({ base: '', mine: 'Guest Registered' }), true);
  assert.equal(typingToKeep({ base: 'Room Chosen', mine: 'Room Chosen' }), false, 'nothing typed: nothing to save');
  assert.equal(typingToKeep({ base: 'Room', mine: '   ' }), false);
});

test('Escape removes a new sticky only while it is empty', () => {
  assert.equal(removeOnEscape({ isNew: true, text: '' }), true);
  assert.equal(removeOnEscape({ isNew: true, text: '  \n' }), true);
  assert.equal(removeOnEscape({ isNew: true, text: 'Order Placed' }), false);
  assert.equal(removeOnEscape({ isNew: false, text: '' }), false, 'an old empty sticky is someone else’s');
  assert.equal(removeOnEscape({ isNew: true, text: null }), false, 'already gone');
});
