// Across statements: a framework's matrix (statements × members, sticky headers, CSV and XLSX)
// and a member's inbox (what awaits it, nearest deadline first).
import { api, download } from './api.js';
import { deadlineText, memberChip, stateBadge } from './board.js';
import { h, replace, uid } from './dom.js';
import { dateOnly, memberName, t, term, titleOf, zoneLabel } from './i18n.js';

const PAGE_SIZE = 50;
const POSITIONS = ['endorse', 'endorse_with_reservation', 'object', 'clearance_pending'];

/** What a cell says in words: the position's term, or the overview's own words. */
function cellLabel(value) {
  return POSITIONS.includes(value) ? term('positions', value) : t(`overview.cells.${value}`);
}

function matrixCell(cell) {
  const label = cellLabel(cell.value);
  const full = [
    label,
    cell.at ? dateOnly(cell.at) : null,
    cell.onCurrentVersion === false ? t('overview.olderVersion') : null,
    cell.onBehalf ? t('overview.onBehalf') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return h(
    'td',
    {
      class: `cell cell-${cell.value}${cell.outstanding ? ' awaited' : ''}`,
      dataset: { member: cell.member, value: cell.value },
      title: `${memberName(cell.member)}: ${full}`,
    },
    h('span', { class: 'cell-value' }, t(`overview.short.${cell.value}`)),
    h('span', { class: 'visually-hidden' }, full),
    cell.at
      ? h(
          'time',
          { class: 'cell-date', datetime: cell.at, 'aria-hidden': 'true' },
          dateOnly(cell.at),
        )
      : null,
  );
}

function filtersOf(search) {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page'));
  return {
    state: params.get('state') ?? '',
    open: params.get('open') === '1',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

function searchOf(filters, { api: forApi = false, paged = true } = {}) {
  const query = new URLSearchParams();
  if (filters.state) query.set('state', filters.state);
  if (filters.open) query.set('open', forApi ? 'true' : '1');
  if (paged && filters.page > 1) query.set('page', String(filters.page));
  if (paged && forApi) query.set('pageSize', String(PAGE_SIZE));
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A link that downloads through the API with the caller's credential. */
function downloadLink(path, filename, label) {
  return h(
    'a',
    {
      href: `/api/v1${path}`,
      class: 'button secondary',
      download: filename,
      onclick: async (event) => {
        event.preventDefault();
        await download(path, filename).catch(() => null);
      },
    },
    label,
  );
}

function matrixFilters(app, code, filters, states) {
  const ids = { framework: uid('framework'), state: uid('state'), open: uid('open') };
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
        app.frameworks.map((f) =>
          h('option', { value: f.code, selected: f.code === code }, f.code),
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
        states.map((s) =>
          h('option', { value: s, selected: s === filters.state }, term('states', s)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'check' },
      h('input', { id: ids.open, name: 'open', type: 'checkbox', checked: filters.open }),
      h('label', { for: ids.open }, t('overview.openOnly')),
    ),
  );
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', () => {
    const next = {
      state: form.elements.state.value,
      open: form.elements.open.checked,
      page: 1,
    };
    app.navigate(
      `/frameworks/${encodeURIComponent(form.elements.framework.value)}/matrix${searchOf(next)}`,
      { replace: true },
    );
  });
  return form;
}

function matrixTable(matrix) {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col', class: 'corner' }, t('overview.statement')),
    matrix.members.map((member) =>
      h(
        'th',
        { scope: 'col', class: 'member-col', dataset: { member: member.code } },
        memberChip(member.code),
      ),
    ),
  );
  const rows = matrix.items.map((row) =>
    h(
      'tr',
      { dataset: { id: row.id } },
      h(
        'th',
        { scope: 'row', class: 'statement-col' },
        h('a', { href: `/statements/${row.id}` }, titleOf(row)),
        h(
          'span',
          { class: 'row-meta' },
          stateBadge(row.state, row.roundState),
          h('span', { class: 'version' }, t('overview.version', { n: row.currentVersion.number })),
          row.deadline ? deadlineText(row.deadline) : null,
        ),
      ),
      row.cells.map(matrixCell),
    ),
  );
  return h(
    'div',
    {
      class: 'matrix-scroll',
      tabindex: '0',
      role: 'region',
      'aria-label': t('overview.matrixTitle', { framework: matrix.framework }),
    },
    h(
      'table',
      { class: 'matrix' },
      h(
        'caption',
        { class: 'visually-hidden' },
        t('overview.matrixTitle', { framework: matrix.framework }),
      ),
      h('thead', {}, head),
      h('tbody', {}, rows),
    ),
  );
}

function pager(code, filters, matrix) {
  const pages = Math.max(1, Math.ceil(matrix.total / matrix.pageSize));
  if (pages === 1) return null;
  const link = (page, label) =>
    h(
      'a',
      { href: `/frameworks/${encodeURIComponent(code)}/matrix${searchOf({ ...filters, page })}` },
      label,
    );
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('overview.pages') },
    filters.page > 1 ? link(filters.page - 1, t('overview.previous')) : null,
    h('span', {}, t('overview.pageOf', { page: filters.page, pages })),
    filters.page < pages ? link(filters.page + 1, t('overview.next')) : null,
  );
}

export async function renderMatrix(app, code) {
  const filters = filtersOf(window.location.search);
  const workflow = await app.lifecycle();
  const states = workflow.states.filter((s) => !s.parent).map((s) => s.path);
  const path = `/frameworks/${encodeURIComponent(code)}/matrix`;
  const matrix = await api(`${path}${searchOf(filters, { api: true })}`);
  app.setTitle(t('overview.matrixTitle', { framework: code }));
  const exportSearch = searchOf(filters, { api: true, paged: false });
  replace(
    app.main,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', { tabindex: '-1' }, t('overview.matrixTitle', { framework: code })),
        h('p', { class: 'lead' }, t('overview.matrixIntro')),
      ),
      h(
        'div',
        { class: 'downloads' },
        downloadLink(`${path}.csv${exportSearch}`, `matrix-${code}.csv`, t('overview.csv')),
        downloadLink(`${path}.xlsx${exportSearch}`, `matrix-${code}.xlsx`, t('overview.xlsx')),
      ),
    ),
    matrixFilters(app, code, filters, states),
    h('p', { class: 'hint zone' }, t('timesIn', { zone: zoneLabel() })),
    h('p', { class: 'summary' }, t('count', { n: matrix.items.length, total: matrix.total })),
    matrix.items.length ? matrixTable(matrix) : h('p', { class: 'empty' }, t('noStatements')),
    pager(code, filters, matrix),
    h(
      'p',
      { class: 'hint legend' },
      ['outstanding', 'none', 'not_in_electorate'].map((value) =>
        h('span', {}, h('b', {}, t(`overview.short.${value}`)), ' ', cellLabel(value)),
      ),
    ),
  );
}

function answerText(answer) {
  if (!answer) return t('overview.noAnswer');
  return [
    term('positions', answer.position),
    dateOnly(answer.at),
    answer.onCurrentVersion ? t('overview.thisVersion') : t('overview.olderVersion'),
  ].join(' · ');
}

export async function renderInbox(app, code) {
  const inbox = await api(`/members/${encodeURIComponent(code)}/inbox`);
  const title = t('overview.inboxTitle', { member: `${memberName(code)} (${code})` });
  app.setTitle(title);
  const id = uid('member');
  const select = h(
    'select',
    {
      id,
      onchange: (event) => app.navigate(`/members/${event.target.value}/inbox`, { replace: true }),
    },
    app.members.map((m) =>
      h(
        'option',
        { value: m.code, selected: m.code === code },
        `${m.code} — ${memberName(m.code)}`,
      ),
    ),
  );
  const cell = (label, ...content) => h('td', { dataset: { label } }, ...content);
  const rows = inbox.items.map((item) =>
    h(
      'tr',
      { dataset: { id: item.id } },
      cell(t('framework'), h('span', { class: 'framework' }, item.framework)),
      h(
        'th',
        { scope: 'row', class: 'title-cell', dataset: { label: t('title') } },
        h('a', { href: `/statements/${item.id}` }, titleOf(item)),
      ),
      cell(t('state'), stateBadge(item.state, item.roundState)),
      cell(t('deadline'), item.deadline ? deadlineText(item.deadline) : '—'),
      cell(
        t('overview.awaiting'),
        h(
          'span',
          { class: 'chips' },
          item.awaiting.map((reason) =>
            h(
              'span',
              { class: `badge awaiting-${reason}`, dataset: { reason } },
              t(`overview.reasons.${reason}`),
            ),
          ),
        ),
      ),
      cell(t('overview.lastAnswer'), answerText(item.lastAnswer)),
    ),
  );
  const headings = [
    t('framework'),
    t('title'),
    t('state'),
    t('deadline'),
    t('overview.awaiting'),
    t('overview.lastAnswer'),
  ];
  replace(
    app.main,
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', { tabindex: '-1' }, title),
        h('p', { class: 'lead' }, t('overview.inboxIntro')),
      ),
    ),
    h(
      'form',
      { class: 'filters', onsubmit: (event) => event.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: id }, t('overview.member')), select),
    ),
    h('p', { class: 'hint zone' }, t('timesIn', { zone: zoneLabel() })),
    rows.length
      ? h(
          'table',
          { class: 'board inbox responsive' },
          h('caption', { class: 'visually-hidden' }, title),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              headings.map((label) => h('th', { scope: 'col' }, label)),
            ),
          ),
          h('tbody', {}, rows),
        )
      : h('p', { class: 'empty' }, t('overview.inboxEmpty')),
  );
}
