// Given / When / Then scenarios as the details panel edits them: drafts of the scenarios a
// command or policy holds, the names of the board's events and commands a step may use, and
// whether a step names one of them. Pure: the editor (scenarioeditor.js) draws and wires these.
//
// A step names an element the way the exports resolve it (crates/spec/src/scenarios.rs): its
// display name (first non-blank line, whitespace collapsed), its code name or its qualified
// name, ignoring case. The derived code name is the name's letters and digits run together, so
// "orderPlaced" and "sales.OrderPlaced" name "Order Placed" as the exports would read them.

/** @typedef {import('./types.js').Note} Note */
/** @typedef {import('./types.js').Scenario} Scenario */

/** The most scenarios a sticky holds, and given plus then steps in one (the server's limits). */
export const MAX_SCENARIOS = 100;
export const MAX_STEPS = 100;

/**
 * A scenario while it is edited: every part present, the outcome chosen explicitly, so that
 * switching between "then events" and "rejected" keeps what was typed in the other.
 * @typedef {object} Draft
 * @property {string} name
 * @property {string[]} given
 * @property {string} when
 * @property {string[]} then
 * @property {boolean} rejects  The command is refused instead of emitting `then`.
 * @property {string} rejected
 */

/** The name a sticky goes by in documents: its first non-blank line. @param {string} text */
export function displayName(text) {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().split(/\s+/).join(' ');
}

/** Letters and digits only, lower case: how a code name compares with a name. @param {string} s */
const compact = (s) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * What scenario steps may name on a board: the display names of its events and commands (for
 * suggestions) and every spelling that resolves to one of them.
 * @typedef {object} StepNames
 * @property {string[]} events
 * @property {string[]} commands
 * @property {Set<string>} spellings  Lower-cased names and pinned code names, and compact forms.
 */

/** @param {Iterable<Note>} notes @returns {StepNames} */
export function stepNames(notes) {
  /** @type {{event: Set<string>, command: Set<string>}} */
  const byKind = { event: new Set(), command: new Set() };
  const spellings = new Set();
  for (const n of notes) {
    if (n.kind !== 'event' && n.kind !== 'command') continue;
    const name = displayName(n.text);
    if (name) {
      byKind[n.kind].add(name);
      spellings.add(name.toLowerCase());
      spellings.add(compact(name));
    }
    const pinned = n.details?.code_name?.trim();
    if (pinned) {
      spellings.add(pinned.toLowerCase());
      spellings.add(compact(pinned));
    }
  }
  spellings.delete('');
  const sorted = (/** @type {Set<string>} */ s) => [...s].sort((a, b) => a.localeCompare(b));
  return { events: sorted(byKind.event), commands: sorted(byKind.command), spellings };
}

/**
 * Whether a written step names nothing on the board (a blank step names nothing to check).
 * A qualified name ("sales.OrderPlaced") counts by its last part.
 * @param {StepNames} names @param {string} step
 */
export function namesNothing(names, step) {
  const s = step.trim();
  if (!s) return false;
  if (names.spellings.has(s.toLowerCase())) return false;
  // Code names are ASCII letters and digits; a qualified one has its context in front.
  if (!/^[A-Za-z0-9.]+$/.test(s)) return true;
  return !names.spellings.has(compact(s.slice(s.lastIndexOf('.') + 1)));
}

/**
 * Names to offer for what has been typed: names starting with it first, then names containing
 * it, never the name already typed in full.
 * @param {string[]} names @param {string} typed @param {number} [limit]
 */
export function suggestions(names, typed, limit = 6) {
  const t = typed.trim().toLowerCase();
  const others = names.filter((n) => n.toLowerCase() !== t);
  const starts = others.filter((n) => n.toLowerCase().startsWith(t));
  const contains = others.filter((n) => !n.toLowerCase().startsWith(t) && n.toLowerCase().includes(t));
  return [...starts, ...contains].slice(0, limit);
}

/**
 * What a new scenario's When is: a command's own name; for a policy, the event drawn into it
 * (the one it reacts to), if any.
 * @param {Note} owner @param {ReadonlyMap<string, Note>} notes
 * @param {Iterable<import('./types.js').Connector>} connectors
 */
export function defaultWhen(owner, notes, connectors) {
  if (owner.kind === 'command') return displayName(owner.text);
  for (const c of connectors) {
    const from = c.to === owner.id ? notes.get(c.from) : undefined;
    if (from?.kind === 'event' && displayName(from.text)) return displayName(from.text);
  }
  return '';
}

/** @param {Scenario[] | undefined} scenarios @returns {Draft[]} */
export function draftsOf(scenarios) {
  return (scenarios ?? []).map((s) => ({
    name: s.name ?? '',
    given: [...(s.given ?? [])],
    when: s.when ?? '',
    then: [...(s.then ?? [])],
    rejects: s.rejected !== undefined && s.rejected !== null,
    rejected: s.rejected ?? '',
  }));
}

/** A new scenario. @param {string} when @returns {Draft} */
export function blankDraft(when) {
  return { name: '', given: [''], when, then: [''], rejects: false, rejected: '' };
}

/**
 * The scenarios the drafts say, as details carry them, or why they cannot be sent yet. Blank
 * steps are left out; a rejecting scenario keeps no then-events, an emitting one no rejection.
 * @param {Draft[]} drafts
 * @returns {{scenarios: Scenario[], error: string | null}}
 */
export function scenariosOf(drafts) {
  /** @type {Scenario[]} */
  const scenarios = [];
  if (drafts.length > MAX_SCENARIOS) return { scenarios, error: `A sticky holds at most ${MAX_SCENARIOS} scenarios.` };
  for (const [i, d] of drafts.entries()) {
    const label = d.name.trim() ? `Scenario “${d.name.trim()}”` : `Scenario ${i + 1}`;
    if (!d.when.trim()) return { scenarios, error: `${label} needs a When: the command, or the event the policy reacts to.` };
    const given = d.given.map((s) => s.trim()).filter((s) => s);
    const then = d.rejects ? [] : d.then.map((s) => s.trim()).filter((s) => s);
    if (given.length + then.length > MAX_STEPS) return { scenarios, error: `${label} has more than ${MAX_STEPS} given and then steps.` };
    /** @type {Scenario} */
    const s = { name: d.name.trim(), when: d.when.trim() };
    if (given.length) s.given = given;
    if (then.length) s.then = then;
    if (d.rejects && d.rejected.trim()) s.rejected = d.rejected.trim();
    scenarios.push(s);
  }
  return { scenarios, error: null };
}
