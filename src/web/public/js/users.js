// The admin's users page: every account with filters by role, member and status; add a user,
// deactivate or reactivate one, issue a new token. Tokens are shown once.
import { api, idempotencyKey } from './api.js';
import { memberChip } from './board.js';
import { confirmDialog } from './dialog.js';
import { h, replace, responsiveTable, uid } from './dom.js';
import { memberName, t, term } from './i18n.js';
import { tokenOnce } from './token-once.js';

const PAGE_SIZE = 50;
const ROLES = ['admin', 'chair_secretariat', 'focal_point', 'observer'];
const LANGUAGE_NAMES = { en: 'English', th: 'ไทย' };

function filtersFrom(search) {
  const params = new URLSearchParams(search);
  return {
    role: params.get('role') ?? '',
    member: params.get('member') ?? '',
    active: ['true', 'false'].includes(params.get('active')) ? params.get('active') : '',
  };
}

function queryOf(filters, page) {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), page: String(page) });
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return query;
}

function urlOf(filters) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `/users?${search}` : '/users';
}

function select(id, name, label, options, value) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      options.map(([optionValue, text]) =>
        h('option', { value: optionValue, selected: optionValue === value }, text),
      ),
    ),
  );
}

function filterForm(app, filters, onChange) {
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters') },
    select(
      uid('role'),
      'role',
      t('role'),
      [['', t('allRoles')], ...ROLES.map((role) => [role, term('roles', role)])],
      filters.role,
    ),
    select(
      uid('member'),
      'member',
      t('member'),
      [
        ['', t('allMembers')],
        ...app.members.map((m) => [m.code, `${memberName(m.code)} (${m.code})`]),
      ],
      filters.member,
    ),
    select(
      uid('active'),
      'active',
      t('accountStatus'),
      [
        ['', t('allStatuses')],
        ['true', t('statusActive')],
        ['false', t('statusInactive')],
      ],
      filters.active,
    ),
  );
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () =>
    onChange({
      role: form.elements.role.value,
      member: form.elements.member.value,
      active: form.elements.active.value,
    }),
  );
  return form;
}

const memberOptions = (app) => [
  { value: '', label: t('noMember') },
  ...app.members.map((m) => ({ value: m.code, label: `${memberName(m.code)} (${m.code})` })),
];

function userFields(app) {
  return [
    { name: 'name', label: t('personName'), required: true },
    { name: 'email', label: t('email'), required: true },
    {
      name: 'role',
      label: t('role'),
      kind: 'select',
      value: 'focal_point',
      options: ROLES.map((role) => ({ value: role, label: term('roles', role) })),
    },
    {
      name: 'member',
      label: t('memberField'),
      hint: t('memberFieldHint'),
      kind: 'select',
      value: '',
      options: memberOptions(app),
    },
    {
      name: 'language',
      label: t('language'),
      kind: 'select',
      value: 'en',
      options: Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label })),
    },
  ];
}

function addUserDialog(app, show) {
  confirmDialog({
    title: t('addUser'),
    explanation: t('addUserText'),
    confirmLabel: t('addUser'),
    fields: userFields(app),
    validate: (name, values) =>
      name === 'member' &&
      ['focal_point', 'chair_secretariat'].includes(values.role) &&
      !values.member
        ? t('memberNeeded')
        : null,
    onConfirm: async (values) => {
      const created = await api('/users', {
        method: 'POST',
        headers: { 'Idempotency-Key': idempotencyKey() },
        body: {
          name: values.name,
          email: values.email,
          role: values.role,
          ...(values.member ? { member: values.member } : {}),
          language: values.language,
        },
      });
      app.announce(t('done', { action: t('addUser') }));
      await show({ ...created, name: values.name }, t('userAdded', { name: values.name }));
    },
  });
}

function toggleDialog(user, onDone) {
  const deactivating = user.active;
  confirmDialog({
    title: t(deactivating ? 'deactivateTitle' : 'reactivateTitle', { name: user.name }),
    explanation: t(deactivating ? 'deactivateText' : 'reactivateText', { name: user.name }),
    confirmLabel: t(deactivating ? 'deactivate' : 'reactivate'),
    onConfirm: async () => {
      await api(`/users/${user.id}`, { method: 'PATCH', body: { active: !deactivating } });
      await onDone(t(deactivating ? 'deactivated' : 'reactivated', { name: user.name }));
    },
  });
}

function tokenDialog(user, show) {
  confirmDialog({
    title: t('newTokenTitle', { name: user.name }),
    explanation: t('newTokenText', { name: user.name }),
    confirmLabel: t('newToken'),
    onConfirm: async () => {
      const issued = await api(`/users/${user.id}/token`, { method: 'POST' });
      await show({ ...issued, name: user.name }, null);
    },
  });
}

function row(app, user, actions) {
  const cell = (label, ...content) => h('td', { dataset: { label } }, ...content);
  const mine = user.id === app.me.id;
  return h(
    'tr',
    { dataset: { id: user.id }, class: user.active ? null : 'inactive' },
    h(
      'th',
      { scope: 'row', dataset: { label: t('personName') } },
      h('span', { class: 'user-name' }, user.name),
      mine ? h('span', { class: 'hint' }, ` ${t('you')}`) : null,
      h('span', { class: 'user-email' }, user.email),
    ),
    cell(t('role'), term('roles', user.role)),
    cell(t('member'), user.member ? memberChip(user.member) : '—'),
    cell(t('language'), LANGUAGE_NAMES[user.language] ?? user.language),
    cell(
      t('accountStatus'),
      h(
        'span',
        { class: user.active ? 'badge account-active' : 'badge account-inactive' },
        t(user.active ? 'statusActive' : 'statusInactive'),
      ),
    ),
    cell(
      t('sectionActions'),
      h(
        'div',
        { class: 'row-actions' },
        mine
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: user.active ? 'danger' : 'secondary',
                dataset: { action: user.active ? 'deactivate' : 'reactivate' },
                onclick: () => actions.toggle(user),
              },
              t(user.active ? 'deactivate' : 'reactivate'),
            ),
        user.active
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                dataset: { action: 'token' },
                onclick: () => actions.token(user),
              },
              t('newToken'),
            )
          : null,
      ),
    ),
  );
}

export async function renderUsers(app) {
  app.setTitle(t('users'));
  if (app.me.role !== 'admin') {
    replace(
      app.main,
      h('h1', { tabindex: '-1' }, t('users')),
      h('div', { class: 'error', role: 'alert' }, h('p', {}, t('errors.403'))),
    );
    return;
  }
  let filters = filtersFrom(window.location.search);
  const results = h('div', { class: 'results' });
  const notices = h('div', { class: 'notices' });

  /** A success message and/or a new token shown this once, above the refreshed list. */
  const show = async (issued, message) => {
    // The change is made; a list that fails to refresh must not hide the token.
    await load().catch(() => undefined);
    replace(
      notices,
      message ? h('p', { class: 'success', role: 'status', tabindex: '-1' }, message) : null,
      issued
        ? tokenOnce({
            lead: t('tokenFor', { name: issued.name }),
            token: issued.token,
            expiresAt: issued.expiresAt,
          })
        : null,
    );
    (notices.querySelector('.token-once') ?? notices.firstChild)?.focus();
  };
  const actions = {
    toggle: (user) => toggleDialog(user, (message) => show(null, message)),
    token: (user) => tokenDialog(user, show),
  };

  async function load() {
    let page = 1;
    const first = await api(`/users?${queryOf(filters, page)}`);
    const items = [...first.items];
    const tbody = h(
      'tbody',
      {},
      items.map((user) => row(app, user, actions)),
    );
    const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
    const more = h('button', { type: 'button', class: 'secondary' }, t('more'));
    const update = () => {
      summary.textContent = t('usersCount', { n: items.length, total: first.total });
      more.hidden = items.length >= first.total;
    };
    more.addEventListener('click', async () => {
      page += 1;
      const next = await api(`/users?${queryOf(filters, page)}`);
      items.push(...next.items);
      tbody.append(...next.items.map((user) => row(app, user, actions)));
      update();
    });
    update();
    replace(
      results,
      summary,
      items.length
        ? responsiveTable(
            'board users',
            t('users'),
            [
              t('personName'),
              t('role'),
              t('member'),
              t('language'),
              t('accountStatus'),
              t('sectionActions'),
            ],
            tbody,
          )
        : h('p', { class: 'empty' }, t('noUsers')),
      more,
    );
  }

  replace(
    app.main,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', { tabindex: '-1' }, t('users')),
        h('p', { class: 'lead' }, t('usersIntro')),
      ),
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => addUserDialog(app, show) },
        t('addUser'),
      ),
    ),
    notices,
    filterForm(app, filters, (next) => {
      filters = next;
      window.history.replaceState(null, '', urlOf(filters));
      load();
    }),
    results,
  );
  await load();
}
