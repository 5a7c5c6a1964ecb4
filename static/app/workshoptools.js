// The workshop tools on the wall, made together and kept in step with the board: the phase's
// instruction banner, the big timer and its chime, presentation mode and the vote results
// panel. Each is its own module; this one gives them what they need from the page, which it
// reaches only through `WorkshopToolsHost`.

import { BigTimer } from './bigtimer.js';
import { Chime } from './chime.js';
import { InstructionBanner } from './instructions.js';
import { Presenter } from './presentation.js';
import { ResultsPanel } from './results.js';
import { floatOverWall } from './overlay.js';
import { byId } from './dom.js';

/** @typedef {import('./geometry.js').View} View */

/**
 * Screen pixels at the bottom of the wall kept for the presentation bar: a presented frame is
 * fitted above it, never under it.
 */
export const PRESENT_BAR_ROOM = 64;

/** Board units above a context frame that its title takes (app.css `.frame-header`): presented with it. */
const TITLE_ABOVE = 32;

/** How often the big timer reads the clock (and rings at the end). */
const TICK_MS = 250;

/**
 * @typedef {object} WorkshopToolsHost
 * @property {HTMLElement} root  The page root: tests read from it how often the chime rang.
 * @property {string} boardId
 * @property {import('./outbox.js').KeyValueStorage} storage  Where each person's choices are kept.
 * @property {() => import('./model.js').BoardState} board  The board the wall shows.
 * @property {() => boolean} canFacilitate
 * @property {() => number} serverNow
 * @property {(command: import('./types.js').Command) => void} send  A facilitation command.
 * @property {() => View} view
 * @property {(view: View) => void} setView
 * @property {() => void} stopFollowing  Moving the view oneself ends following someone else's.
 * @property {() => {width: number, height: number}} wallSize
 * @property {(frameId: string) => void} summon  Brings everyone to a presented frame.
 * @property {(message: string) => void} toast
 */

export class WorkshopTools {
  /** @param {WorkshopToolsHost} host */
  constructor(host) {
    this.host = host;
    const facilitation = () => host.board().facilitation;
    const chime = new Chime();
    this.bigTimer = new BigTimer({
      timer: () => facilitation().timer,
      serverNow: () => host.serverNow(),
      storage: host.storage,
      chime: {
        context: () => chime.context(),
        ring: () => {
          chime.ring();
          host.root.dataset.chimes = String(chime.rung);
        },
      },
    });
    this.instruction = new InstructionBanner({
      facilitation,
      canFacilitate: () => host.canFacilitate(),
      boardId: () => host.boardId,
      storage: host.storage,
      send: (command) => host.send(command),
    });
    this.presenter = new Presenter({
      frames: () => [...host.board().frames.values()].map((f) => (f.kind === 'bounded_context' ? { ...f, y: f.y - TITLE_ABOVE, h: f.h + TITLE_ABOVE } : f)),
      view: () => host.view(),
      setView: (view) => {
        host.stopFollowing();
        host.setView(view);
      },
      size: () => {
        const { width, height } = host.wallSize();
        return { width, height: Math.max(1, height - PRESENT_BAR_ROOM) };
      },
      canFacilitate: () => host.canFacilitate(),
      summon: (frame) => host.summon(frame.id),
      toast: (message) => host.toast(message),
    });
    this.results = new ResultsPanel({ boardId: () => host.boardId, storage: host.storage });
    for (const id of ['phase-instruction', 'big-timer', 'present-bar']) floatOverWall(byId(id));
    window.setInterval(() => this.bigTimer.tick(), TICK_MS);
  }

  /** Brings every tool in line with the board (called with every render). */
  update() {
    this.bigTimer.tick();
    this.instruction.update();
    this.presenter.update();
    this.results.sync(this.host.board().facilitation.vote);
  }
}
