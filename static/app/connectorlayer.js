// The connectors on the wall, as SVG lines with an arrow and a label, and the draft line drawn
// while a connector is pulled from a sticky's handle. A connector follows its stickies also
// while they are dragged or resized (their drawn place, not their committed one).

import { connectorLine } from './geometry.js';

/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Connector} Connector */
/** @typedef {import('./model.js').BoardState} BoardState */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {object} ConnectorView
 * @property {SVGGElement} g
 * @property {SVGLineElement} line
 * @property {SVGLineElement} hit
 * @property {SVGTextElement} label
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
    for (const [id, v] of this.views) {
      if (!state.connectors.has(id)) {
        v.g.remove();
        this.views.delete(id);
      }
    }
    for (const c of state.connectors.values()) {
      let v = this.views.get(c.id);
      if (!v) {
        v = this.create(c.id);
        this.views.set(c.id, v);
        this.group.append(v.g);
      }
      const from = state.notes.get(c.from);
      const to = state.notes.get(c.to);
      const moving = this.drawing.moving(c.from) || this.drawing.moving(c.to);
      if (v.connector !== c || v.from !== from || v.to !== to || moving) {
        v.connector = c;
        v.from = from;
        v.to = to;
        this.place(v);
      }
      const flags = `${deco.selected.has(c.id) ? 's' : ''}|${deco.remote.get(c.id) ?? ''}`;
      if (flags !== v.flags) {
        v.flags = flags;
        v.g.classList.toggle('selected', deco.selected.has(c.id));
      }
    }
  }

  /** @param {string} id @returns {ConnectorView} */
  create(id) {
    const g = document.createElementNS(SVG_NS, 'g');
    g.classList.add('connector');
    g.dataset.id = id;
    const hit = document.createElementNS(SVG_NS, 'line');
    hit.classList.add('connector-hit');
    const line = document.createElementNS(SVG_NS, 'line');
    line.classList.add('connector-line');
    line.setAttribute('marker-end', 'url(#arrow)');
    const label = document.createElementNS(SVG_NS, 'text');
    label.classList.add('connector-label');
    label.setAttribute('text-anchor', 'middle');
    g.append(hit, line, label);
    return { g, line, hit, label, connector: null, from: undefined, to: undefined, flags: '' };
  }

  /** @param {ConnectorView} v */
  place(v) {
    const c = v.connector;
    if (!c || !v.from || !v.to) {
      v.g.setAttribute('visibility', 'hidden');
      return;
    }
    v.g.removeAttribute('visibility');
    const { a, b, mid } = connectorLine(this.drawing.drawnRect(v.from), this.drawing.drawnRect(v.to));
    for (const line of [v.line, v.hit]) {
      line.setAttribute('x1', String(a.x));
      line.setAttribute('y1', String(a.y));
      line.setAttribute('x2', String(b.x));
      line.setAttribute('y2', String(b.y));
    }
    v.label.textContent = c.label ?? '';
    v.label.setAttribute('x', String(mid.x));
    v.label.setAttribute('y', String(mid.y - 6));
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
