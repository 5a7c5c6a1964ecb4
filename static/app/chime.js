// The sound at the end of the timer, made on the spot with the Web Audio API (no audio file):
// three soft bell-like tones going up, each a sine with a quick attack and a slow decay.

/** The tones: frequency (Hz), start and length (seconds from now). */
export const CHIME = Object.freeze([
  { freq: 659.25, start: 0, length: 0.9 }, // E5
  { freq: 783.99, start: 0.28, length: 0.9 }, // G5
  { freq: 1046.5, start: 0.56, length: 1.4 }, // C6
]);

/** The loudest the chime gets (of 1). */
const PEAK = 0.25;

/**
 * The part of an AudioContext the chime uses (a real one, or a recorder in tests).
 * @typedef {{currentTime: number, destination: AudioNode, state?: string, resume?: () => Promise<void>, createOscillator(): OscillatorNode, createGain(): GainNode}} ChimeContext
 */

/**
 * Schedules the chime on `ctx`; returns when the last tone ends (in the context's time).
 * @param {ChimeContext} ctx
 */
export function playChime(ctx) {
  const t0 = ctx.currentTime + 0.02;
  let end = t0;
  for (const tone of CHIME) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(tone.freq, t0 + tone.start);
    // Start silent, rise in 20 ms, fade out exponentially (which cannot reach 0 itself).
    gain.gain.setValueAtTime(0.0001, t0 + tone.start);
    gain.gain.exponentialRampToValueAtTime(PEAK, t0 + tone.start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.start + tone.length);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t0 + tone.start);
    osc.stop(t0 + tone.start + tone.length + 0.05);
    end = Math.max(end, t0 + tone.start + tone.length + 0.05);
  }
  return end;
}

/**
 * One AudioContext for the page, made on first use. Browsers start it suspended until the
 * person has interacted with the page; turning the sound on is such an interaction, so the
 * toggle calls this to unlock it.
 */
export class Chime {
  constructor() {
    /** @type {AudioContext | null} */
    this.ctx = null;
    /** How many times it rang (tests read it from the page). */
    this.rung = 0;
  }

  /** @returns {AudioContext | null} */
  context() {
    if (!this.ctx && typeof AudioContext === 'function') this.ctx = new AudioContext();
    if (this.ctx?.state === 'suspended') this.ctx.resume().catch(() => {});
    return this.ctx;
  }

  ring() {
    const ctx = this.context();
    this.rung += 1;
    if (ctx) playChime(ctx);
  }
}
