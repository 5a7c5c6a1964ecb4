// The share dialog: the board's edit link (unless the page was opened view-only), its
// view-only link, and the facilitator link for the facilitator, each with a copy button.

import { byId } from './dom.js';

/**
 * @param {{viewOnly: boolean, viewLink: string | undefined, facilitatorKey: string | null}} links
 *   `facilitatorKey` only when the server accepted this participant as the facilitator.
 */
export function showShareDialog({ viewOnly, viewLink, facilitatorKey }) {
  const dialog = /** @type {HTMLDialogElement} */ (byId('share-dialog'));
  const here = `${location.origin}${location.pathname}`;
  byId('share-edit').hidden = viewOnly;
  /** @type {HTMLInputElement} */ (byId('share-edit-link')).value = here;
  /** @type {HTMLInputElement} */ (byId('share-view-link')).value = viewOnly || !viewLink ? here : `${location.origin}${viewLink}`;
  byId('share-facilitator').hidden = !facilitatorKey;
  /** @type {HTMLInputElement} */ (byId('share-facilitator-link')).value = facilitatorKey ? `${here}#facilitator=${encodeURIComponent(facilitatorKey)}` : '';
  for (const button of dialog.querySelectorAll('button[data-copy]')) {
    if (!(button instanceof HTMLButtonElement)) continue;
    button.onclick = async () => {
      const input = /** @type {HTMLInputElement} */ (byId(button.dataset.copy ?? ''));
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Press Ctrl+C';
      }
    };
    button.textContent = 'Copy';
  }
  dialog.showModal();
}
