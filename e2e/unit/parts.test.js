import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assembler, MAX_MESSAGE_BYTES } from '../../static/app/parts.js';

/** @param {object} msg */
const utf8 = (msg) => new TextEncoder().encode(JSON.stringify(msg));
/** The parts of `bytes`, `size` bytes each, as ArrayBuffers (what the browser delivers). @param {Uint8Array} bytes @param {number} size */
function cut(bytes, size) {
  /** @type {ArrayBuffer[]} */
  const out = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.slice(at, at + size).buffer);
  return out;
}

test('a text frame is a whole message', () => {
  const a = new Assembler();
  assert.deepEqual(a.receive('{"type":"pong"}'), { kind: 'message', message: { type: 'pong' } });
  assert.equal(a.pending, false);
});

test('text that is not a typed JSON object is ignored, as before', () => {
  const a = new Assembler();
  for (const t of ['nope', '[]', '{"x":1}', 'null', '{"type":3}']) assert.deepEqual(a.receive(t), { kind: 'ignored' });
});

test('binary parts are concatenated to the announced length, decoded and parsed, with progress', () => {
  const msg = { type: 'board', board: { title: 'Grüße ✓ 🎉 '.repeat(5000) } };
  const bytes = utf8(msg);
  const a = new Assembler();
  assert.deepEqual(a.receive(JSON.stringify({ type: 'parts', bytes: bytes.length })), { kind: 'progress', received: 0, total: bytes.length });
  // 1,000-byte parts cut through multi-byte characters: only the whole is decoded.
  const parts = cut(bytes, 1000);
  /** @type {import('../../static/app/parts.js').Outcome[]} */
  const outcomes = parts.map((p) => a.receive(p));
  for (const [i, o] of outcomes.slice(0, -1).entries()) assert.deepEqual(o, { kind: 'progress', received: (i + 1) * 1000, total: bytes.length });
  assert.deepEqual(outcomes.at(-1), { kind: 'message', message: msg });
  assert.equal(a.pending, false);
  assert.deepEqual(a.receive('{"type":"pong"}'), { kind: 'message', message: { type: 'pong' } }, 'ready for the next message');
});

test('typed-array views are accepted as binary frames', () => {
  const bytes = utf8({ type: 'pong' });
  const a = new Assembler();
  a.receive(JSON.stringify({ type: 'parts', bytes: bytes.length }));
  const padded = new Uint8Array(bytes.length + 4);
  padded.set(bytes, 2);
  assert.deepEqual(a.receive(padded.subarray(2, 2 + bytes.length)), { kind: 'message', message: { type: 'pong' } });
});

test('a binary frame outside a parts sequence is a broken stream', () => {
  const a = new Assembler();
  assert.equal(a.receive(utf8({ type: 'pong' }).buffer).kind, 'broken');
});

test('a text frame in the middle of parts is a broken stream', () => {
  const a = new Assembler();
  a.receive('{"type":"parts","bytes":100}');
  a.receive(new Uint8Array(40).buffer);
  assert.equal(a.receive('{"type":"pong"}').kind, 'broken');
  assert.equal(a.pending, false, 'the partial message is dropped');
});

test('more bytes than announced is a broken stream', () => {
  const a = new Assembler();
  a.receive('{"type":"parts","bytes":10}');
  assert.equal(a.receive(new Uint8Array(11).buffer).kind, 'broken');
});

test('parts that are not UTF-8, or not a message, are a broken stream', () => {
  const a = new Assembler();
  a.receive('{"type":"parts","bytes":2}');
  assert.equal(a.receive(new Uint8Array([0xc3, 0x28]).buffer).kind, 'broken');
  const text = new TextEncoder().encode('not json');
  a.receive(JSON.stringify({ type: 'parts', bytes: text.length }));
  assert.equal(a.receive(text.slice().buffer).kind, 'broken');
  const nested = utf8({ type: 'parts', bytes: 3 });
  a.receive(JSON.stringify({ type: 'parts', bytes: nested.length }));
  assert.equal(a.receive(nested.slice().buffer).kind, 'broken');
});

test('an announcement of no bytes, a fraction, or more than the client assembles is a broken stream', () => {
  for (const bytes of [0, -1, 1.5, '10', null, MAX_MESSAGE_BYTES + 1]) {
    const a = new Assembler();
    assert.equal(a.receive(JSON.stringify({ type: 'parts', bytes })).kind, 'broken', `bytes ${bytes}`);
    assert.equal(a.pending, false);
  }
});

test('reset forgets a partial message', () => {
  const a = new Assembler();
  a.receive('{"type":"parts","bytes":100}');
  a.reset();
  assert.equal(a.receive(new Uint8Array(1).buffer).kind, 'broken');
});
