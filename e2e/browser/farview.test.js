// Zoomed far out (below 35 %) the stickies are painted on a canvas and the DOM stickies are
// hidden; clicking, dragging, rubber-band selection, double-clicking and keyboard focus still
// work, through the board model. Zooming back in brings the DOM stickies back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite } from '../support/suite.js';
import { createBoard, getBoard, postCommand } from '../support/server.js';
import { openBoard, screenshot, sticky, until } from '../support/page.js';
import { routeConnector, routePath } from '../../static/app/routing.js';

const suite = browserSuite();
const { skip } = suite;
/** kinds.js fills and app.css's selection colour, as RGB. */
const EVENT = [255, 159, 67];
const HOTSPOT = [194, 37, 92];
const SELECTED = [24, 100, 171];
/** The padlock's ink (farlocks.js). */
const INK = [73, 80, 87];

/** @param {number[]} a @param {number[]} b */
const near = (a, b) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= 6);

test('the wall zoomed far out is a canvas that still answers the pointer', { skip }, async (t) => {
  const board = await createBoard(suite.env.baseUrl, 'Far out');
  const ids = { a: crypto.randomUUID(), b: crypto.randomUUID(), c: crypto.randomUUID(), under: crypto.randomUUID(), over: crypto.randomUUID() };
  /** @param {string} id @param {string} kind @param {string} text @param {number} x @param {number} y */
  const add = (id, kind, text, x, y) => postCommand(suite.env.baseUrl, board.id, { type: 'add_note', id, kind, text, x, y });
  await add(ids.a, 'event', 'Far A', 0, 0);
  await add(ids.b, 'command', 'Far B', 600, 0);
  await add(ids.c, 'policy', 'Far C', 1200, 900);
  await add(ids.under, 'event', 'Under', 3000, 1500);
  await add(ids.over, 'hotspot', 'Over', 3060, 1540);
  await add(crypto.randomUUID(), 'note', 'Far corner', 6000, 3000);
  const connector = crypto.randomUUID();
  await postCommand(suite.env.baseUrl, board.id, { type: 'add_connector', id: connector, from: ids.a, to: ids.b });
  const frame = { type: 'add_frame', id: crypto.randomUUID(), kind: 'bounded_context', name: 'Ordering', x: -100, y: -100, w: 1600, h: 1300 };
  await postCommand(suite.env.baseUrl, board.id, frame);
  const api = async () => /** @type {any[]} */ ((await getBoard(suite.env.baseUrl, board.id)).notes);
  /** A facilitator's command, through the HTTP API. @param {object} command */
  const facilitate = async (command) => {
    const r = await fetch(`${suite.env.baseUrl}/api/boards/${board.id}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op_id: crypto.randomUUID(), command, facilitator_key: board.facilitator_key }),
    });
    assert.ok(r.ok, `${JSON.stringify(command)}: ${r.status} ${await r.text()}`);
  };
  /** The route the near view draws from Far A to Far B, worked out from the server's board. */
  const expectedRoute = async () => {
    const notes = await api();
    return routeConnector(notes.find((n) => n.id === ids.a), notes.find((n) => n.id === ids.b), notes);
  };

  const a = await openBoard(suite.browser, suite.env.baseUrl + board.url, 'Fay');
  const A = a.page;

  /**
   * Where a sticky is drawn on screen: its place on the wall (the DOM sticky's transform and
   * size, kept while it is out of the layout far out) through the wall's view.
   * @param {string} text
   */
  const boxOf = (text) =>
    A.evaluate((text) => {
      const el = /** @type {HTMLElement | undefined} */ ([...document.querySelectorAll('.note')].find((n) => n.querySelector('.note-text')?.textContent === text));
      if (!el) throw new Error(`no sticky ${text}`);
      const layer = /** @type {HTMLElement} */ (document.getElementById('layer'));
      const wall = /** @type {HTMLElement} */ (document.getElementById('wall')).getBoundingClientRect();
      const at = /translate\(([-\d.e]+)px, ([-\d.e]+)px\)/.exec(el.style.transform);
      const view = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(layer.style.transform);
      if (!at || !view) throw new Error(`cannot read ${el.style.transform} / ${layer.style.transform}`);
      const z = Number(view[3]);
      const x = wall.left + Number(view[1]) + Number(at[1]) * z;
      const y = wall.top + Number(view[2]) + Number(at[2]) * z;
      const w = parseFloat(el.style.width) * z;
      const h = parseFloat(el.style.height) * z;
      return { x, y, w, h, cx: x + w / 2, cy: y + h / 2 };
    }, text);
  /** The canvas pixel at a page point, as [r, g, b, a]. @param {number} x @param {number} y */
  const pixel = (x, y) =>
    A.evaluate(
      ({ x, y }) => {
        const canvas = /** @type {HTMLCanvasElement} */ (document.querySelector('canvas.far-canvas'));
        const r = canvas.getBoundingClientRect();
        const k = canvas.width / r.width;
        const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
        return [...ctx.getImageData(Math.floor((x - r.left) * k), Math.floor((y - r.top) * k), 1, 1).data];
      },
      { x, y },
    );
  // textContent: innerText is empty for hidden elements.
  /** Whether the selection ring is painted above a sticky. @param {{cx: number, y: number}} box */
  const ringAround = (box) => async () => (await Promise.all([2, 3, 4].map((d) => pixel(box.cx, box.y - d)))).some((p) => near(p, SELECTED));
  const selectedTexts = async () => (await A.locator('.note.selected .note-text').evaluateAll((els) => els.map((el) => el.textContent ?? ''))).sort();

  await t.test('fitting the board goes below 35 %: the canvas shows, the DOM stickies hide', async () => {
    await until(async () => (await A.locator('#layer.far').count()) === 1, 'the fitted view to be far out');
    assert.ok(parseInt(await A.locator('#zoom-reset').innerText(), 10) < 35);
    assert.ok(await A.locator('canvas.far-canvas').isVisible());
    assert.equal(await A.locator('#notes-layer').evaluate((el) => getComputedStyle(el).visibility), 'hidden');
    assert.equal(await A.locator('#connectors-layer').evaluate((el) => getComputedStyle(el).visibility), 'hidden');
    assert.equal(await sticky(A, 'Far A').isVisible(), false);
    // Boxes are measured at each try: the view may still be settling on its fitted zoom.
    await until(async () => {
      const far = await boxOf('Far A');
      return near(await pixel(far.cx, far.cy), EVENT);
    }, 'the event sticky painted in its colour');
    // Where two stickies overlap, the one on top is painted on top.
    await until(async () => {
      const over = await boxOf('Over');
      return near(await pixel(over.x + 2, over.cy), HOTSPOT);
    }, 'the hotspot on top of the event');
    await screenshot(A, '30-far-canvas');
  });

  await t.test('a click selects the sticky drawn there, the topmost where they overlap', async () => {
    const far = await boxOf('Far A');
    assert.equal(await ringAround(far)(), false);
    await A.mouse.click(far.cx, far.cy);
    await A.keyboard.press('i');
    await until(async () => (await A.locator('#panel textarea').first().inputValue()) === 'Far A', 'the details panel to show Far A');
    assert.deepEqual(await selectedTexts(), ['Far A']);
    // The selection ring is painted 2-4 px outside the sticky (above it: the connector leaves
    // from its right).
    await until(ringAround(far), 'the selection ring on the canvas');
    // The clicked sticky has the keyboard focus and stays live DOM while it does.
    assert.deepEqual(
      await A.evaluate(() => {
        const el = document.activeElement;
        return [el?.classList.contains('note'), el ? getComputedStyle(el).visibility : ''];
      }),
      [true, 'visible'],
    );
    const under = await boxOf('Under');
    const over = await boxOf('Over');
    await A.mouse.click(over.x + 3, (Math.max(under.y, over.y) + Math.min(under.y + under.h, over.y + over.h)) / 2);
    await until(async () => (await selectedTexts()).join() === 'Over', 'the sticky on top to be selected');
  });

  await t.test('dragging moves the selection, and the canvas follows the drag', async () => {
    const fa = await boxOf('Far A');
    const fb = await boxOf('Far B');
    await A.mouse.click(fa.cx, fa.cy);
    await A.keyboard.down('Shift');
    await A.mouse.click(fb.cx, fb.cy);
    await A.keyboard.up('Shift');
    await until(async () => (await selectedTexts()).join() === 'Far A,Far B', 'both selected');
    const before = await api();
    const zoom = fa.w / 140;
    await A.mouse.move(fa.cx, fa.cy);
    await A.mouse.down();
    await A.mouse.move(fa.cx + 30, fa.cy + 20, { steps: 4 });
    await A.mouse.move(fa.cx + 60, fa.cy + 40, { steps: 4 });
    // Before the drop: the canvas shows both stickies at their new places.
    await until(async () => near(await pixel(fa.cx + 60, fa.cy + 40), EVENT), 'Far A painted where it is dragged');
    assert.ok(!near(await pixel(fa.cx, fa.cy), EVENT), 'Far A no longer painted where it was');
    await A.mouse.up();
    const dx = 60 / zoom;
    const dy = 40 / zoom;
    await until(async () => {
      const now = await api();
      return ['Far A', 'Far B'].every((text) => {
        const n = now.find((m) => m.text === text);
        const b = before.find((m) => m.text === text);
        return Math.abs(n.x - b.x - dx) <= 3 && Math.abs(n.y - b.y - dy) <= 3;
      });
    }, 'both stickies to move on the server');
    const moved = await boxOf('Far A');
    await until(async () => near(await pixel(moved.cx, moved.cy), EVENT), 'Far A painted at its new place after the drop');
  });

  await t.test('shift+drag on the background selects what it encloses', async () => {
    await A.keyboard.press('Escape');
    const fa = await boxOf('Far A');
    const fb = await boxOf('Far B');
    await A.keyboard.down('Shift');
    await A.mouse.move(fa.x - 8, fa.y - 8);
    await A.mouse.down();
    await A.mouse.move(fb.x + fb.w + 8, fb.y + fb.h + 8, { steps: 5 });
    await A.mouse.up();
    await A.keyboard.up('Shift');
    await until(async () => (await selectedTexts()).join() === 'Far A,Far B', 'the rubber band to select Far A and Far B');
  });

  await t.test('a frame dragged by its title with Alt held moves with its stickies (the title stays DOM)', async () => {
    await A.keyboard.press('Escape');
    const state = await getBoard(suite.env.baseUrl, board.id);
    const frame = state.frames[0];
    const c = state.notes.find((/** @type {any} */ n) => n.text === 'Far C');
    const header = await A.locator('.frame-header').boundingBox();
    assert.ok(header);
    const zoom = (await boxOf('Far C')).w / 140;
    await A.keyboard.down('Alt');
    await A.mouse.move(header.x + 5, header.y + header.height / 2);
    await A.mouse.down();
    await A.mouse.move(header.x + 35, header.y + header.height / 2 + 20, { steps: 5 });
    await A.mouse.up();
    await A.keyboard.up('Alt');
    await until(async () => {
      const now = await getBoard(suite.env.baseUrl, board.id);
      const dx = now.frames[0].x - frame.x;
      const moved = now.notes.find((/** @type {any} */ n) => n.id === c.id);
      return Math.abs(dx - 30 / zoom) <= 3 && moved.x - c.x === dx && moved.y - c.y === now.frames[0].y - frame.y;
    }, 'the frame and Far C to move');
  });

  await t.test('double-click: on the background adds a sticky to type in, on a sticky edits it', async () => {
    await A.keyboard.press('Escape');
    const count = (await api()).length;
    const fc = await boxOf('Far C');
    await A.mouse.dblclick(fc.cx + 150, fc.cy);
    await until(async () => (await api()).length === count + 1, 'a new sticky');
    await until(() => A.evaluate(() => document.activeElement?.classList.contains('note-editor')), 'the text editor to have the focus');
    await A.keyboard.type('Added far out');
    await A.keyboard.press('Enter');
    await until(async () => (await api()).some((n) => n.text === 'Added far out'), 'the typed text on the server');
    assert.equal((await api()).length, count + 1, 'typing went into the sticky, not into shortcuts');
    await A.mouse.dblclick(fc.cx, fc.cy);
    await until(
      () => A.evaluate(() => document.activeElement?.closest('.note')?.querySelector('.note-text')?.textContent === 'Far C'),
      'Far C to be edited',
    );
    await A.keyboard.press('Escape');
    assert.equal((await api()).length, count + 1);
  });

  await t.test('a connector with a sticky in its way is painted around it, along the near view route', async () => {
    await A.keyboard.press('Escape');
    // Each draw's lines on the far canvas, in board units: a moveTo starts a polyline.
    await A.evaluate(() => {
      const canvas = document.querySelector('canvas.far-canvas');
      const w = /** @type {any} */ (window);
      w.farPaths = [];
      const P = CanvasRenderingContext2D.prototype;
      const { clearRect, moveTo, lineTo } = P;
      /** @this {CanvasRenderingContext2D} @param {number} x @param {number} y @param {number} cw @param {number} ch */
      P.clearRect = function (x, y, cw, ch) {
        if (this.canvas === canvas) w.farPaths = [];
        return clearRect.call(this, x, y, cw, ch);
      };
      /** @this {CanvasRenderingContext2D} @param {number} x @param {number} y */
      P.moveTo = function (x, y) {
        if (this.canvas === canvas) w.farPaths.push([{ x, y }]);
        return moveTo.call(this, x, y);
      };
      /** @this {CanvasRenderingContext2D} @param {number} x @param {number} y */
      P.lineTo = function (x, y) {
        if (this.canvas === canvas) w.farPaths.at(-1)?.push({ x, y });
        return lineTo.call(this, x, y);
      };
    });
    const notes = await api();
    const fa = notes.find((n) => n.id === ids.a);
    const fb = notes.find((n) => n.id === ids.b);
    await add(crypto.randomUUID(), 'hotspot', 'In the way', (fa.x + fb.x) / 2, fa.y);
    const route = await expectedRoute();
    assert.ok(route.points.length > 2 && route.crossings === 0, 'the route goes around the sticky in the way');
    /** @param {{x: number, y: number}[]} path */
    const isRoute = (path) => path.length === route.points.length && path.every((p, i) => Math.abs(p.x - route.points[i].x) < 0.01 && Math.abs(p.y - route.points[i].y) < 0.01);
    // Connectors are routed a few milliseconds a frame, drawn straight until then.
    const pending = () => A.evaluate(() => /** @type {any} */ (document.querySelector('canvas.far-canvas'))?.pendingRoutes);
    await until(async () => (await pending()) === 0, 'every connector routed');
    await until(async () => (await A.evaluate(() => /** @type {any} */ (window).farPaths)).some(isRoute), 'the connector painted along its route, elbows and all');
  });

  await t.test('a locked sticky gets a padlock on its top right corner far out', async () => {
    // Big enough on screen at this zoom to carry the padlock.
    await postCommand(suite.env.baseUrl, board.id, { type: 'resize_note', id: ids.c, w: 320, h: 240 });
    await facilitate({ type: 'lock_elements', ids: [ids.c, connector] });
    const painted = () => A.evaluate(() => /** @type {any} */ (document.querySelector('canvas.far-canvas'))?.paintedPadlocks ?? []);
    await until(async () => (await painted()).includes(ids.c), 'the padlock painted on Far C');
    assert.deepEqual(await painted(), [ids.c]);
    const fc = await boxOf('Far C');
    assert.ok(near(await pixel(fc.x + fc.w, fc.y + 2), INK), 'the padlock\'s body at the corner');
    await screenshot(A, '31-far-routes-padlock');
  });

  await t.test('zooming back in brings the DOM stickies back', async () => {
    await A.getByRole('button', { name: 'Zoom to 100%' }).click();
    await until(async () => (await A.locator('#layer.far').count()) === 0, 'the view to leave far zoom');
    assert.equal(await A.locator('canvas.far-canvas').isVisible(), false);
    assert.equal(await A.locator('#notes-layer').evaluate((el) => getComputedStyle(el).visibility), 'visible');
    assert.ok(await sticky(A, 'Far C').isVisible());
  });

  await t.test('near zoom, the locked connector is marked, along the same route', async () => {
    const g = A.locator(`.connector[data-id="${connector}"]`);
    await until(async () => (await g.getAttribute('class'))?.split(' ').includes('locked') ?? false, 'the connector to be marked locked');
    assert.equal(await g.locator('.connector-lock').textContent(), '🔒');
    assert.equal(await g.locator('.connector-line').getAttribute('d'), routePath((await expectedRoute()).points));
    await facilitate({ type: 'unlock_elements', ids: [connector] });
    await until(async () => !(await g.getAttribute('class'))?.split(' ').includes('locked'), 'the connector to be unlocked');
    assert.equal(await g.locator('.connector-lock').textContent(), '');
  });

  assert.deepEqual(a.errors, []);
  await a.context.close();
});
