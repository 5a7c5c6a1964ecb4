// The sticky grammar as the wall shows it: label, colour, keyboard shortcut, default size and
// which details each kind carries. Colours are a theme (DESIGN.md); the kinds are the semantics.
// Shapes live in app.css under `.k-<kind>`; every fill/ink pair meets WCAG AA (4.5:1), which a
// unit test checks with `contrastRatio`.

/**
 * @typedef {object} KindInfo
 * @property {import('./types.js').NoteKind} kind
 * @property {string} label      Shown on the sticky and the palette.
 * @property {string} key        Keyboard shortcut (adds one; with Shift, changes the selection's kind).
 * @property {string} fill       Background colour.
 * @property {string} ink        Text colour on the fill.
 * @property {string} hint       What to write on it.
 * @property {boolean} payload   Carries payload fields (events, commands, read models).
 */

/** @type {readonly KindInfo[]} */
export const KINDS = Object.freeze([
  { kind: 'event', label: 'Event', key: 'e', fill: '#ff9f43', ink: '#1b1b1b', hint: 'Something that happened, past tense: Order Placed', payload: true },
  { kind: 'command', label: 'Command', key: 'c', fill: '#74c0fc', ink: '#1b1b1b', hint: 'An intent or decision: Place Order', payload: true },
  { kind: 'actor', label: 'Actor', key: 'a', fill: '#ffe066', ink: '#1b1b1b', hint: 'A person or role', payload: false },
  { kind: 'aggregate', label: 'Aggregate', key: 'g', fill: '#fff3bf', ink: '#1b1b1b', hint: 'What keeps the rules and produces events', payload: false },
  { kind: 'policy', label: 'Policy', key: 'p', fill: '#c8b6ff', ink: '#1b1b1b', hint: 'Whenever an event, then a command', payload: false },
  { kind: 'read_model', label: 'Read model', key: 'r', fill: '#69db7c', ink: '#1b1b1b', hint: 'Information someone needs to decide', payload: true },
  { kind: 'external_system', label: 'External system', key: 'x', fill: '#ffa8d8', ink: '#1b1b1b', hint: 'A system outside the team', payload: false },
  { kind: 'hotspot', label: 'Hotspot', key: 'h', fill: '#c2255c', ink: '#ffffff', hint: 'A question, conflict or risk', payload: false },
  { kind: 'opportunity', label: 'Opportunity', key: 'o', fill: '#b2f2bb', ink: '#1b1b1b', hint: 'Something that could be better', payload: false },
  { kind: 'ui', label: 'UI', key: 'u', fill: '#ffffff', ink: '#1b1b1b', hint: 'A screen or mock-up', payload: false },
  { kind: 'note', label: 'Note', key: 'n', fill: '#dee2e6', ink: '#1b1b1b', hint: 'Free text', payload: false },
]);

/** @type {ReadonlyMap<string, KindInfo>} */
const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));
/** @type {ReadonlyMap<string, KindInfo>} */
const BY_KEY = new Map(KINDS.map((k) => [k.key, k]));

/** @param {string} kind @returns {KindInfo} */
export function kindInfo(kind) {
  return BY_KIND.get(kind) ?? /** @type {KindInfo} */ (BY_KIND.get('note'));
}

/** @param {string} key @returns {KindInfo | undefined} */
export function kindForKey(key) {
  return BY_KEY.get(key.toLowerCase());
}

/** @param {string} kind @returns {kind is import('./types.js').NoteKind} */
export function isNoteKind(kind) {
  return BY_KIND.has(kind);
}

/**
 * The size a sticky gets when the command names none (mirrors `default_note_size`).
 * @param {import('./types.js').NoteKind} kind
 * @returns {{w: number, h: number}}
 */
export function defaultSize(kind) {
  switch (kind) {
    case 'actor':
      return { w: 100, h: 70 };
    case 'aggregate':
      return { w: 200, h: 140 };
    case 'ui':
      return { w: 180, h: 130 };
    default:
      return { w: 140, h: 100 };
  }
}

/** Payload field types the editor suggests (any name of the model's own is allowed too). */
export const FIELD_TYPES = Object.freeze(['string', 'integer', 'number', 'boolean', 'uuid', 'date', 'datetime', 'money']);

/** @param {string} hex `#rrggbb` @returns {number} relative luminance (WCAG 2) */
export function luminance(hex) {
  const n = parseInt(hex.slice(1), 16);
  const channels = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/** @param {string} a @param {string} b @returns {number} WCAG contrast ratio, 1..21 */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
