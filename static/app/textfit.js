// Fitting a sticky's text inside the sticky: words wrapped only between words, the font shrunk
// until every line fits, and when even the smallest allowed size cannot hold it all, the first
// words that fit followed by an ellipsis. Used by the far view (canvas labels) and the DOM
// stickies alike, so both show the same words. Pure: text widths come from a `measure`
// function (canvas measureText in the browser, a fixed advance in tests).

/**
 * Width of a text at a font size of 1 (widths scale linearly with the size).
 * @typedef {(text: string) => number} Measure
 */

/**
 * @typedef {object} FitOptions
 * @property {number} max         Largest font size to try.
 * @property {number} min         Smallest font size allowed; below it words are dropped instead.
 * @property {number} [lineHeight] Line height as a multiple of the font size (default 1.2).
 */

/**
 * @typedef {object} Fitted
 * @property {number} size        The font size chosen.
 * @property {string[]} lines     What to draw, one string per line.
 * @property {boolean} complete   False when words were dropped (the last line ends in "…").
 */

export const ELLIPSIS = '…';

/** The words of a text, whitespace of any kind collapsed. @param {string} text */
export function wordsOf(text) {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * Wraps words into lines no wider than `width` at font size `size`, breaking only between
 * words. A word wider than the line on its own still gets a line (the caller sees it does not
 * fit through `widest`).
 * @param {string[]} words @param {number} width @param {number} size @param {Measure} measure
 * @returns {{lines: string[], widest: number}}
 */
export function wrapWords(words, width, size, measure) {
  /** @type {string[]} */
  const lines = [];
  let line = '';
  let widest = 0;
  let lineWidth = 0;
  const space = measure(' ') * size;
  for (const word of words) {
    const w = measure(word) * size;
    if (line && lineWidth + space + w <= width) {
      line += ` ${word}`;
      lineWidth += space + w;
    } else {
      if (line) lines.push(line);
      line = word;
      lineWidth = w;
    }
    widest = Math.max(widest, lineWidth);
  }
  if (line) lines.push(line);
  return { lines, widest };
}

/**
 * The largest size in [min, max] at which the whole text fits a `w` x `h` box, with its lines;
 * at `min`, as many whole lines as fit, the last cut between words and ended with "…".
 * Searches sizes by halving, so it costs a handful of wraps whatever the range.
 * @param {string} text @param {number} w @param {number} h @param {Measure} measure @param {FitOptions} opts
 * @returns {Fitted}
 */
export function fitText(text, w, h, measure, opts) {
  const lineHeight = opts.lineHeight ?? 1.2;
  const words = wordsOf(text);
  if (words.length === 0) return { size: opts.max, lines: [], complete: true };
  /** @param {number} size */
  const fits = (size) => {
    const wrapped = wrapWords(words, w, size, measure);
    return wrapped.widest <= w && wrapped.lines.length * size * lineHeight <= h ? wrapped.lines : null;
  };
  const atMax = fits(opts.max);
  if (atMax) return { size: opts.max, lines: atMax, complete: true };
  let lo = opts.min;
  let hi = opts.max;
  let best = fits(lo);
  if (best) {
    // Invariant: the text fits at lo and not at hi.
    while (hi - lo > 0.25) {
      const mid = (lo + hi) / 2;
      const lines = fits(mid);
      if (lines) {
        lo = mid;
        best = lines;
      } else hi = mid;
    }
    return { size: lo, lines: best, complete: true };
  }
  return { size: opts.min, lines: firstWords(words, w, h, opts.min, lineHeight, measure), complete: false };
}

/**
 * The first words that fit at `size`, whole lines only, the last line ended with an ellipsis.
 * A first word too wide for the line is cut by letters: better part of the name than nothing.
 * @param {string[]} words @param {number} w @param {number} h @param {number} size @param {number} lineHeight @param {Measure} measure
 */
function firstWords(words, w, h, size, lineHeight, measure) {
  const room = Math.max(1, Math.floor(h / (size * lineHeight)));
  const lines = wrapWords(words, w, size, measure).lines.slice(0, room);
  let last = lines.length - 1;
  let tail = `${lines[last]}${ELLIPSIS}`;
  // Drop words from the last line until it and the ellipsis fit.
  while (measure(tail) * size > w) {
    const cut = lines[last].lastIndexOf(' ');
    if (cut > 0) {
      lines[last] = lines[last].slice(0, cut);
    } else if (last > 0) {
      lines.pop();
      last -= 1;
    } else {
      // One word wider than the sticky: keep the letters that fit.
      let word = lines[0];
      while (word.length > 1 && measure(`${word}${ELLIPSIS}`) * size > w) word = word.slice(0, -1);
      lines[0] = word;
      return [`${word}${ELLIPSIS}`];
    }
    tail = `${lines[last]}${ELLIPSIS}`;
  }
  lines[last] = tail;
  return lines;
}

/**
 * A Measure that remembers each word's width, so wrapping thousands of stickies asks the
 * font once per distinct word. `raw` measures at font size `at`.
 * @param {(text: string) => number} raw @param {number} at @returns {Measure}
 */
export function cachedMeasure(raw, at) {
  /** @type {Map<string, number>} */
  const widths = new Map();
  return (text) => {
    let width = widths.get(text);
    if (width === undefined) {
      width = raw(text) / at;
      widths.set(text, width);
    }
    return width;
  };
}
