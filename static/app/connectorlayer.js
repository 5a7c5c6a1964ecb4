// The connectors on the wall, as SVG lines with an arrow and a label, and the draft line drawn
// while a connector is pulled from a sticky's handle. A connector follows its stickies also
// while they are dragged or resized (their drawn place, not their committed one).

import { isLocked } from './facilitation.js';
import { routeConnector, routePath } from './routing.js';
import { keyedViews } from './keyedviews.js';

/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Connector} Connector */
/** @typedef {import('./model.js').BoardState} BoardState */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} ConnectorView
 * @property {SVGGElement} g
 * @property {SVGPathElement} line
 * @property {SVGPathElement} hit
 * @property {SVGTextElement} label
 * @property {SVGTSpanElement} lock  A padlock before the label's words, when locked.
 * @property {SVGTSpanElement} words
 * @property {Connector | null} connector
 * @property {Note | undefined} from
 * @property {Note | undefined} to
 * @property {string} flags
 */

/**
 * Where the stickies are drawn now.
 * @typedef {object} NotePlaces
 * @property {(n: Note) => import('./types.js').Rect} drawnRect With a drag offset or resize in progress.
 * @property {(id: string) => boolean} moving Whether a sticky is being dragged or resized.
 */

export class ConnectorLayer {
  /** @param {SVGSVGElement} svg @param {NotePlaces} drawing */
  constructor(svg, drawing) {
    this.drawing = drawing;
    /** @type {ReadonlyMap<string, Note> | null} The stickies the routes were worked out for. */
    this.notes = null;
    /** @type {Note[]} What routes go around. */
    this.obstacles = [];
    /** @type {Map<string, ConnectorView>} */
    this.views = new Map();
    this.group = document.createElementNS(SVG_NS, 'g');
    svg.append(this.group);
    this.draftLine = document.createElementNS(SVG_NS, 'line');
    this.draftLine.classList.add('connector-draft');
    this.draftLine.setAttribute('marker-end', 'url(#arrow)');
    this.draftLine.setAttribute('visibility', 'hidden');
    svg.append(this.draftLine);
  }

  /** @param {BoardState} state @param {import('./render.js').Decorations} deco */
  render(state, deco) {
    // Stickies moved, came or went: every route may have a new sticky in its way.
    const reroute = state.notes !== this.notes;
    if (reroute) {
      this.notes = state.notes;
      this.obstacles = [...state.notes.values()];
    }
    for (const [c, v] of keyedViews(this.views, state.connectors, (id) => this.create(id), (v) => v.g.remove())) {
      const from = state.notes.get(c.from);
      const to = state.notes.get(c.to);
      const moving = this.drawing.moving(c.from) || this.drawing.moving(c.to);
      if (v.connector !== c || v.from !== from || v.to !== to || moving || reroute) {
        v.connector = c;
        v.from = from;
        v.to = to;
        this.place(v);
      }
      const locked = isLocked(state.facilitation, c.id);
      const flags = `${deco.selected.has(c.id) ? 's' : ''}|${deco.remote.get(c.id) ?? ''}|${locked ? 'l' : ''}|${c.label ? 'w' : ''}`;
      if (flags !== v.flags) {
        v.flags = flags;
        v.g.classList.toggle('selected', deco.selected.has(c.id));
        // Like a locked sticky's badge: whoever tries to change it sees why it will not.
        v.g.classList.toggle('locked', locked);
        v.lock.textContent = locked ? (c.label ? '🔒\u2009' : '🔒') : '';
      }
    }
  }

  /** Makes and attaches the view of a new connector. @param {string} id @returns {ConnectorView} */
  create(id) {
    const g = document.createElementNS(SVG_NS, 'g');
    g.classList.add('connector');
    g.dataset.id = id;
    const hit = document.createElementNS(SVG_NS, 'path');
    hit.classList.add('connector-hit');
    const line = document.createElementNS(SVG_NS, 'path');
    line.classList.add('connector-line');
    line.setAttribute('marker-end', 'url(#arrow)');
    const label = document.createElementNS(SVG_NS, 'text');
    label.classList.add('connector-label');
    label.setAttribute('text-anchor', 'middle');
    const lock = document.createElementNS(SVG_NS, 'tspan');
    lock.classList.add('connector-lock');
    const words = document.createElementNS(SVG_NS, 'tspan');
    label.append(lock, words);
    g.append(hit, line, label);
    this.group.append(g);
    return { g, line, hit, label, lock, words, connector: null, from: undefined, to: undefined, flags: '' };
  }

  /** @param {ConnectorView} v */
  place(v) {
    const c = v.connector;
    if (!c || !v.from || !v.to) {
      v.g.setAttribute('visibility', 'hidden');
      return;
    }
    v.g.removeAttribute('visibility');
    // Orthogonal elbows around the stickies in the way; the label sits on the longest run,
    // above it when the run is horizontal, beside it when vertical, so it stays off the line.
    const from = this.drawing.drawnRect(v.from);
    const to = this.drawing.drawnRect(v.to);
    const route = routeConnector(from, to, this.obstacles.map((n) => (n.id === v.from?.id ? from : n.id === v.to?.id ? to : n)));
    const d = routePath(route.points);
    v.line.setAttribute('d', d);
    v.hit.setAttribute('d', d);
    v.words.textContent = c.label ?? '';
    const k = route.points.findIndex((p, i) => i > 0 && (p.x + route.points[i - 1].x) / 2 === route.label.x && (p.y + route.points[i - 1].y) / 2 === route.label.y);
    const vertical = k > 0 && route.points[k].x === route.points[k - 1].x;
    v.label.setAttribute('text-anchor', vertical ? 'start' : 'middle');
    v.label.setAttribute('x', String(route.label.x + (vertical ? 6 : 0)));
    v.label.setAttribute('y', String(route.label.y + (vertical ? 4 : -6)));
    const fromText = v.from.text || 'sticky';
    const toText = v.to.text || 'sticky';
    v.g.setAttribute('aria-label', `Connector from ${fromText} to ${toText}${c.label ? `: ${c.label}` : ''}`);
  }

  /** Redraws the connectors of the given stickies. @param {Set<string>} ids */
  refresh(ids) {
    for (const v of this.views.values()) {
      const c = v.connector;
      if (c && (ids.has(c.from) || ids.has(c.to))) this.place(v);
    }
  }

  /** @param {{x: number, y: number} | null} from @param {{x: number, y: number}} [to] */
  drawDraft(from, to) {
    if (!from || !to) {
      this.draftLine.setAttribute('visibility', 'hidden');
      return;
    }
    this.draftLine.removeAttribute('visibility');
    this.draftLine.setAttribute('x1', String(from.x));
    this.draftLine.setAttribute('y1', String(from.y));
    this.draftLine.setAttribute('x2', String(to.x));
    this.draftLine.setAttribute('y2', String(to.y));
  }
}
