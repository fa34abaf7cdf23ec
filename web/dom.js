/** Small DOM helpers: building elements without innerHTML, and the page's live regions. */

/**
 * An element with attributes (`class`, `text`, `on<event>` handlers, booleans, others as
 * attributes) and children (nodes or strings; null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** A polite status message ("Deactivated ..."); clears the alert. */
export function announce(message) {
  $('#alert').textContent = '';
  const status = $('#status');
  status.textContent = '';
  // A fresh text node after a tick, so a repeated message is announced again.
  setTimeout(() => (status.textContent = message), 30);
}

/** An error for the whole page, shown (and read out) verbatim. */
export function alertError(message) {
  $('#status').textContent = '';
  $('#alert').textContent = message;
}

export function clearMessages() {
  $('#status').textContent = '';
  $('#alert').textContent = '';
}

/** "Ada Lovelace" → "Ada Lovelace"; a user with no name shows their userName. */
export function displayNameOf(user) {
  return user.displayName || user.userName;
}
