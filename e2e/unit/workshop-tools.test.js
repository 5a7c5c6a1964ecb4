// The pure parts of the workshop tools: personal choices, phase instructions, the timer's
// chime and when it rings, and presentation order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PREFS, MAX_DISMISSED_BOARDS, dismiss, isDismissed, readPrefs, undismiss, writePref } from '../../static/app/personal.js';
import { DEFAULT_INSTRUCTIONS, currentInstruction, instructionKey, textToSend } from '../../static/app/instructions.js';
import { CHIME, playChime } from '../../static/app/chime.js';
import { RING_WINDOW_MS, endToRing } from '../../static/app/bigtimer.js';
import { frameOrder, presentedView, stepIndex } from '../../static/app/presentation.js';
import { PHASES } from '../../static/app/facilitation.js';
import { resultsShown } from '../../static/app/results.js';
import { MemoryStorage } from './fixtures.js';

test('personal preferences default to no big timer and no sound, and survive a reload', () => {
  const storage = new MemoryStorage();
  assert.deepEqual(readPrefs(storage), DEFAULT_PREFS);
  writePref(storage, 'timerSound', true);
  assert.deepEqual(readPrefs(storage), { timerSound: true, bigTimer: false });
  writePref(storage, 'bigTimer', true);
  assert.deepEqual(readPrefs(storage), { timerSound: true, bigTimer: true });
  storage.setItem('eventstorm.prefs', '{"timerSound": "yes"');
  assert.deepEqual(readPrefs(storage), DEFAULT_PREFS);
  storage.setItem('eventstorm.prefs', '{"timerSound": "yes", "bigTimer": true}');
  assert.deepEqual(readPrefs(storage), { timerSound: false, bigTimer: true });
});

test('what a person closes stays closed per board and per key, and can be opened again', () => {
  const storage = new MemoryStorage();
  dismiss(storage, 'b1', 'results', 'vote-1', 1);
  assert.equal(isDismissed(storage, 'b1', 'results', 'vote-1'), true);
  assert.equal(isDismissed(storage, 'b1', 'results', 'vote-2'), false, 'a new vote shows its results');
  assert.equal(isDismissed(storage, 'b2', 'results', 'vote-1'), false, 'another board is separate');
  assert.equal(isDismissed(storage, 'b1', 'instruction', 'vote-1'), false);
  dismiss(storage, 'b1', 'instruction', 'k', 2);
  assert.equal(isDismissed(storage, 'b1', 'results', 'vote-1'), true, 'closing one thing keeps the other');
  undismiss(storage, 'b1', 'instruction');
  assert.equal(isDismissed(storage, 'b1', 'instruction', 'k'), false);
  for (let i = 0; i < MAX_DISMISSED_BOARDS + 5; i++) dismiss(storage, `many-${i}`, 'results', 'v', 10 + i);
  assert.equal(JSON.parse(storage.getItem('eventstorm.dismissed') ?? '[]').length, MAX_DISMISSED_BOARDS);
  assert.equal(isDismissed(storage, `many-${MAX_DISMISSED_BOARDS + 4}`, 'results', 'v'), true, 'the newest is kept');
  storage.setItem('eventstorm.dismissed', 'not json');
  assert.equal(isDismissed(storage, 'b1', 'results', 'vote-1'), false);
});

test('every phase has a default instruction; the facilitator’s text replaces it', () => {
  for (const p of PHASES) assert.ok(DEFAULT_INSTRUCTIONS[p.phase].length > 20, p.phase);
  assert.equal(currentInstruction({ phase: null }), null);
  assert.deepEqual(currentInstruction({ phase: 'commands_and_actors' }), { phase: 'commands_and_actors', text: DEFAULT_INSTRUCTIONS.commands_and_actors, custom: false });
  const f = { phase: /** @type {const} */ ('commands_and_actors'), instructions: { commands_and_actors: 'Blue stickies now.' } };
  assert.deepEqual(currentInstruction(f), { phase: 'commands_and_actors', text: 'Blue stickies now.', custom: true });
  const a = currentInstruction(f);
  const b = currentInstruction({ phase: 'commands_and_actors' });
  assert.ok(a && b && instructionKey(a) !== instructionKey(b), 'a new text is a new key, so it shows again');
  assert.equal(textToSend('enforce_the_timeline', `  ${DEFAULT_INSTRUCTIONS.enforce_the_timeline} `), '', 'the default goes back as empty text');
  assert.equal(textToSend('enforce_the_timeline', ' Left to right. '), 'Left to right.');
});

test('the chime is three rising tones scheduled on the audio context, each fading out', () => {
  /** @type {string[]} */
  const log = [];
  const param = (/** @type {string} */ name) => ({
    setValueAtTime: (/** @type {number} */ v, /** @type {number} */ t) => log.push(`${name}=${v}@${t.toFixed(2)}`),
    exponentialRampToValueAtTime: (/** @type {number} */ v, /** @type {number} */ t) => log.push(`${name}->${v}@${t.toFixed(2)}`),
  });
  let oscillators = 0;
  const ctx = {
    currentTime: 10,
    destination: /** @type {any} */ ({ name: 'speakers' }),
    createOscillator: () => {
      oscillators += 1;
      return /** @type {any} */ ({ type: '', frequency: param('freq'), connect: () => {}, start: (/** @type {number} */ t) => log.push(`start@${t.toFixed(2)}`), stop: (/** @type {number} */ t) => log.push(`stop@${t.toFixed(2)}`) });
    },
    createGain: () => /** @type {any} */ ({ gain: param('gain'), connect: (/** @type {any} */ d) => log.push(`to ${d.name}`) }),
  };
  const end = playChime(/** @type {any} */ (ctx));
  assert.equal(oscillators, 3);
  assert.deepEqual(CHIME.map((t) => t.freq), [...CHIME.map((t) => t.freq)].sort((a, b) => a - b), 'rising');
  assert.equal(log.filter((l) => l === 'to speakers').length, 3);
  assert.ok(log.includes('freq=659.25@10.02') && log.includes('start@10.02'));
  assert.ok(log.filter((l) => l.startsWith('gain->0.0001')).length === 3, 'every tone fades out');
  assert.ok(end > 11.9 && end < 12.1, `ends at ${end}`);
});

test('the timer rings once per end, only when it just ran out, and again after added time', () => {
  const running = (/** @type {number} */ ends) => /** @type {import('../../static/app/types.js').Timer} */ ({ duration_ms: 60_000, state: 'running', ends_at_ms: ends });
  assert.equal(endToRing(null, 0, ''), null);
  assert.equal(endToRing(running(1000), 500, ''), null, 'still counting');
  assert.equal(endToRing(running(1000), 1000, ''), '1000');
  assert.equal(endToRing(running(1000), 1200, '1000'), null, 'rang already');
  assert.equal(endToRing(running(1000), 1000 + RING_WINDOW_MS + 1, ''), null, 'ended long ago: silent');
  assert.equal(endToRing(running(61_000), 61_000, '1000'), '61000', 'added time is a new end');
  assert.equal(endToRing({ duration_ms: 60_000, state: 'paused', remaining_ms: 0 }, 5000, ''), null);
});

test('presentation steps through frames in reading order and fits each', () => {
  const frame = (/** @type {string} */ id, /** @type {number} */ x, /** @type {number} */ y, w = 400, h = 300) => ({ id, kind: /** @type {const} */ ('bounded_context'), name: id, x, y, w, h });
  const order = frameOrder([frame('c', 0, 500), frame('b', 600, 20), frame('a', 0, 0), frame('d', 700, 520)]);
  assert.deepEqual(order.map((f) => f.id), ['a', 'b', 'c', 'd']);
  assert.deepEqual(frameOrder([]), []);
  const v = presentedView(frame('a', 100, 100, 400, 300), 1000, 700);
  // The frame's centre is in the middle of the screen and it fits inside the padding.
  assert.ok(Math.abs(v.x + 300 * v.zoom - 500) < 1e-6 && Math.abs(v.y + 250 * v.zoom - 350) < 1e-6);
  assert.ok(400 * v.zoom <= 1000 - 64 + 1e-9 && 300 * v.zoom <= 700 - 64 + 1e-9);
  assert.ok(Math.abs(v.zoom - Math.min(2, 936 / 400, 636 / 300)) < 1e-9, `zoom ${v.zoom}`);
  const big = presentedView(frame('big', 0, 0, 4000, 3000), 1000, 700);
  assert.ok(big.zoom < 0.25);
  assert.equal(stepIndex(0, -1, 3), 0);
  assert.equal(stepIndex(1, 1, 3), 2);
  assert.equal(stepIndex(2, 1, 3), 2);
  assert.equal(stepIndex(-1, 1, 3), 0);
  assert.equal(stepIndex(0, 1, 0), -1);
});

test('vote results show once the vote is closed, until the person closes them', () => {
  const vote = (/** @type {boolean} */ open) => ({ id: 'v1', dots_per_participant: 3, kinds: /** @type {import('../../static/app/types.js').NoteKind[]} */ (['hotspot']), open, dots: {} });
  assert.equal(resultsShown(null, false), false);
  assert.equal(resultsShown(vote(true), false), false, 'not while the vote is open');
  assert.equal(resultsShown(vote(false), false), true);
  assert.equal(resultsShown(vote(false), true), false, 'closed by this person');
});
