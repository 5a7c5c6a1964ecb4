// What the browser benchmarks share: order statistics, and driving the wall with one real
// wheel event per animation frame while recording the frame times.

/** @param {number[]} xs @param {number} q */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** @param {number[]} xs */
export const median = (xs) => quantile(xs, 0.5);

/**
 * Runs `frames` frames, dispatching one wheel event per frame on the wall, and returns the
 * requestAnimationFrame deltas in milliseconds.
 * @param {import('playwright-core').Page} page @param {number} frames
 * @param {{dx: number, dy: number, ctrl: boolean, flip: number}} spec  `flip`: reverse every this many frames.
 * @returns {Promise<number[]>}
 */
export function wheelFrames(page, frames, spec) {
  return page.evaluate(
    ({ frames, spec }) =>
      new Promise((resolve) => {
        const wall = /** @type {HTMLElement} */ (document.getElementById('wall'));
        const r = wall.getBoundingClientRect();
        /** @type {number[]} */
        const deltas = [];
        let last = 0;
        let i = 0;
        const step = (/** @type {number} */ t) => {
          if (last) deltas.push(t - last);
          last = t;
          if (i >= frames) return resolve(deltas);
          const sign = spec.flip && Math.floor(i / spec.flip) % 2 ? -1 : 1;
          wall.dispatchEvent(
            new WheelEvent('wheel', {
              deltaX: spec.dx * sign,
              deltaY: spec.dy * sign,
              ctrlKey: spec.ctrl,
              clientX: r.left + r.width / 2,
              clientY: r.top + r.height / 2,
              bubbles: true,
              cancelable: true,
            }),
          );
          i += 1;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    { frames, spec },
  );
}
