// The facilitation bar: the workshop's phase (the palette highlights its kinds), the shared
// timer, dot votes (dots drawn on the stickies, the results list when closed; results.js opens
// and closes its panel) and follow me. Everyone
// sees the state; only the facilitator (who holds the board's facilitator key) gets the
// controls that change it. Placing and removing one's own dots is open to every editor.

import { Cmd } from './protocol.js';
import {
  PHASES,
  dotsByNote,
  dotsLeft,
  dotsOf,
  formatClock,
  parseDuration,
  phaseKinds,
  phaseLabel,
  remainingMs,
  votable,
  voterCount,
  voteTotals,
} from './facilitation.js';
import { byId, h } from './dom.js';
import { kindInfo } from './kinds.js';
import { newId } from './ids.js';
import { VoteKindsPicker } from './votekinds.js';
import { checkboxItem, showMenu, wireMenu } from './menus.js';
import { PrivateModeControls } from './privatemode.js';

/** @typedef {import('./model.js').BoardState} BoardState */
/** @typedef {import('./types.js').Command} Command */
/** @typedef {import('./types.js').Participant} Participant */

/** More dots than this on one sticky are shown as a number. */
const MAX_DRAWN_DOTS = 8;

/**
 * @typedef {object} FacilitationHost
 * @property {() => BoardState} state
 * @property {() => boolean} canFacilitate  Holds the key, on an edit link, looking at the live board.
 * @property {() => boolean} canVote        An editor looking at the live board.
 * @property {() => string} voter           This participant's id (the server derives it from the participant secret).
 * @property {() => number} serverNow       The server's clock, as well as this browser knows it.
 * @property {(command: Command) => void} send
 * @property {() => {me: Participant | null, participants: Participant[]}} people
 * @property {(participant: string | null) => void} follow
 * @property {() => void} summon
 * @property {(id: string) => void} showNote
 */

export class FacilitationBar {
  /** @param {FacilitationHost} host */
  constructor(host) {
    this.host = host;
    this.bar = byId('facilitation');
    this.phase = /** @type {HTMLSelectElement} */ (byId('phase-select'));
    this.timer = byId('timer-display');
    this.minutes = /** @type {HTMLInputElement} */ (byId('timer-minutes'));
    this.start = /** @type {HTMLButtonElement} */ (byId('timer-start'));
    this.pause = /** @type {HTMLButtonElement} */ (byId('timer-pause'));
    this.add = /** @type {HTMLButtonElement} */ (byId('timer-add'));
    this.reset = /** @type {HTMLButtonElement} */ (byId('timer-reset'));
    this.dots = /** @type {HTMLInputElement} */ (byId('vote-dots'));
    this.openVote = /** @type {HTMLButtonElement} */ (byId('vote-open'));
    this.closeVote = /** @type {HTMLButtonElement} */ (byId('vote-close'));
    this.voteKinds = new VoteKindsPicker(/** @type {HTMLButtonElement} */ (byId('vote-kinds')), byId('vote-kinds-menu'));
    this.voteStatus = byId('vote-status');
    this.results = byId('vote-results');
    this.resultsList = byId('vote-results-list');
    this.followPeople = byId('follow-people');
    this.summonButton = /** @type {HTMLButtonElement} */ (byId('summon'));
    this.dotsLayer = byId('dots-layer');
    this.palette = byId('palette');
    /** @type {unknown} */
    this.drawnVote = undefined;
    /** @type {unknown} */
    this.drawnNotes = undefined;
    this.drawnVoter = '';
    this.drawnCanVote = false;
    /** @type {unknown} */
    this.drawnPhase = undefined;
    this.peopleKey = '';
    /** @type {string | null} */
    this.following = null;

    this.phase.replaceChildren(h('option', { value: '', text: 'No phase' }), ...PHASES.map((p) => h('option', { value: p.phase, text: p.label })));
    this.phase.addEventListener('change', () => {
      const value = this.phase.value;
      const phase = PHASES.find((p) => p.phase === value)?.phase ?? null;
      host.send({ type: Cmd.SET_PHASE, phase });
    });
    this.start.addEventListener('click', () => {
      const ms = parseDuration(this.minutes.value);
      if (ms === null) {
        this.minutes.setCustomValidity('Minutes (like 5 or 2.5) or m:ss (like 4:30), up to 24 hours');
        this.minutes.reportValidity();
        return;
      }
      this.minutes.setCustomValidity('');
      host.send({ type: Cmd.START_TIMER, duration_ms: ms });
    });
    this.minutes.addEventListener('input', () => this.minutes.setCustomValidity(''));
    this.minutes.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') this.start.click();
    });
    this.pause.addEventListener('click', () => {
      const timer = host.state().facilitation.timer;
      if (!timer) return;
      host.send({ type: timer.state === 'running' ? Cmd.PAUSE_TIMER : Cmd.RESUME_TIMER });
    });
    this.add.addEventListener('click', () => host.send({ type: Cmd.ADD_TIME, ms: 60_000 }));
    this.reset.addEventListener('click', () => host.send({ type: Cmd.RESET_TIMER }));
    this.dots.addEventListener('keydown', (e) => e.stopPropagation());
    this.openVote.addEventListener('click', () => {
      const n = Math.round(Number(this.dots.value));
      if (!(n >= 1 && n <= 100)) {
        this.dots.setCustomValidity('From 1 to 100 dots');
        this.dots.reportValidity();
        return;
      }
      this.dots.setCustomValidity('');
      host.send({ type: Cmd.OPEN_VOTE, id: newId(), dots_per_participant: n, kinds: this.voteKinds.kinds() });
    });
    this.closeVote.addEventListener('click', () => host.send({ type: Cmd.CLOSE_VOTE }));
    // The rarer controls live in menus so the bar keeps to one row (menus.js).
    for (const id of ['big-timer-toggle', 'timer-sound', 'present-start']) checkboxItem(byId(id));
    this.timerMenu = wireMenu(/** @type {HTMLButtonElement} */ (byId('timer-menu-toggle')), byId('timer-menu'));
    this.followMenu = wireMenu(/** @type {HTMLButtonElement} */ (byId('follow-toggle')), byId('follow-menu'));
    wireMenu(/** @type {HTMLButtonElement} */ (byId('more-toggle')), byId('more-menu'));
    this.summonButton.addEventListener('click', () => host.summon());
    this.privateMode = new PrivateModeControls(host, /** @type {HTMLButtonElement} */ (byId('private-mode')), byId('private-banner'));
    this.dotsLayer.addEventListener('pointerdown', (e) => e.stopPropagation());
    this.dotsLayer.addEventListener('dblclick', (e) => e.stopPropagation());
  }

  /** @param {string | null} participant */
  setFollowing(participant) {
    this.following = participant;
    this.markFollowing();
    this.host.follow(participant);
  }

  /** Checks the radio item of whom this browser follows, and names them on the button. */
  markFollowing() {
    for (const item of this.followPeople.querySelectorAll('[role="menuitemradio"]')) {
      if (item instanceof HTMLElement) item.setAttribute('aria-checked', String((item.dataset.participant || null) === this.following));
    }
    const name = this.host.people().participants.find((p) => p.id === this.following)?.name;
    this.followMenu.button.textContent = name ? `Following ${name}` : 'Follow';
    this.followMenu.button.classList.toggle('on', !!name);
  }

  /** Brings the bar in line with the state (called with every render). */
  update() {
    const state = this.host.state();
    const f = state.facilitation;
    const fac = this.host.canFacilitate();
    const canVote = this.host.canVote();
    this.bar.classList.toggle('can-facilitate', fac);
    byId('facilitator-badge').hidden = !fac;
    this.phase.disabled = !fac;
    if (this.phase.value !== (f.phase ?? '')) this.phase.value = f.phase ?? '';
    this.phase.title = fac ? 'Move the workshop to a phase' : `Phase: ${phaseLabel(f.phase)} (the facilitator changes it)`;
    if (f.phase !== this.drawnPhase) {
      this.drawnPhase = f.phase;
      const kinds = new Set(phaseKinds(f.phase));
      this.palette.classList.toggle('in-phase', kinds.size > 0);
      for (const b of this.palette.querySelectorAll('.kind-tool')) {
        if (b instanceof HTMLElement) b.classList.toggle('phase-kind', kinds.has(/** @type {import('./types.js').NoteKind} */ (b.dataset.kind)));
      }
    }
    const timer = f.timer;
    this.pause.disabled = !timer;
    this.add.disabled = !timer;
    this.reset.disabled = !timer;
    this.pause.textContent = timer?.state === 'paused' ? 'Resume' : 'Pause';
    this.tick();

    const vote = f.vote;
    const voter = this.host.voter();
    this.openVote.disabled = !!vote?.open;
    this.voteKinds.button.disabled = !!vote?.open;
    this.closeVote.disabled = !vote?.open;
    if (!vote) this.voteStatus.textContent = '';
    else if (vote.open) {
      const left = dotsLeft(vote, voter);
      const kinds = vote.kinds.map((k) => plural(kindInfo(k).label.toLowerCase())).join(' and ');
      const voters = voterCount(vote);
      const voted = `${voters} ${voters === 1 ? 'person has' : 'people have'} voted`;
      this.voteStatus.textContent = canVote ? `Vote open on ${kinds}: ${left} of ${vote.dots_per_participant} dots left (press + on a sticky) · ${voted}` : `Vote open on ${kinds} · ${voted}`;
      this.voteStatus.dataset.left = String(left);
      this.voteStatus.dataset.voters = String(voters);
    } else {
      const total = Object.values(vote.dots).reduce((n, d) => n + d.length, 0);
      this.voteStatus.textContent = `Vote closed: ${total} ${total === 1 ? 'dot' : 'dots'}`;
    }
    // The bar may cut the line short; the whole of it stays at hand.
    this.voteStatus.title = this.voteStatus.textContent ?? '';
    if (vote !== this.drawnVote || state.notes !== this.drawnNotes || voter !== this.drawnVoter || canVote !== this.drawnCanVote) {
      this.drawnVote = vote;
      this.drawnNotes = state.notes;
      this.drawnVoter = voter;
      this.drawnCanVote = canVote;
      this.drawDots(state, canVote, voter);
      this.drawResults(state);
    }
    this.updatePeople();
    this.privateMode.update();
    // Its items are the facilitator's, and everyone's Big timer and Sound while a timer runs
    // (bigtimer.js shows those).
    showMenu(this.timerMenu, fac || !!timer);
  }

  /** The timer's face, from the server's clock. Called with every render and a few times a second. */
  tick() {
    const timer = this.host.state().facilitation.timer;
    if (!timer) {
      this.timer.textContent = 'No timer';
      this.timer.dataset.state = 'none';
      this.timer.dataset.remaining = '';
      return;
    }
    const left = remainingMs(timer, this.host.serverNow());
    const text = formatClock(left);
    if (this.timer.textContent !== text) this.timer.textContent = text;
    this.timer.dataset.state = left === 0 ? 'done' : timer.state;
    this.timer.dataset.remaining = String(Math.round(left));
    this.timer.title = timer.state === 'paused' ? 'Paused' : left === 0 ? "Time's up" : 'Counting down';
  }

  /** @param {BoardState} state @param {boolean} canVote @param {string} voter */
  drawDots(state, canVote, voter) {
    const vote = state.facilitation.vote;
    const byNote = dotsByNote(vote, voter);
    const open = !!vote?.open;
    const left = dotsLeft(vote, voter);
    /** @type {HTMLElement[]} */
    const badges = [];
    for (const note of state.notes.values()) {
      const dots = byNote.get(note.id) ?? { total: 0, mine: 0 };
      const canPlace = open && canVote && votable(vote, note.kind);
      if (dots.total === 0 && !canPlace) continue;
      const label = note.text.trim() || 'this sticky';
      const badge = h('div', { class: 'dot-badge', 'data-note': note.id, 'data-total': dots.total, 'data-mine': dots.mine, title: `${dots.total} ${dots.total === 1 ? 'dot' : 'dots'}` });
      if (dots.total > MAX_DRAWN_DOTS) {
        badge.append(h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'dot-total', text: String(dots.total) }));
      } else {
        for (let i = 0; i < dots.mine; i++) {
          badge.append(
            open && canVote
              ? h('button', { type: 'button', class: 'dot mine', 'aria-label': `Remove your dot from “${label}”`, title: 'Your dot: click to take it back', onclick: () => this.host.send({ type: Cmd.REMOVE_DOT, note: note.id }) })
              : h('span', { class: 'dot mine', 'aria-hidden': 'true' }),
          );
        }
        for (let i = dots.mine; i < dots.total; i++) badge.append(h('span', { class: 'dot', 'aria-hidden': 'true' }));
        if (!open && dots.total > 0) badge.append(h('span', { class: 'dot-total', text: String(dots.total) }));
      }
      if (canPlace) {
        badge.append(
          h('button', {
            type: 'button',
            class: 'dot-add',
            'aria-label': `Place a dot on “${label}”`,
            title: left > 0 ? 'Place one of your dots here' : 'You have placed all your dots',
            disabled: left === 0,
            text: '+',
            onclick: () => this.host.send({ type: Cmd.PLACE_DOT, note: note.id }),
          }),
        );
      }
      badge.style.transform = `translate(${note.x + note.w - 18}px, ${note.y - 12}px)`;
      badges.push(badge);
    }
    this.dotsLayer.replaceChildren(...badges);
  }

  /** @param {BoardState} state */
  drawResults(state) {
    const vote = state.facilitation.vote;
    const totals = voteTotals(vote);
    byId('vote-results-none').hidden = totals.length > 0;
    this.resultsList.replaceChildren(
      ...totals.map((t) => {
        const note = state.notes.get(t.note);
        const name = note ? note.text.trim() || '(empty sticky)' : '(deleted sticky)';
        return h(
          'li',
          { 'data-note': t.note, 'data-dots': t.dots },
          note ? h('button', { type: 'button', text: name, onclick: () => this.host.showNote(t.note) }) : h('span', { text: name }),
          h('span', { class: 'count', text: `${t.dots} ${t.dots === 1 ? 'dot' : 'dots'}` }),
        );
      }),
    );
    if (vote && !vote.open) {
      const mine = dotsOf(vote, this.host.voter());
      this.results.setAttribute('aria-description', `You placed ${mine} of ${vote.dots_per_participant} dots`);
    }
  }

  updatePeople() {
    const { me, participants } = this.host.people();
    const others = participants.filter((p) => !me || p.id !== me.id);
    const key = others.map((p) => `${p.id}:${p.name}`).join('|');
    if (key === this.peopleKey) return;
    this.peopleKey = key;
    const item = (/** @type {string} */ id, /** @type {string} */ name) =>
      h('button', { type: 'button', role: 'menuitemradio', 'aria-checked': 'false', 'data-participant': id, text: name, onclick: () => this.setFollowing(id || null) });
    this.followPeople.replaceChildren(item('', 'Nobody'), ...others.map((p) => item(p.id, p.name)));
    if (this.following && !others.some((p) => p.id === this.following)) this.setFollowing(null);
    else this.markFollowing();
  }
}

/** @param {string} noun */
function plural(noun) {
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}
