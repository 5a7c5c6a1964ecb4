// Time travel: a slider over the board's seqs shows the wall read-only as it was at any moment
// (`GET /api/boards/{id}?at=SEQ`), a replay folds the events from there at a chosen speed, and
// "Back to live" returns to the board as it is. From a past moment one can fork a new board or
// compare the model with another moment (`GET /diff`). The activity feed lists who did what.

import { applyEvents, emptyBoard, fromView } from './model.js';
import { saveFacilitatorKey } from './recent.js';
import { actorName, describeEvent, readableDiff } from './history.js';
import { byId, h } from './dom.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').EventEnvelope} EventEnvelope */

/** Events in one page of the activity feed or a replay fetch. */
const PAGE = 200;

/**
 * @typedef {object} TimeTravelHost
 * @property {string} boardId
 * @property {() => number} liveSeq
 * @property {() => BoardState | null} past
 * @property {(state: BoardState | null) => void} setPast
 * @property {(id: string) => string | undefined} nameOf
 * @property {(message: string) => void} toast
 * @property {() => Storage} storage
 */

/** @param {string} path */
async function getJson(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.message || `the server answered ${r.status}`);
  return body;
}

/** @param {string} at */
export function formatWhen(at) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

export class TimeTravel {
  /** @param {TimeTravelHost} host */
  constructor(host) {
    this.host = host;
    this.api = `/api/boards/${encodeURIComponent(host.boardId)}`;
    this.toggle = /** @type {HTMLButtonElement} */ (byId('history-toggle'));
    this.bar = byId('history-bar');
    this.slider = /** @type {HTMLInputElement} */ (byId('history-slider'));
    this.label = byId('history-label');
    this.play = /** @type {HTMLButtonElement} */ (byId('history-play'));
    this.speed = /** @type {HTMLSelectElement} */ (byId('history-speed'));
    this.liveButton = /** @type {HTMLButtonElement} */ (byId('history-live'));
    this.forkButton = /** @type {HTMLButtonElement} */ (byId('history-fork'));
    this.side = byId('history-side');
    this.sideTitle = byId('history-side-title');
    this.sideBody = byId('history-side-body');
    /** Bumped with every request for a past state; older answers are dropped. */
    this.request = 0;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.slideTimer = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.playTimer = null;
    this.playing = false;
    /** A past state is on its way. */
    this.loading = false;
    /** @type {EventEnvelope[]} */
    this.queue = [];
    /** @type {'activity' | 'compare' | ''} */
    this.sideShows = '';

    this.toggle.addEventListener('click', () => (this.bar.hidden ? this.open() : this.close()));
    this.slider.addEventListener('input', () => {
      const seq = Number(this.slider.value);
      if (this.slideTimer) clearTimeout(this.slideTimer);
      this.slideTimer = setTimeout(() => {
        this.slideTimer = null;
        this.goTo(seq);
      }, 120);
      this.stop();
      this.slider.value = String(seq);
      this.showLabel(seq, null);
    });
    this.slider.addEventListener('keydown', (e) => e.stopPropagation());
    this.play.addEventListener('click', () => (this.playing ? this.stop() : this.replay()));
    this.liveButton.addEventListener('click', () => this.live());
    this.forkButton.addEventListener('click', () => this.fork());
    byId('history-compare').addEventListener('click', () => this.showCompare());
    byId('history-activity').addEventListener('click', () => (this.sideShows === 'activity' ? this.closeSide() : this.showActivity()));
    byId('history-side-close').addEventListener('click', () => this.closeSide());
    this.side.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape') this.closeSide();
    });
  }

  /** The seq the wall shows. */
  shownSeq() {
    return this.host.past()?.seq ?? this.host.liveSeq();
  }

  open() {
    this.bar.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.update();
    this.showLabel(this.shownSeq(), null);
    this.slider.focus();
  }

  close() {
    this.live();
    this.closeSide();
    this.bar.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  /** Keeps the slider's range in step with the live board (called with every render). */
  update() {
    if (this.bar.hidden) return;
    const head = this.host.liveSeq();
    if (this.slider.max !== String(head)) this.slider.max = String(head);
    const past = this.host.past();
    if (!past && !this.slideTimer && !this.loading && this.slider.value !== String(head)) {
      this.slider.value = String(head);
      this.showLabel(head, null);
    }
    this.liveButton.disabled = !past && !this.playing;
    this.forkButton.disabled = this.shownSeq() < 1;
    this.bar.dataset.seq = String(this.shownSeq());
  }

  /**
   * @param {number} seq
   * @param {EventEnvelope | null} env  The event at `seq`, when known.
   */
  showLabel(seq, env) {
    const head = this.host.liveSeq();
    const where = seq >= head ? `Now (seq ${head})` : `Seq ${seq} of ${head}`;
    this.label.textContent = env ? `${where} · ${actorName(env.actor)}, ${formatWhen(env.at)}: ${describeEvent(env.event, this.host.nameOf)}` : where;
  }

  /** Shows the board as it was at `seq` (the live board from the head on). @param {number} seq */
  async goTo(seq) {
    const head = this.host.liveSeq();
    if (seq >= head) {
      this.live();
      return;
    }
    const ticket = ++this.request;
    this.loading = true;
    try {
      // Before the first event there is nothing to ask the server for: an empty wall.
      const [state, page] = await Promise.all([
        seq > 0 ? getJson(`${this.api}?at=${seq}`).then(fromView) : Promise.resolve(emptyBoard(this.host.boardId)),
        seq > 0 ? getJson(`${this.api}/events?after=${seq - 1}&limit=1`) : Promise.resolve({ events: [] }),
      ]);
      if (ticket !== this.request) return;
      this.host.setPast(state);
      this.slider.value = String(seq);
      this.showLabel(seq, page.events?.[0] ?? null);
      this.update();
    } catch (e) {
      if (ticket === this.request) this.host.toast(`Could not load that moment: ${e instanceof Error ? e.message : e}`);
    } finally {
      if (ticket === this.request) this.loading = false;
    }
  }

  /** Back to the board as it is now. */
  live() {
    this.request += 1;
    this.loading = false;
    this.stop();
    this.host.setPast(null);
    this.slider.value = String(this.host.liveSeq());
    this.showLabel(this.host.liveSeq(), null);
    this.update();
  }

  /** Plays the events from the moment shown (from the start when live) up to now. */
  async replay() {
    if (!this.host.past()) {
      this.slider.value = '0';
      await this.goTo(0);
    }
    if (!this.host.past()) return;
    this.playing = true;
    this.queue = [];
    this.play.textContent = 'Pause replay';
    this.play.setAttribute('aria-pressed', 'true');
    this.step();
  }

  stop() {
    this.playing = false;
    if (this.playTimer) clearTimeout(this.playTimer);
    this.playTimer = null;
    this.play.textContent = 'Replay';
    this.play.setAttribute('aria-pressed', 'false');
    this.update();
  }

  /** Applies the next event of the replay, then waits 1/speed seconds. */
  async step() {
    if (!this.playing) return;
    const past = this.host.past();
    if (!past) return this.stop();
    if (this.queue.length === 0) {
      if (past.seq >= this.host.liveSeq()) return this.live();
      try {
        const page = await getJson(`${this.api}/events?after=${past.seq}&limit=${PAGE}`);
        this.queue = page.events ?? [];
      } catch (e) {
        this.host.toast(`The replay stopped: ${e instanceof Error ? e.message : e}`);
        return this.stop();
      }
      if (!this.playing) return;
      if (this.queue.length === 0) return this.live();
    }
    const env = /** @type {EventEnvelope} */ (this.queue.shift());
    this.host.setPast(applyEvents(past, [env.event], env.seq));
    this.slider.value = String(env.seq);
    this.showLabel(env.seq, env);
    this.update();
    const perSecond = Number(this.speed.value) || 5;
    this.playTimer = setTimeout(() => this.step(), 1000 / perSecond);
  }

  /** Starts a new board from the moment shown and opens it. */
  async fork() {
    const at = this.shownSeq();
    try {
      const r = await fetch(`${this.api}/fork`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) });
      const body = await r.json().catch(() => ({}));
      if (!r.ok) throw new Error(body.message || `the server answered ${r.status}`);
      if (body.facilitator_key) saveFacilitatorKey(this.host.storage(), body.id, body.facilitator_key);
      location.assign(body.url);
    } catch (e) {
      this.host.toast(`Could not fork the board: ${e instanceof Error ? e.message : e}`);
    }
  }

  /** @param {'activity' | 'compare'} what @param {string} title */
  openSide(what, title) {
    this.sideShows = what;
    this.side.hidden = false;
    this.side.dataset.shows = what;
    this.sideTitle.textContent = title;
    byId('history-activity').setAttribute('aria-expanded', String(what === 'activity'));
  }

  closeSide() {
    this.sideShows = '';
    this.side.hidden = true;
    byId('history-activity').setAttribute('aria-expanded', 'false');
  }

  /** The activity feed: newest first, a page at a time; a click shows that moment. */
  async showActivity() {
    this.openSide('activity', 'Activity');
    const list = h('ol', { class: 'activity-list', reversed: true });
    const more = h('button', { type: 'button', class: 'link', text: 'Earlier activity' });
    this.sideBody.replaceChildren(list, more);
    let before = this.host.liveSeq() + 1;
    const load = async () => {
      const after = Math.max(0, before - 1 - PAGE);
      more.disabled = true;
      try {
        const page = await getJson(`${this.api}/events?after=${after}&limit=${before - 1 - after}`);
        /** @type {EventEnvelope[]} */
        const events = page.events ?? [];
        for (const env of events.reverse()) {
          list.append(
            h(
              'li',
              { 'data-seq': env.seq },
              h(
                'button',
                { type: 'button', class: 'activity-item', title: `Show the board as it was after this (seq ${env.seq})`, onclick: () => this.goTo(env.seq) },
                h('span', { class: 'who', text: actorName(env.actor) }),
                ' ',
                h('span', { class: 'what', text: describeEvent(env.event, this.host.nameOf) }),
                h('span', { class: 'when', text: `${formatWhen(env.at)} · seq ${env.seq}` }),
              ),
            ),
          );
        }
        before = after + 1;
        more.hidden = after === 0;
      } catch (e) {
        this.host.toast(`Could not load the activity: ${e instanceof Error ? e.message : e}`);
      }
      more.disabled = false;
    };
    more.addEventListener('click', load);
    await load();
  }

  /** Compares the model between two moments: the one shown and now, by default. */
  showCompare() {
    this.openSide('compare', 'Compare two moments');
    const head = this.host.liveSeq();
    const from = h('input', { id: 'compare-from', type: 'number', min: 0, max: head, value: Math.min(this.shownSeq(), head) });
    const to = h('input', { id: 'compare-to', type: 'number', min: 0, max: head, value: head });
    const out = h('div', { class: 'diff', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'compare-form' },
      h('label', { for: 'compare-from', text: 'From seq' }),
      from,
      h('label', { for: 'compare-to', text: 'to seq' }),
      to,
      h('button', { type: 'submit', text: 'Compare' }),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      out.replaceChildren(h('p', { class: 'hint', text: 'Comparing…' }));
      try {
        const diff = await getJson(`${this.api}/diff?from=${Number(from.value)}&to=${Number(to.value)}`);
        const rows = readableDiff(diff.changes ?? []);
        out.replaceChildren(
          h('p', { class: 'hint', text: `The model from seq ${diff.from} to seq ${diff.to}: ${rows.length ? `${rows.length} ${rows.length === 1 ? 'change' : 'changes'}` : 'no changes'}.` }),
          h(
            'ul',
            { class: 'diff-list' },
            ...rows.map((r) =>
              h(
                'li',
                { class: `diff-${r.change.change}`, 'data-change': r.change.change, 'data-id': r.change.id },
                h('span', { class: 'diff-title', text: r.title }),
                r.details.length ? h('ul', {}, ...r.details.map((d) => h('li', { text: d }))) : null,
              ),
            ),
          ),
        );
      } catch (err) {
        out.replaceChildren(h('p', { class: 'error', text: `Could not compare: ${err instanceof Error ? err.message : err}` }));
      }
    });
    this.sideBody.replaceChildren(form, out);
    form.requestSubmit();
  }
}
