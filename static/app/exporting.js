// Getting the model out: the Export menu (downloads of the spec in every format, pictures of the
// wall, of the selection or of the selected frame, and the board's backup) and the Review panel (the findings of the native JSON export; a click shows
// the stickies a finding is about). While the history slider shows the past, exports are of
// that moment (`&at=SEQ`); the backup is always the whole board.

import { byId, elements, h } from './dom.js';
import { wireMenu } from './menus.js';

/**
 * @typedef {object} Finding  One entry of the native export's `findings`.
 * @property {string} code
 * @property {'warning' | 'info'} severity
 * @property {string} message
 * @property {string[]} sticky_ids
 * @property {string} [connector_id]
 */

/** The downloads, in menu order: label, what it is, the query. */
export const EXPORTS = Object.freeze([
  { id: 'json', label: 'Spec (JSON)', sub: 'eventstorm.spec/v1: events, commands, handlers, findings', query: 'export?format=json' },
  { id: 'asyncapi', label: 'AsyncAPI 3.0 (YAML)', sub: 'Channels and messages per domain event', query: 'export?format=asyncapi' },
  { id: 'asyncapi-json', label: 'AsyncAPI 3.0 (JSON)', sub: 'The same document as JSON', query: 'export?format=asyncapi-json' },
  { id: 'markdown', label: 'Design document (Markdown)', sub: 'Contexts, timeline, handler table, open questions', query: 'export?format=markdown' },
  { id: 'markdown-zip', label: 'Design document with pictures (zip)', sub: 'The Markdown and a picture of each bounded context', query: 'export?format=markdown-zip' },
  { id: 'svg', label: 'Picture (SVG)', sub: 'The whole wall, drawn by the server', query: 'export?format=svg' },
  { id: 'png', label: 'Picture (PNG)', sub: 'The whole wall as an image', query: 'export?format=png' },
  { id: 'backup', label: 'Backup of the board', sub: 'Every event; start a board from it on the home page', query: 'backup' },
]);

/**
 * The picture downloads that depend on what is selected: the selection (stickies, connectors,
 * frames) as a PNG, and the selected frame with what lies in it when exactly one frame is
 * selected.
 * @param {ReadonlySet<string>} selection @param {(id: string) => boolean} isFrame
 */
export function selectionExports(selection, isFrame) {
  if (selection.size === 0) return [];
  const ids = [...selection].sort();
  const exports = [
    { id: 'selection-png', label: 'Selection as PNG', sub: `${ids.length} selected ${ids.length === 1 ? 'element' : 'elements'}`, query: `export?format=png&ids=${ids.map(encodeURIComponent).join(',')}` },
  ];
  const frames = ids.filter(isFrame);
  if (frames.length === 1) {
    exports.push({ id: 'frame-png', label: 'This frame as PNG', sub: 'The selected frame and what lies in it', query: `export?format=png&frame=${encodeURIComponent(frames[0])}` });
  }
  return exports;
}

/**
 * The download URL of an export.
 * @param {string} boardId @param {string} query @param {number | null} at  A past seq, or null for now.
 */
export function exportUrl(boardId, query, at) {
  const base = `/api/boards/${encodeURIComponent(boardId)}/${query}`;
  return at !== null && query.startsWith('export?') ? `${base}&at=${at}` : base;
}

/** Warnings first, then infos; the server's order within each. @param {readonly Finding[]} findings */
export function sortFindings(findings) {
  const rank = (/** @type {Finding} */ f) => (f.severity === 'warning' ? 0 : 1);
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}

/**
 * @typedef {object} ExportHost
 * @property {string} boardId
 * @property {() => number | null} pastSeq
 * @property {() => ReadonlySet<string>} selection  The selected element ids.
 * @property {(id: string) => boolean} isFrame
 * @property {(ids: string[]) => void} showStickies  Selects them and brings the first into view.
 * @property {(message: string) => void} toast
 */

export class ExportTools {
  /** @param {ExportHost} host */
  constructor(host) {
    this.host = host;
    this.ui = elements({
      menu: ['export-menu', HTMLElement], review: ['review-panel', HTMLElement],
      reviewToggle: ['review-toggle', HTMLButtonElement],
    });
    // The links are made on each opening: the moment the slider shows may have changed.
    wireMenu(/** @type {HTMLButtonElement} */ (byId('export-toggle')), this.ui.menu, { onOpen: () => this.fillMenu() });
    this.ui.reviewToggle.addEventListener('click', () => (this.ui.review.hidden ? this.openReview() : this.closeReview()));
    byId('review-close').addEventListener('click', () => this.closeReview());
    byId('review-refresh').addEventListener('click', () => this.loadReview());
    this.ui.review.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') this.closeReview();
    });
  }

  fillMenu() {
    const at = this.host.pastSeq();
    const entries = [...EXPORTS.slice(0, -1), ...selectionExports(this.host.selection(), this.host.isFrame), ...EXPORTS.slice(-1)];
    this.ui.menu.replaceChildren(
      ...entries.flatMap((x) => [
        x.id === 'backup' ? h('li', { class: 'sep', role: 'separator' }) : null,
        h(
          'li',
          { role: 'none' },
          h(
            'a',
            { role: 'menuitem', href: exportUrl(this.host.boardId, x.query, at), download: '', 'data-export': x.id },
            h('span', { text: x.id !== 'backup' && at !== null ? `${x.label}, as at seq ${at}` : x.label }),
            h('span', { class: 'sub', text: x.sub }),
          ),
        ),
      ]).filter((n) => n !== null),
    );
  }

  openReview() {
    this.ui.review.hidden = false;
    this.ui.reviewToggle.setAttribute('aria-expanded', 'true');
    this.loadReview();
  }

  closeReview() {
    this.ui.review.hidden = true;
    this.ui.reviewToggle.setAttribute('aria-expanded', 'false');
  }

  /** Fetches the findings of the board (or of the moment the slider shows) and lists them. */
  async loadReview() {
    const summary = byId('review-summary');
    const list = byId('review-list');
    summary.textContent = 'Reviewing the model…';
    const at = this.host.pastSeq();
    try {
      const r = await fetch(exportUrl(this.host.boardId, 'export?format=json', at), { headers: { accept: 'application/json' } });
      const body = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(body.message || `the server answered ${r.status}`);
      /** @type {Finding[]} */
      const findings = sortFindings(Array.isArray(body.findings) ? body.findings : []);
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      summary.textContent = findings.length
        ? `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'} (${warnings} ${warnings === 1 ? 'warning' : 'warnings'})${at !== null ? ` at seq ${at}` : ''}. Click one to see its stickies.`
        : 'No findings: the model reads well.';
      list.replaceChildren(
        ...findings.map((f) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'review-item',
                'data-code': f.code,
                'data-severity': f.severity,
                title: f.sticky_ids.length ? 'Show the stickies on the wall' : 'Not tied to a sticky',
                onclick: () => (f.sticky_ids.length ? this.host.showStickies(f.sticky_ids) : this.host.toast('This finding is not about a particular sticky.')),
              },
              h('span', { class: 'message', text: f.message }),
              h('span', { class: 'code', text: `${f.severity} · ${f.code}` }),
            ),
          ),
        ),
      );
    } catch (e) {
      summary.textContent = `Could not review the model: ${e instanceof Error ? e.message : e}`;
    }
  }
}
