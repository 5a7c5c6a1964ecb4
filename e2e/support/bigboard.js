// Big boards for browser tests and benchmarks, seeded in one request: a backup document
// (docs/export-format.md, `eventstorm.backup/v1`) holding one `note_added` event per sticky
// and one `connector_added` per connector, imported with `POST /api/boards/import`. Adding
// 10,000 stickies one command at a time takes minutes; an import takes seconds. The events
// are exactly those the board would record for the same commands, which the import checks.

const KINDS = ['event', 'command', 'actor', 'aggregate', 'policy', 'read_model', 'external_system', 'hotspot', 'opportunity', 'ui', 'note'];
/** Kinds whose details carry payload fields (kinds.js, `payload`). */
const PAYLOAD_KINDS = new Set(['event', 'command', 'read_model']);
const WORDS = ['Order Placed', 'Place Order', 'Customer', 'Order', 'Reserve stock', 'Payment Taken', 'Ship Parcel', 'Invoice Sent'];
/** Board units between sticky origins (stickies are 140 x 100). */
const STEP_X = 180;
const STEP_Y = 140;

/**
 * @typedef {object} BigBoardSpec
 * @property {string} title
 * @property {number} stickies
 * @property {number} [connectors]   Between consecutive stickies; none by default.
 * @property {number} [textChars]    Length of each sticky's text (at least its label).
 * @property {boolean} [details]     A description and payload fields (where the kind has
 *   them) on every sticky, pivotal on every other event.
 */

/**
 * The backup document of a board laid out as a grid about 1.6 times wider than tall.
 * @param {BigBoardSpec} spec
 * @returns {{backup: object, ids: string[]}}
 */
export function bigBoardBackup(spec) {
  const cols = Math.ceil(Math.sqrt(spec.stickies * 1.6));
  const ids = Array.from({ length: spec.stickies }, () => crypto.randomUUID());
  const at = Date.now();
  /** @type {object[]} */
  const events = [{ title: spec.title, type: 'board_created' }];
  ids.forEach((id, i) => {
    const kind = KINDS[i % KINDS.length];
    const label = `Sticky ${i + 1}: ${WORDS[i % WORDS.length]}`;
    const text = spec.textChars ? label.padEnd(spec.textChars, ` ${WORDS[(i + 3) % WORDS.length].toLowerCase()}`).slice(0, spec.textChars) : label;
    /** @type {Record<string, unknown>} */
    const note = { id, kind, text, x: (i % cols) * STEP_X, y: Math.floor(i / cols) * STEP_Y, w: 140, h: 100, details: spec.details ? details(kind, i) : {} };
    events.push({ type: 'note_added', note });
  });
  for (let i = 0; i < (spec.connectors ?? 0); i++) {
    const connector = { id: crypto.randomUUID(), from: ids[i % ids.length], to: ids[(i + 1) % ids.length], ...(i % 3 ? {} : { label: 'then' }) };
    events.push({ type: 'connector_added', connector });
  }
  const backup = {
    format: 'eventstorm.backup/v1',
    title: spec.title,
    seq: events.length,
    events: events.map((event, i) => ({ seq: i + 1, op_id: crypto.randomUUID(), actor: 'seed', recorded_at_ms: at, schema_version: 1, event })),
  };
  return { backup, ids };
}

/** Details as the board stores them (empty parts left out). @param {string} kind @param {number} i */
function details(kind, i) {
  /** @type {Record<string, unknown>} */
  const d = { description: `Why sticky ${i + 1} matters: ${WORDS.join(', ')}. `.repeat(3).trim() };
  if (PAYLOAD_KINDS.has(kind)) {
    d.fields = [
      { name: 'orderId', type: 'uuid', required: true, description: 'The order this is about' },
      { name: 'customerId', type: 'uuid', required: true },
      { name: 'total', type: 'money', required: false },
      { name: 'lines', type: 'OrderLine[]', required: true, description: 'What was ordered' },
      { name: 'placedAt', type: 'datetime', required: true },
      { name: 'channel', type: 'string', required: false },
    ];
  }
  if (kind === 'event' && i % 2 === 0) d.pivotal = true;
  return d;
}

/**
 * Imports a big board and returns the new board (as `POST /api/boards` answers) and its
 * sticky ids, in stacking order.
 * @param {string} baseUrl @param {BigBoardSpec} spec
 * @returns {Promise<{board: {id: string, url: string}, ids: string[], bytes: number}>}
 */
export async function importBigBoard(baseUrl, spec) {
  const { backup, ids } = bigBoardBackup(spec);
  const body = JSON.stringify(backup);
  const r = await fetch(`${baseUrl}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (r.status !== 201) throw new Error(`importing ${spec.title}: ${r.status} ${(await r.text()).slice(0, 500)}`);
  return { board: await r.json(), ids, bytes: body.length };
}
