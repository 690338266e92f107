// The board: every statement with framework, title, state, progress, deadline and who is
// outstanding; filtered by framework, state, "awaiting my member" and overdue.
import { api, idempotencyKey } from './api.js';
import { confirmDialog } from './dialog.js';
import { h, replace, responsiveTable, uid } from './dom.js';
import {
  dateOnly,
  dateTime,
  memberName,
  otherTitleOf,
  t,
  term,
  timeLeft,
  titleOf,
  zoneLabel,
} from './i18n.js';

const PAGE_SIZE = 100;

/** A progress bar of endorsements over the electorate, e.g. 9/11. */
export function progressBar(endorsed, electorate) {
  const label = t('endorsedOf', { n: endorsed, total: electorate });
  const bar = h('span', { class: 'bar' });
  bar.style.width = `${electorate ? Math.round((100 * endorsed) / electorate) : 0}%`;
  return h(
    'span',
    { class: 'progress-wrap' },
    h(
      'span',
      {
        class: 'progress',
        role: 'progressbar',
        'aria-valuemin': '0',
        'aria-valuemax': String(electorate),
        'aria-valuenow': String(endorsed),
        'aria-label': label,
      },
      bar,
    ),
    h('span', { class: 'progress-text', 'aria-hidden': 'true' }, `${endorsed}/${electorate}`),
  );
}

/** A member as a code chip with its name on hover and for screen readers. */
export function memberChip(code, mine = false) {
  return h(
    'abbr',
    { class: mine ? 'chip mine' : 'chip', title: memberName(code), 'aria-label': memberName(code) },
    code,
  );
}

export function stateBadge(state, roundState) {
  return h(
    'span',
    { class: 'state-cell' },
    h('span', { class: `badge state-${state}` }, term('states', state)),
    roundState ? h('span', { class: 'substate' }, term('states', roundState)) : null,
  );
}

/** A deadline in the reader's zone with the time left or how long it is overdue. */
export function deadlineText(iso) {
  const left = timeLeft(iso);
  return h(
    'span',
    { class: 'deadline' },
    h('time', { datetime: iso }, dateTime(iso)),
    h('span', { class: left.overdue ? 'time-left overdue' : 'time-left' }, left.text),
  );
}

function launchableFrameworks(app) {
  const { role, memberCode } = app.me;
  if (role === 'admin') return app.frameworks;
  if (role !== 'chair_secretariat') return [];
  return app.frameworks.filter((f) => f.chair?.member === memberCode);
}

function launchDialog(app, frameworks) {
  confirmDialog({
    title: t('newStatement'),
    explanation: t('newStatementText'),
    confirmLabel: t('launch'),
    fields: [
      {
        name: 'framework',
        label: t('framework'),
        kind: 'select',
        required: true,
        value: frameworks[0].code,
        options: frameworks.map((f) => ({ value: f.code, label: `${f.code} — ${f.nameEn}` })),
      },
      { name: 'title', label: t('titleEn'), required: true },
      { name: 'titleTh', label: t('titleTh') },
      { name: 'body', label: t('body'), kind: 'textarea', rows: 10, required: true },
    ],
    onConfirm: async (values) => {
      const created = await api('/statements', {
        method: 'POST',
        headers: { 'Idempotency-Key': idempotencyKey() },
        body: {
          framework: values.framework,
          title: values.title,
          ...(values.titleTh ? { titleTh: values.titleTh } : {}),
          body: values.body,
        },
      });
      app.announce(t('done', { action: t('newStatement') }));
      window.setTimeout(() => app.navigate(`/statements/${created.id}`), 0);
    },
  });
}

function filtersFrom(search) {
  const params = new URLSearchParams(search);
  return {
    framework: params.get('framework') ?? '',
    state: params.get('state') ?? '',
    mine: params.get('mine') === '1',
    overdue: params.get('overdue') === '1',
  };
}

function queryOf(filters, me, page) {
  const query = new URLSearchParams({ pageSize: String(PAGE_SIZE), page: String(page) });
  if (filters.framework) query.set('framework', filters.framework);
  if (filters.state) query.set('state', filters.state);
  if (filters.mine && me.memberCode) query.set('pendingFor', me.memberCode);
  if (filters.overdue) query.set('overdue', 'true');
  return query;
}

function urlOf(filters) {
  const params = new URLSearchParams();
  if (filters.framework) params.set('framework', filters.framework);
  if (filters.state) params.set('state', filters.state);
  if (filters.mine) params.set('mine', '1');
  if (filters.overdue) params.set('overdue', '1');
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

function filterForm(app, filters, states, onChange) {
  const ids = {
    framework: uid('framework'),
    state: uid('state'),
    mine: uid('mine'),
    overdue: uid('overdue'),
  };
  const me = app.me;
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters') },
    h(
      'div',
      { class: 'field' },
      h('label', { for: ids.framework }, t('framework')),
      h(
        'select',
        { id: ids.framework, name: 'framework' },
        h('option', { value: '' }, t('allFrameworks')),
        app.frameworks.map((f) =>
          h('option', { value: f.code, selected: f.code === filters.framework }, f.code),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: ids.state }, t('state')),
      h(
        'select',
        { id: ids.state, name: 'state' },
        h('option', { value: '' }, t('allStates')),
        states.map((state) =>
          h('option', { value: state, selected: state === filters.state }, term('states', state)),
        ),
      ),
    ),
    me.memberCode
      ? h(
          'div',
          { class: 'check' },
          h('input', { id: ids.mine, name: 'mine', type: 'checkbox', checked: filters.mine }),
          h('label', { for: ids.mine }, t('awaitingMine', { member: memberName(me.memberCode) })),
        )
      : null,
    h(
      'div',
      { class: 'check' },
      h('input', { id: ids.overdue, name: 'overdue', type: 'checkbox', checked: filters.overdue }),
      h('label', { for: ids.overdue }, t('overdue')),
    ),
  );
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => {
    onChange({
      framework: form.elements.framework.value,
      state: form.elements.state.value,
      mine: form.elements.mine?.checked ?? false,
      overdue: form.elements.overdue.checked,
    });
  });
  return form;
}

function row(statement, me) {
  const cell = (label, ...content) => h('td', { dataset: { label } }, ...content);
  const other = otherTitleOf(statement);
  return h(
    'tr',
    { dataset: { id: statement.id } },
    cell(t('framework'), h('span', { class: 'framework' }, statement.framework)),
    h(
      'th',
      { scope: 'row', dataset: { label: t('title') }, class: 'title-cell' },
      h('a', { href: `/statements/${statement.id}` }, titleOf(statement)),
      other ? h('span', { class: 'other-title' }, other) : null,
    ),
    cell(
      t('state'),
      stateBadge(statement.state, statement.roundState),
      // A procedure version this build cannot load: the row says so; its page explains.
      statement.machineVersionLoadable === false
        ? h(
            'span',
            { class: 'version-unavailable' },
            t('versionUnavailable', { version: statement.machineVersion }),
          )
        : null,
    ),
    cell(
      t('progress'),
      statement.progress
        ? progressBar(statement.progress.endorsed, statement.progress.electorate)
        : '—',
    ),
    cell(
      t('deadline'),
      statement.deadline
        ? deadlineText(statement.deadline)
        : statement.adoptionDate
          ? h(
              'span',
              { class: 'adopted-on' },
              `${t('adoptedOn')} ${dateOnly(statement.adoptionDate)}`,
            )
          : '—',
    ),
    cell(
      t('outstanding'),
      statement.outstanding.length
        ? h(
            'span',
            { class: 'chips' },
            statement.outstanding.map((code) => memberChip(code, code === me.memberCode)),
          )
        : statement.progress
          ? t('none')
          : '—',
    ),
  );
}

export async function renderBoard(app) {
  app.setTitle(t('board'));
  let filters = filtersFrom(window.location.search);
  const workflow = await app.lifecycle();
  const states = workflow.states.filter((s) => !s.parent).map((s) => s.path);
  const results = h('div', { class: 'results' });
  const frameworks = launchableFrameworks(app);

  async function load() {
    let page = 1;
    const first = await api(`/statements?${queryOf(filters, app.me, page)}`);
    const items = [...first.items];
    const tbody = h(
      'tbody',
      {},
      items.map((s) => row(s, app.me)),
    );
    const summary = h('p', { class: 'summary', 'aria-live': 'polite' });
    const more = h('button', { type: 'button', class: 'secondary' }, t('more'));
    const update = () => {
      summary.textContent = t('count', { n: items.length, total: first.total });
      more.hidden = items.length >= first.total;
    };
    more.addEventListener('click', async () => {
      page += 1;
      const next = await api(`/statements?${queryOf(filters, app.me, page)}`);
      items.push(...next.items);
      tbody.append(...next.items.map((s) => row(s, app.me)));
      update();
    });
    update();
    replace(
      results,
      summary,
      items.length
        ? responsiveTable(
            'board',
            t('board'),
            [
              t('framework'),
              t('title'),
              t('state'),
              t('progress'),
              t('deadline'),
              t('outstanding'),
            ],
            tbody,
          )
        : h('p', { class: 'empty' }, t('noStatements')),
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
        h('h1', { tabindex: '-1' }, t('board')),
        h('p', { class: 'lead' }, t('boardIntro')),
      ),
      frameworks.length
        ? h(
            'button',
            { type: 'button', class: 'primary', onclick: () => launchDialog(app, frameworks) },
            t('newStatement'),
          )
        : null,
    ),
    filterForm(app, filters, states, (next) => {
      filters = next;
      window.history.replaceState(null, '', urlOf(filters));
      load();
    }),
    h('p', { class: 'hint zone' }, t('timesIn', { zone: zoneLabel() })),
    results,
  );
  await load();
}
