import { users } from './api.js';
import { $, alertError, displayNameOf, h } from './dom.js';

const PAGE_SIZE = 50;

/**
 * The team list: search, Status filter and pages, all answered by the server one page at a
 * time (GET /api/v1/users with a cursor), so a team of 100,000 loads as fast as one of ten.
 * `actions` are the row actions: edit, deactivate, reactivate, audit (each given the user and
 * the element to return focus to).
 */
export function teamList(actions) {
  const state = { q: '', status: 'active', cursors: [undefined], page: 0, users: [], total: 0, next: null };
  const rows = $('#team-rows');
  const menu = rowMenu(actions);
  let asked = 0;
  let timer;

  async function load() {
    const ask = ++asked;
    $('#team-table').setAttribute('aria-busy', 'true');
    try {
      const page = await users.list({
        q: state.q,
        status: state.status,
        limit: PAGE_SIZE,
        cursor: state.cursors[state.page],
      });
      if (ask !== asked) return;
      state.users = page.users;
      state.total = page.total;
      state.next = page.nextCursor;
      render();
    } catch (err) {
      if (ask === asked) alertError(err.message);
    } finally {
      if (ask === asked) $('#team-table').removeAttribute('aria-busy');
    }
  }

  function render() {
    rows.replaceChildren(...state.users.map(rowOf));
    if (state.users.length === 0) {
      rows.append(h('tr', {}, h('td', { colspan: 6, class: 'empty', text: 'No team members match.' })));
    }
    const first = state.page * PAGE_SIZE + 1;
    const last = state.page * PAGE_SIZE + state.users.length;
    const what = [
      state.total.toLocaleString(),
      { active: 'active', deactivated: 'deactivated', all: '' }[state.status],
    ];
    what.push(state.total === 1 ? 'user' : 'users');
    const matching = state.q ? ` matching “${state.q}”` : '';
    $('#result-count').textContent = `${what.filter(Boolean).join(' ')}${matching}.`;
    $('#page-label').textContent =
      state.total === 0 ? '' : `Showing ${first}–${last} of ${state.total.toLocaleString()}`;
    $('#prev-page').disabled = state.page === 0;
    $('#next-page').disabled = !state.next;
  }

  function rowOf(user) {
    const name = displayNameOf(user);
    const open = h('button', {
      type: 'button',
      class: 'name-link',
      text: name,
      'aria-label': `Edit ${name}`,
      dataset: { focusKey: `edit:${user.id}` },
      onclick: (event) => actions.edit(user, event.currentTarget),
    });
    const nameCell = h(
      'td',
      {},
      h(
        'div',
        { class: 'name-line' },
        open,
        user.primaryOwner ? h('span', { class: 'badge owner', text: 'Primary owner' }) : null,
      ),
      h('div', { class: 'muted' }, user.userName),
      user.missingFields.length > 0
        ? h('span', { class: 'badge incomplete', text: 'Incomplete profile' })
        : null,
    );
    const more = h('button', {
      type: 'button',
      class: 'row-menu-button',
      'aria-label': `Actions for ${name}`,
      dataset: { focusKey: `menu:${user.id}` },
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      text: '⋯',
      onclick: (event) => {
        event.stopPropagation();
        menu.open(user, event.currentTarget);
      },
    });
    const row = h(
      'tr',
      {
        dataset: { userId: user.id, userName: user.userName },
        class: user.active ? '' : 'is-deactivated',
        onclick: (event) => {
          if (event.target.closest('button, a, input')) return;
          actions.edit(user, open);
        },
      },
      nameCell,
      h('td', { text: user.email ?? '' }),
      h('td', { text: user.title ?? '' }),
      h('td', { text: user.managerUserName ?? '' }),
      h('td', {}, statusBadge(user.active)),
      h('td', { class: 'actions-cell' }, more),
    );
    return row;
  }

  function search() {
    state.q = $('#search').value.trim();
    state.status = $('#status-filter').value;
    state.cursors = [undefined];
    state.page = 0;
    return load();
  }

  $('#filters').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  $('#search').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  $('#status-filter').addEventListener('change', () => search());
  $('#next-page').addEventListener('click', () => {
    if (!state.next) return;
    state.cursors[state.page + 1] = state.next;
    state.page += 1;
    load();
  });
  $('#prev-page').addEventListener('click', () => {
    if (state.page === 0) return;
    state.page -= 1;
    load();
  });

  return {
    search,
    reload: load,
    /** Shows a user's new state in their row (if it's on this page), and returns the row. */
    replaceUser(user) {
      const at = state.users.findIndex((u) => u.id === user.id);
      if (at < 0) return null;
      state.users[at] = user;
      const old = rows.querySelector(`tr[data-user-id="${user.id}"]`);
      const fresh = rowOf(user);
      old?.replaceWith(fresh);
      return fresh;
    },
    /** A report moved to a new manager: the Team lead cell, if the report is on this page. */
    moveReport(reportId, newManagerUserName, newManagerId) {
      const user = state.users.find((u) => u.id === reportId);
      if (user) this.replaceUser({ ...user, managerId: newManagerId, managerUserName: newManagerUserName });
    },
    rowFor(userId) {
      return rows.querySelector(`tr[data-user-id="${userId}"]`);
    },
  };
}

export function statusBadge(active) {
  return h('span', {
    class: `status-badge ${active ? 'active' : 'deactivated'}`,
    text: active ? 'Active' : 'Deactivated',
  });
}

/** The "⋯" menu of a row: a popup menu moved next to the button that opened it. */
function rowMenu(actions) {
  const menu = $('#row-menu');
  let opener = null;

  function items() {
    return [...menu.querySelectorAll('[role=menuitem]')];
  }

  function close({ refocus = true } = {}) {
    if (menu.hidden) return;
    menu.hidden = true;
    opener?.setAttribute('aria-expanded', 'false');
    if (refocus) opener?.focus();
  }

  function open(user, button) {
    close({ refocus: false });
    opener = button;
    const item = (text, run) =>
      h('button', {
        type: 'button',
        role: 'menuitem',
        tabindex: '-1',
        text,
        onclick: () => {
          close({ refocus: false });
          run(user, button);
        },
      });
    menu.replaceChildren(
      item('Edit User', actions.edit),
      user.active ? item('Deactivate User', actions.deactivate) : item('Reactivate', actions.reactivate),
      item('View audit trail', actions.audit),
    );
    menu.setAttribute('aria-label', `Actions for ${displayNameOf(user)}`);
    const box = button.getBoundingClientRect();
    menu.hidden = false;
    menu.style.top = `${window.scrollY + box.bottom + 4}px`;
    menu.style.left = `${Math.max(8, window.scrollX + box.right - menu.offsetWidth)}px`;
    button.setAttribute('aria-expanded', 'true');
    items()[0].focus();
  }

  menu.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    if (event.key === 'ArrowDown') all[(at + 1) % all.length].focus();
    else if (event.key === 'ArrowUp') all[(at - 1 + all.length) % all.length].focus();
    else if (event.key === 'Home') all[0].focus();
    else if (event.key === 'End') all[all.length - 1].focus();
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') close();
    else return;
    event.preventDefault();
  });
  document.addEventListener('click', (event) => {
    if (!menu.hidden && !menu.contains(event.target)) close({ refocus: false });
  });
  return { open, close };
}
