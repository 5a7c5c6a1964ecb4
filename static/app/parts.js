// Reassembles the server's large messages. A message whose JSON text is over 64 KiB arrives
// as a text frame `{"type":"parts","bytes":N}` followed by binary frames whose bytes,
// concatenated, are exactly the N bytes of its UTF-8 text (docs/protocol.md, "Large
// messages"). The assembler takes every frame the socket delivers, in order, and says what
// each one amounts to: a whole message, progress through a large one, or a broken stream
// (a binary frame outside a `parts` sequence, a text frame in the middle of one, more bytes
// than announced, text that is not UTF-8). Pure: no socket, no DOM, so it runs under
// `node --test`.

/** The `parts` announcement's type. */
export const PARTS = 'parts';

/**
 * The largest message the client agrees to assemble. A board at the limits is well under
 * this; an announcement over it is a broken stream, not a reason to allocate gigabytes.
 */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/**
 * What one frame amounts to.
 * @typedef {{kind: 'message', message: {type: string} & Record<string, unknown>}
 *   | {kind: 'progress', received: number, total: number}
 *   | {kind: 'ignored'}
 *   | {kind: 'broken', reason: string}} Outcome
 */

export class Assembler {
  constructor() {
    /** The message being assembled, or null between messages. @type {Uint8Array | null} */
    this.buffer = null;
    this.received = 0;
    this.decoder = new TextDecoder('utf-8', { fatal: true });
  }

  /** Whether a large message is partly received. */
  get pending() {
    return this.buffer !== null;
  }

  /** Forgets a partial message (the socket it came on is gone). */
  reset() {
    this.buffer = null;
    this.received = 0;
  }

  /**
   * One frame, as the socket delivered it: a string for a text frame, an ArrayBuffer (or a
   * view of one) for a binary frame.
   * @param {unknown} data
   * @returns {Outcome}
   */
  receive(data) {
    if (typeof data === 'string') return this.text(data);
    const bytes = asBytes(data);
    if (!bytes) return this.broken('a frame that is neither text nor binary');
    return this.binary(bytes);
  }

  /** @param {string} text @returns {Outcome} */
  text(text) {
    if (this.buffer) return this.broken(`a text frame after ${this.received} of ${this.buffer.length} bytes of a large message`);
    const message = parseMessage(text);
    if (!message) return { kind: 'ignored' };
    if (message.type !== PARTS) return { kind: 'message', message };
    const total = message.bytes;
    if (typeof total !== 'number' || !Number.isSafeInteger(total) || total <= 0 || total > MAX_MESSAGE_BYTES) {
      return this.broken(`a parts announcement of ${JSON.stringify(total)} bytes`);
    }
    this.buffer = new Uint8Array(total);
    this.received = 0;
    return { kind: 'progress', received: 0, total };
  }

  /** @param {Uint8Array} bytes @returns {Outcome} */
  binary(bytes) {
    const buffer = this.buffer;
    if (!buffer) return this.broken('a binary frame outside a large message');
    if (this.received + bytes.length > buffer.length) {
      return this.broken(`${this.received + bytes.length} bytes of a large message announced as ${buffer.length}`);
    }
    buffer.set(bytes, this.received);
    this.received += bytes.length;
    if (this.received < buffer.length) return { kind: 'progress', received: this.received, total: buffer.length };
    this.reset();
    let text;
    try {
      text = this.decoder.decode(buffer);
    } catch {
      return this.broken('a large message that is not UTF-8');
    }
    const message = parseMessage(text);
    if (!message) return this.broken('a large message that is not a JSON message');
    if (message.type === PARTS) return this.broken('a parts announcement inside a large message');
    return { kind: 'message', message };
  }

  /** @param {string} reason @returns {Outcome} */
  broken(reason) {
    this.reset();
    return { kind: 'broken', reason };
  }
}

/** @param {unknown} data @returns {Uint8Array | null} */
function asBytes(data) {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * A JSON object with a string `type`, or null.
 * @param {string} text
 * @returns {({type: string} & Record<string, unknown>) | null}
 */
function parseMessage(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return value && typeof value === 'object' && typeof value.type === 'string' ? value : null;
}
