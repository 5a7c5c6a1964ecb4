// A tiny element builder. Text always goes in as text nodes (never markup), and there is no
// way to set a `style` attribute: the Content-Security-Policy forbids inline styles, so styles
// are classes in app.css or CSSOM properties set by code.

/**
 * @typedef {{[key: string]: string | number | boolean | null | undefined | ((e: any) => void)}} Props
 */

/**
 * Makes an element. Keys starting with `on` add listeners; `class` sets the class name;
 * `text` the text content; boolean `true` sets an empty attribute, `false`/null/undefined
 * leave it out; anything else is an attribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style') throw new Error('inline styles are not allowed (CSP)');
    if (typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'value' && 'value' in el) {
      /** @type {HTMLInputElement} */ (/** @type {unknown} */ (el)).value = String(value);
    } else if (key === 'checked' && el instanceof HTMLInputElement) {
      el.checked = value === true;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** @param {string} id @returns {HTMLElement} */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
}

/**
 * Several of the page's elements by id, each checked to be what the code expects:
 * `elements({ next: ['present-next', HTMLButtonElement] })` gives `{ next: HTMLButtonElement }`.
 * @template {Record<string, [string, {new (): HTMLElement, prototype: HTMLElement}]>} T
 * @param {T} spec
 * @returns {{[K in keyof T]: T[K][1]['prototype']}}
 */
export function elements(spec) {
  /** @type {Record<string, HTMLElement>} */
  const found = {};
  for (const [name, [id, type]] of Object.entries(spec)) {
    const el = byId(id);
    if (!(el instanceof type)) throw new Error(`#${id} is not a ${type.name}`);
    found[name] = el;
  }
  return /** @type {any} */ (found);
}
