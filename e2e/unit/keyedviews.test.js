import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyedViews } from '../../static/app/keyedviews.js';

test('views follow the board: gone elements are disposed, new ones made once, live ones kept', () => {
  /** @type {string[]} */
  const made = [];
  /** @type {string[]} */
  const disposed = [];
  /** @param {string} id */
  const create = (id) => {
    made.push(id);
    return { id };
  };
  /** @param {{id: string}} view */
  const dispose = (view) => disposed.push(view.id);
  /** @type {Map<string, {id: string}>} */
  const views = new Map();
  const first = [...keyedViews(views, new Map([['a', 1], ['b', 2]]), create, dispose)];
  assert.deepEqual(first.map(([item, view]) => [item, view.id]), [[1, 'a'], [2, 'b']]);
  const kept = views.get('b');
  const second = [...keyedViews(views, new Map([['b', 20], ['c', 3]]), create, dispose)];
  assert.deepEqual(second.map(([item, view]) => [item, view.id]), [[20, 'b'], [3, 'c']]);
  assert.equal(second[0][1], kept, 'a live element keeps its view');
  assert.deepEqual(made, ['a', 'b', 'c']);
  assert.deepEqual(disposed, ['a']);
  assert.deepEqual([...views.keys()], ['b', 'c']);
});
