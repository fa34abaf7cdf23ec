/**
 * Modal dialogs on the native <dialog> element: showModal() keeps keyboard focus inside and
 * closes on Escape. Focus moves into the dialog when it opens and goes back to whatever opened
 * it when it closes.
 */

const returnFocus = new WeakMap();

export function openDialog(dialog, { focus, opener } = {}) {
  returnFocus.set(dialog, opener ?? document.activeElement);
  if (!dialog.open) dialog.showModal();
  const target = focus ?? firstFocusable(dialog);
  target?.focus();
}

export function closeDialog(dialog) {
  if (dialog.open) dialog.close();
}

/** Wires a dialog's [data-close] buttons, and the return of focus however it closes. */
export function setUpDialog(dialog) {
  for (const button of dialog.querySelectorAll('[data-close]')) {
    button.addEventListener('click', () => closeDialog(dialog));
  }
  dialog.addEventListener('close', () => {
    const target = stillThere(returnFocus.get(dialog));
    returnFocus.delete(dialog);
    if (target) target.focus();
    else document.getElementById('main')?.focus();
  });
}

/** Focus returns here instead of the opener (the opener's row was re-rendered). */
export function setReturnFocus(dialog, element) {
  returnFocus.set(dialog, element);
}

/**
 * The opener, or the element that replaced it: a row re-rendered while its dialog was open has
 * new buttons, found by the same data-focus-key.
 */
function stillThere(opener) {
  if (!opener || typeof opener.focus !== 'function') return null;
  if (opener.isConnected) return opener;
  const key = opener.dataset?.focusKey;
  return key ? document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`) : null;
}

function firstFocusable(root) {
  return root.querySelector(
    'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea, button:not([disabled]):not([hidden])',
  );
}
