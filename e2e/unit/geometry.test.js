import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ZOOM, boardToScreen, boundsOf, connectorLine, edgePoint, fitView, frameOf, intersects, noteAt, rectFromCorners, screenToBoard, visibleRect, zoomAt } from '../../static/app/geometry.js';
import { board, note } from './fixtures.js';
import { notesInOrder } from '../../static/app/model.js';

test('zooming keeps the board point under the pointer in place', () => {
  const v = { x: 40, y: -10, zoom: 0.8 };
  const before = screenToBoard(v, 300, 200);
  const z = zoomAt(v, 1.7, 300, 200);
  const after = screenToBoard(z, 300, 200);
  assert.ok(Math.abs(before.x - after.x) < 1e-9 && Math.abs(before.y - after.y) < 1e-9);
  assert.equal(zoomAt(v, 1000, 0, 0).zoom, MAX_ZOOM);
  const p = boardToScreen(z, after.x, after.y);
  assert.ok(Math.abs(p.x - 300) < 1e-9);
});

test('fit shows the whole content centred, never above 100 %', () => {
  const v = fitView({ x: 0, y: 0, w: 2000, h: 1000 }, 1080, 580, 40);
  assert.equal(v.zoom, 0.5);
  const seen = visibleRect(v, 1080, 580);
  assert.ok(seen.x <= 0 && seen.y <= 0 && seen.x + seen.w >= 2000 && seen.y + seen.h >= 1000);
  assert.equal(fitView({ x: 0, y: 0, w: 10, h: 10 }, 800, 600).zoom, 1);
});

test('rectangles: bounds, corners in any order, intersection', () => {
  assert.deepEqual(boundsOf([{ x: 5, y: 5, w: 10, h: 10 }, { x: -5, y: 0, w: 1, h: 1 }]), { x: -5, y: 0, w: 20, h: 15 });
  assert.equal(boundsOf([]), null);
  assert.deepEqual(rectFromCorners(10, 10, 0, 5), { x: 0, y: 5, w: 10, h: 5 });
  assert.ok(intersects({ x: 0, y: 0, w: 10, h: 10 }, { x: 9, y: 9, w: 5, h: 5 }));
  assert.ok(!intersects({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 0, w: 5, h: 5 }));
});

test('connectors run edge to edge along the centre line', () => {
  const a = { x: 0, y: 0, w: 100, h: 100 };
  const b = { x: 300, y: 0, w: 100, h: 100 };
  const { a: p, b: q, mid } = connectorLine(a, b);
  assert.deepEqual(p, { x: 100, y: 50 });
  assert.deepEqual(q, { x: 300, y: 50 });
  assert.deepEqual(mid, { x: 200, y: 50 });
  assert.deepEqual(edgePoint(a, { x: 50, y: 50 }), { x: 50, y: 50 });
});

test('a sticky belongs to the smallest frame containing its centre', () => {
  const frames = [
    { id: 'big', x: 0, y: 0, w: 1000, h: 1000 },
    { id: 'small', x: 0, y: 0, w: 300, h: 300 },
  ];
  assert.equal(frameOf({ x: 100, y: 100, w: 50, h: 50 }, frames)?.id, 'small');
  assert.equal(frameOf({ x: 500, y: 500, w: 50, h: 50 }, frames)?.id, 'big');
  assert.equal(frameOf({ x: 2000, y: 0, w: 50, h: 50 }, frames), null);
});

test('noteAt finds the sticky drawn on top at a board point, by stacking order', () => {
  const s = board([note('low', { x: 0, y: 0 }), note('high', { x: 100, y: 50 }), note('apart', { x: 1000, y: 0 })]);
  assert.equal(noteAt(s, { x: 10, y: 10 })?.id, 'low');
  assert.equal(noteAt(s, { x: 120, y: 60 })?.id, 'high', 'where two overlap, the later one is on top');
  assert.equal(noteAt(s, { x: 1140, y: 100 })?.id, 'apart', 'edges count');
  assert.equal(noteAt(s, { x: 500, y: 500 }), null);
  // The stacking order decides, not the order notes are listed in (a sticky brought to the top).
  const raised = { ...s, order: new Map([...s.order, ['low', 10]]) };
  assert.equal(noteAt(raised, { x: 120, y: 60 })?.id, 'low');
  // Equal order: the one notesInOrder paints last, as the canvas does.
  const tied = { ...s, order: new Map([['low', 1], ['high', 1], ['apart', 1]]) };
  const painted = notesInOrder(tied).filter((n) => n.id !== 'apart').map((n) => n.id);
  assert.equal(noteAt(tied, { x: 120, y: 60 })?.id, painted[painted.length - 1]);
});
