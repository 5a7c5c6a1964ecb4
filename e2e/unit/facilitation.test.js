import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PHASES,
  applyFacilitation,
  clockOffset,
  dotsByNote,
  dotsLeft,
  formatClock,
  noFacilitation,
  parseDuration,
  phaseKinds,
  remainingMs,
  sharedViewport,
  viewFromShared,
  votable,
  voteTotals,
  voterCount,
} from '../../static/app/facilitation.js';
import { applyEvents, emptyBoard, fromView } from '../../static/app/model.js';
import { facilitatorKey, keyFromHash, saveFacilitatorKey } from '../../static/app/recent.js';
import { MemoryStorage } from './fixtures.js';

test('each phase highlights the kinds of crates/board Phase::kinds', () => {
  assert.deepEqual(
    PHASES.map((p) => [p.phase, [...phaseKinds(p.phase)]]),
    [
      ['chaotic_exploration', ['event']],
      ['enforce_the_timeline', ['event']],
      ['hotspots_and_pivotal_events', ['event', 'hotspot', 'opportunity']],
      ['commands_and_actors', ['command', 'actor', 'ui']],
      ['policies_and_read_models', ['policy', 'read_model', 'external_system']],
      ['aggregates_and_bounded_contexts', ['aggregate']],
    ],
  );
  assert.deepEqual(phaseKinds(null), []);
});

test('the timer reads the server clock: running, paused, run out', () => {
  const offset = clockOffset(10_000, 9_000);
  assert.equal(offset, 1_000);
  const running = /** @type {const} */ ({ duration_ms: 60_000, state: 'running', ends_at_ms: 70_000 });
  assert.equal(remainingMs(running, 9_000 + offset), 60_000);
  assert.equal(remainingMs(running, 80_000), 0);
  assert.equal(remainingMs(running, 9_000), 60_000, 'a clock a little behind never shows more than the length');
  assert.equal(remainingMs({ duration_ms: 60_000, state: 'paused', remaining_ms: 12_345 }, 1e12), 12_345);
  assert.equal(remainingMs(null, 0), 0);
  assert.equal(formatClock(60_000), '1:00');
  assert.equal(formatClock(59_001), '1:00');
  assert.equal(formatClock(9_000), '0:09');
  assert.equal(formatClock(3_723_000), '1:02:03');
  assert.equal(formatClock(-5), '0:00');
  assert.equal(parseDuration('5'), 300_000);
  assert.equal(parseDuration('2.5'), 150_000);
  assert.equal(parseDuration('4:30'), 270_000);
  assert.equal(parseDuration('0'), null);
  assert.equal(parseDuration('soon'), null);
  assert.equal(parseDuration('2000'), null);
});

test('facilitation events fold as the server folds them', () => {
  let s = emptyBoard('b');
  const vote = { id: 'v1', dots_per_participant: 3, kinds: /** @type {import('../../static/app/types.js').NoteKind[]} */ (['hotspot', 'opportunity']), open: true, dots: {} };
  const timer = /** @type {const} */ ({ duration_ms: 60_000, state: 'running', ends_at_ms: 5_000 });
  s = applyEvents(
    s,
    [
      { type: 'phase_changed', phase: 'commands_and_actors', from: null },
      { type: 'timer_started', timer, from: null, now_ms: 0 },
      { type: 'vote_opened', vote },
      { type: 'dot_placed', vote_id: 'v1', note: 'n1', voter: 'ann' },
      { type: 'dot_placed', vote_id: 'v1', note: 'n1', voter: 'ann' },
      { type: 'dot_placed', vote_id: 'v1', note: 'n2', voter: 'bob' },
      { type: 'dot_placed', vote_id: 'other', note: 'n2', voter: 'bob' },
      { type: 'dot_removed', vote_id: 'v1', note: 'n1', voter: 'ann' },
    ],
    8,
  );
  assert.equal(s.facilitation.phase, 'commands_and_actors');
  assert.deepEqual(s.facilitation.timer, timer);
  assert.deepEqual(s.facilitation.vote?.dots, { ann: ['n1'], bob: ['n2'] });
  assert.equal(dotsLeft(s.facilitation.vote, 'ann'), 2);
  assert.deepEqual(dotsByNote(s.facilitation.vote, 'ann').get('n1'), { total: 1, mine: 1 });
  assert.equal(votable(s.facilitation.vote, 'hotspot'), true);
  assert.equal(votable(s.facilitation.vote, 'event'), false);
  s = applyEvents(s, [{ type: 'dot_removed', vote_id: 'v1', note: 'n2', voter: 'bob' }, { type: 'vote_closed', vote_id: 'v1' }, { type: 'timer_reset', from: timer }], 10);
  assert.deepEqual(s.facilitation.vote?.dots, { ann: ['n1'] });
  assert.equal(s.facilitation.vote?.open, false);
  assert.equal(dotsLeft(s.facilitation.vote, 'ann'), 0);
  assert.equal(s.facilitation.timer, null);
  assert.deepEqual(applyFacilitation(noFacilitation(), { type: 'board_renamed', title: 'x', from: '' }), noFacilitation());
  const view = fromView({ id: 'b', title: '', seq: 1, notes: [], connectors: [], frames: [] });
  assert.deepEqual(view.facilitation, noFacilitation());
});

test('a secret ballot: others are counted, not shown, until the close brings every dot', () => {
  let s = emptyBoard('b');
  const vote = { id: 'v1', dots_per_participant: 2, kinds: /** @type {import('../../static/app/types.js').NoteKind[]} */ (['hotspot']), open: true, dots: {} };
  s = applyEvents(
    s,
    [
      { type: 'vote_opened', vote },
      { type: 'dot_placed', vote_id: 'v1', note: 'n1', voter: 'me' },
      { type: 'dot_hidden', vote_id: 'v1', voter: 'ann', voter_dots: 1 },
      { type: 'dot_hidden', vote_id: 'v1', voter: 'bob', voter_dots: 1 },
      { type: 'dot_hidden', vote_id: 'v1', voter: 'bob', voter_dots: 0 },
      { type: 'dot_hidden', vote_id: 'v1', voter: 'ann', voter_dots: 2 },
    ],
    6,
  );
  assert.deepEqual(s.facilitation.vote?.dots, { me: ['n1'], ann: [] });
  assert.equal(voterCount(s.facilitation.vote), 2);
  assert.equal(dotsLeft(s.facilitation.vote, 'me'), 1);
  assert.deepEqual(voteTotals(s.facilitation.vote), [{ note: 'n1', dots: 1 }]);
  s = applyEvents(s, [{ type: 'vote_closed', vote_id: 'v1', dots: { me: ['n1'], ann: ['n2', 'n1'] } }], 7);
  assert.deepEqual(voteTotals(s.facilitation.vote), [
    { note: 'n1', dots: 2 },
    { note: 'n2', dots: 1 },
  ]);
});

test('vote results: most dots first, ties by id', () => {
  const vote = { id: 'v', dots_per_participant: 3, kinds: /** @type {import('../../static/app/types.js').NoteKind[]} */ (['hotspot']), open: false, dots: { a: ['x', 'y', 'y'], b: ['z', 'y', 'x'], c: ['w'] } };
  assert.deepEqual(voteTotals(vote), [
    { note: 'y', dots: 3 },
    { note: 'x', dots: 2 },
    { note: 'w', dots: 1 },
    { note: 'z', dots: 1 },
  ]);
});

test('a shared viewport is the board point at the screen centre', () => {
  const shared = sharedViewport({ x: 100, y: 50, zoom: 2 }, 800, 600);
  assert.deepEqual(shared, { x: 150, y: 125, zoom: 2 });
  assert.deepEqual(viewFromShared(shared, 800, 600), { x: 100, y: 50, zoom: 2 });
  assert.deepEqual(viewFromShared(shared, 400, 300), { x: -100, y: -100, zoom: 2 });
});

test('facilitator keys: kept per board, read from a facilitator link', () => {
  const storage = new MemoryStorage();
  assert.equal(facilitatorKey(storage, 'b1'), null);
  saveFacilitatorKey(storage, 'b1', 'k1');
  saveFacilitatorKey(storage, 'b2', 'k2');
  assert.equal(facilitatorKey(storage, 'b1'), 'k1');
  assert.equal(facilitatorKey(storage, 'b2'), 'k2');
  assert.deepEqual(keyFromHash('#facilitator=abc123'), { key: 'abc123', rest: '' });
  assert.deepEqual(keyFromHash('#x=1&facilitator=abc'), { key: 'abc', rest: '#x=1' });
  assert.deepEqual(keyFromHash(''), { key: null, rest: '' });
  assert.equal(keyFromHash('#facilitator=<script>').key, null);
});
