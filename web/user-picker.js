import { users } from './api.js';
import { displayNameOf, h } from './dom.js';

const SHOWN = 8;
let pickers = 0;

/**
 * A search-as-you-type choice of one active user (an ARIA combobox): typing asks the server for
 * the first few active users matching the words, never the whole team. Arrow keys move through
 * the suggestions, Enter picks one, Escape closes the list. `exclude` hides users who can't be
 * chosen (the manager being deactivated). Clearing the text chooses nobody.
 */
export function userPicker({ label, exclude = [], selected = null, describedBy } = {}) {
  pickers += 1;
  const id = `user-picker-${pickers}`;
  let chosen = selected;
  let options = [];
  let active = -1;
  let timer;
  let asked = 0;

  const input = h('input', {
    id,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': `${id}-list`,
    'aria-describedby': describedBy,
    placeholder: 'Type a name, userName or email',
  });
  const list = h('ul', {
    id: `${id}-list`,
    role: 'listbox',
    class: 'picker-list',
    'aria-label': label,
    hidden: true,
  });
  const element = h('div', { class: 'picker' }, h('label', { for: id, text: label }), input, list);
  input.value = chosen ? labelOf(chosen) : '';

  function labelOf(user) {
    const name = displayNameOf(user);
    return name === user.userName ? user.userName : `${name} (${user.userName})`;
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    const option = list.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  }

  function choose(user) {
    // A search still on its way would reopen the list over the choice.
    clearTimeout(timer);
    asked += 1;
    chosen = user;
    input.value = labelOf(user);
    close();
    input.dispatchEvent(new CustomEvent('user-picked', { bubbles: true, detail: user }));
  }

  async function search() {
    const ask = ++asked;
    const q = input.value.trim();
    let page;
    try {
      page = await users.list({ q, status: 'active', limit: SHOWN + exclude.length });
    } catch (err) {
      if (ask !== asked) return;
      list.replaceChildren(h('li', { class: 'picker-empty', text: err.message }));
      list.hidden = false;
      return;
    }
    if (ask !== asked) return; // a later keystroke has asked again
    options = page.users.filter((u) => !exclude.includes(u.id)).slice(0, SHOWN);
    list.replaceChildren(
      ...options.map((user, i) =>
        h(
          'li',
          {
            id: `${id}-option-${i}`,
            role: 'option',
            'aria-selected': 'false',
            dataset: { userId: user.id },
            onmousedown: (event) => event.preventDefault(),
            onclick: () => choose(user),
          },
          labelOf(user),
          user.email && user.email !== user.userName
            ? h('span', { class: 'muted', text: ` · ${user.email}` })
            : null,
        ),
      ),
    );
    if (options.length === 0)
      list.append(h('li', { class: 'picker-empty', text: 'No active user matches.' }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  input.addEventListener('input', () => {
    chosen = null;
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener('focus', () => {
    if (!chosen && input.value.trim() === '') search();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) search();
      else highlight(Math.min(active + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter' && !list.hidden && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });

  return {
    element,
    input,
    /** The chosen user ({id, userName, ...}), or null; typed text that picks nobody is null. */
    get value() {
      return chosen;
    },
    /** True when there is text that is not a chosen user. */
    get unresolved() {
      return chosen === null && input.value.trim() !== '';
    },
  };
}
