// A sticky's payload fields as the details panel edits them: rows of name, type, required and
// description, read back into the fields a command carries (or the reason they cannot be).

/**
 * Reads payload field rows into fields, or an error to show.
 * @param {{name: string, type: string, required: boolean, description: string}[]} rows
 * @returns {{fields: import('./types.js').PayloadField[], error: string | null}}
 */
export function fieldsFromRows(rows) {
  /** @type {import('./types.js').PayloadField[]} */
  const fields = [];
  const seen = new Set();
  for (const [i, r] of rows.entries()) {
    const name = r.name.trim();
    if (!name) {
      if (r.description.trim() || r.required) return { fields, error: `Field ${i + 1} needs a name.` };
      continue;
    }
    if (seen.has(name)) return { fields, error: `There are two fields named “${name}”.` };
    seen.add(name);
    /** @type {import('./types.js').PayloadField} */
    const f = { name, type: r.type.trim() || 'string', required: r.required };
    if (r.description.trim()) f.description = r.description;
    fields.push(f);
  }
  return { fields, error: null };
}
