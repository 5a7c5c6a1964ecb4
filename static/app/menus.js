// Drop-down menus of the top bar (Timer, Follow, Export, More): a button with
// aria-haspopup/aria-expanded opens a role=menu list. Arrow keys, Home and End move between
// its items, Esc closes it and gives the focus back to its button, a click outside or on an
// item closes it. The items are the bar's own buttons and links, moved into the list, so the
// modules that own them keep wiring them by id.

/** @typedef {{open: () => void, close: () => void, button: HTMLButtonElement, menu: HTMLElement}} Menu */

/** Items that can take the focus now (not hidden, not disabled). @param {HTMLElement} menu */
function items(menu) {
  return /** @type {HTMLElement[]} */ ([...menu.querySelectorAll('[role^="menuitem"]')]).filter(
    (el) => !el.closest('[hidden]') && getComputedStyle(el).display !== 'none' && !(/** @type {HTMLButtonElement} */ (el).disabled),
  );
}

/**
 * Wires a menu button to its list.
 * @param {HTMLButtonElement} button @param {HTMLElement} menu
 * @param {{onOpen?: () => void}} [opts] onOpen fills or refreshes the items before they show.
 * @returns {Menu}
 */
export function wireMenu(button, menu, opts = {}) {
  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', menu.id);
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  const open = () => {
    opts.onOpen?.();
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    // Fixed to the screen under its button, so a bar that scrolls on a phone does not clip it.
    const r = button.getBoundingClientRect();
    menu.style.top = `${Math.round(r.bottom + 4)}px`;
    menu.style.left = `${Math.round(Math.max(8, Math.min(r.left, window.innerWidth - menu.offsetWidth - 8)))}px`;
    items(menu)[0]?.focus();
  };
  const close = () => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    // The arrows open the menu; they must not pan the wall as well.
    e.preventDefault();
    e.stopPropagation();
    if (menu.hidden) open();
    const all = items(menu);
    all[e.key === 'ArrowDown' ? 0 : all.length - 1]?.focus();
  });
  menu.addEventListener('keydown', (e) => {
    // The wall's shortcuts must not see keys typed in a menu.
    e.stopPropagation();
    const all = items(menu);
    const i = all.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    /** @type {Record<string, number>} */
    const moves = { ArrowDown: i + 1, ArrowUp: i - 1 + all.length, Home: 0, End: all.length - 1 };
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      button.focus();
    } else if (e.key in moves) {
      e.preventDefault();
      all[moves[e.key] % all.length]?.focus();
    } else if (e.key === 'Tab') close();
  });
  // An activated item has done its job; a toggle's new state shows on the bar or the wall.
  menu.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[role^="menuitem"]')) {
      close();
      button.focus();
    }
  });
  document.addEventListener('pointerdown', (e) => {
    if (!menu.hidden && e.target instanceof Node && !menu.contains(e.target) && !button.contains(e.target)) close();
  });
  return { open, close, button, menu };
}

/**
 * Shows or hides a menu's button (a participant sees no Timer menu until there is a timer).
 * @param {Menu} m @param {boolean} shown
 */
export function showMenu(m, shown) {
  if (m.button.hidden === shown) m.button.hidden = !shown;
  if (!shown) m.close();
}

/** Mirrors a toggle's aria-pressed as aria-checked, which is what a menuitemcheckbox announces. @param {HTMLElement} item */
export function checkboxItem(item) {
  item.setAttribute('role', 'menuitemcheckbox');
  const sync = () => item.setAttribute('aria-checked', item.getAttribute('aria-pressed') === 'true' ? 'true' : 'false');
  sync();
  new MutationObserver(sync).observe(item, { attributes: true, attributeFilter: ['aria-pressed'] });
}
