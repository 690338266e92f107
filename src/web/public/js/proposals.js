// Text proposals on the statement page: the consolidated view (each paragraph of the current
// text with every proposal on it and its word-level differences), a focal point's form to
// propose on a paragraph (the secretariat's, on a member's behalf), and withdrawing one's own.
import { api, idempotencyKey } from './api.js';
import { errorBlock, formField, formValues, setFieldError } from './dialog.js';
import { h, replace, srOnly } from './dom.js';
import { dateTime, memberName, t, term } from './i18n.js';

/** Where proposals are taken: while the text can be edited, or a round is open. */
const TAKES_PROPOSALS = new Set(['drafting', 'approved_in_principle', 'ad_referendum']);

/** The word-level changes from the paragraph to the proposed text, as <ins>/<del>. */
function wordDiff(changes) {
  return h(
    'p',
    { class: 'diff text-body proposal-diff' },
    changes.map((change) =>
      change.type === 'added'
        ? h('ins', {}, srOnly(`[${t('added')}] `), change.value)
        : change.type === 'removed'
          ? h('del', {}, srOnly(`[${t('removed')}] `), change.value)
          : h('span', {}, change.value),
    ),
  );
}

function fate(proposal) {
  const label = t(`proposals.states.${proposal.state}`, { n: proposal.decidedInVersion ?? '' });
  return h(
    'span',
    { class: `badge proposal-state state-${proposal.state}`, dataset: { state: proposal.state } },
    label,
  );
}

function proposalItem(app, statementId, proposal, reload) {
  const by = proposal.proposedBy;
  const own =
    by?.id === app.me?.id ||
    (app.me?.role === 'focal_point' && app.me.memberCode === proposal.member);
  const problems = h('div', { class: 'form-problems' });
  const withdraw =
    proposal.state === 'open' && own
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary withdraw-proposal',
            onclick: async () => {
              try {
                await api(`/statements/${statementId}/proposals/${proposal.id}/withdraw`, {
                  method: 'POST',
                  body: {},
                  headers: { 'Idempotency-Key': idempotencyKey() },
                });
                await reload(t('proposals.withdrawn'));
              } catch (error) {
                replace(problems, errorBlock(error));
              }
            },
          },
          t('proposals.withdraw'),
        )
      : null;
  return h(
    'li',
    { class: 'proposal', dataset: { proposal: proposal.id, state: proposal.state } },
    h(
      'p',
      { class: 'proposal-head' },
      h('strong', {}, `${memberName(proposal.member)} (${proposal.member})`),
      ' ',
      fate(proposal),
    ),
    h(
      'p',
      { class: 'proposal-meta' },
      t('proposals.madeOn', { v: proposal.version.number, p: proposal.paragraph }),
      ' · ',
      by
        ? t(proposal.onBehalf ? 'proposals.byOnBehalf' : 'proposals.by', {
            name: by.name,
            role: term('roles', by.role),
          })
        : '',
      ' · ',
      dateTime(proposal.createdAt),
    ),
    proposal.state === 'rejected' && proposal.reason
      ? h('p', { class: 'proposal-reason' }, t('proposals.reason', { reason: proposal.reason }))
      : null,
    h('p', { class: 'legend' }, h('ins', {}, t('added')), ' ', h('del', {}, t('removed'))),
    wordDiff(proposal.diff),
    proposal.rationale
      ? h(
          'p',
          { class: 'proposal-rationale user-text' },
          t('proposals.rationaleIs', { text: proposal.rationale }),
        )
      : null,
    withdraw,
    problems,
  );
}

function proposalForm(app, statement, view, reload) {
  const me = app.me;
  if (!me || !TAKES_PROPOSALS.has(statement.state)) return null;
  const round = statement.round?.open ? statement.round : null;
  const onBehalf = me.role === 'chair_secretariat' || me.role === 'admin';
  if (!onBehalf && me.role !== 'focal_point') return null;
  if (!onBehalf && round && !round.electorate.includes(me.memberCode)) return null;
  const electors = round
    ? round.electorate
    : app.members
        .filter((m) =>
          m.frameworks.some((f) => f.framework === statement.framework && f.status === 'member'),
        )
        .map((m) => m.code);
  const fields = [
    ...(onBehalf
      ? [
          {
            name: 'member',
            label: t('member'),
            kind: 'select',
            required: true,
            options: [
              { value: '', label: '—' },
              ...electors.map((code) => ({ value: code, label: `${memberName(code)} (${code})` })),
            ],
          },
        ]
      : []),
    {
      name: 'paragraph',
      label: t('proposals.paragraph'),
      kind: 'select',
      required: true,
      options: view.paragraphs.map((p) => ({
        value: String(p.number),
        label: `${t('proposals.paragraphN', { n: p.number })}: ${p.text.slice(0, 60)}${p.text.length > 60 ? '…' : ''}`,
      })),
    },
    { name: 'text', label: t('proposals.text'), kind: 'textarea', rows: 4, required: true },
    { name: 'rationale', label: t('proposals.rationale'), kind: 'textarea', rows: 2 },
  ];
  const problems = h('div', { class: 'form-problems' });
  const form = h(
    'form',
    { class: 'proposal-form', novalidate: true },
    h('h3', {}, t('proposals.formTitle', { v: view.version.number })),
    h('p', { class: 'hint' }, t('proposals.formHint')),
    fields.map(formField),
    problems,
    h('button', { type: 'submit', class: 'primary' }, t('proposals.submit')),
  );
  // The paragraph's current text, to start from.
  const fill = () => {
    const chosen = view.paragraphs.find((p) => String(p.number) === form.elements.paragraph.value);
    if (chosen && !form.elements.text.value.trim()) form.elements.text.value = chosen.text;
  };
  form.elements.paragraph.addEventListener('change', () => {
    form.elements.text.value = '';
    fill();
  });
  fill();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const values = formValues(form, fields);
    const missing = {
      member: onBehalf && !values.member ? t('chooseMember') : null,
      text: !values.text ? t('proposals.textRequired') : null,
    };
    for (const [name, message] of Object.entries(missing)) setFieldError(form, name, message);
    if (missing.member || missing.text) return;
    try {
      await api(`/statements/${statement.id}/proposals`, {
        method: 'POST',
        body: {
          paragraph: Number(values.paragraph),
          text: values.text,
          ...(values.rationale ? { rationale: values.rationale } : {}),
          ...(onBehalf ? { member: values.member } : {}),
        },
        headers: { 'Idempotency-Key': idempotencyKey() },
      });
      await reload(t('proposals.made'));
    } catch (error) {
      replace(problems, errorBlock(error));
    }
  });
  return form;
}

/** The consolidated view, and the form when the reader may propose. */
export function proposalsSection(app, statement, view, reload) {
  const count = view.paragraphs.reduce((n, p) => n + p.proposals.length, 0) + view.unplaced.length;
  const item = (proposal) => proposalItem(app, statement.id, proposal, reload);
  return [
    h('p', { class: 'hint' }, t('proposals.intro')),
    count === 0 ? h('p', { class: 'no-proposals' }, t('proposals.none')) : null,
    h(
      'ol',
      { class: 'consolidated' },
      view.paragraphs.map((paragraph) =>
        h(
          'li',
          { class: 'paragraph', dataset: { paragraph: String(paragraph.number) } },
          h('h3', {}, t('proposals.paragraphN', { n: paragraph.number })),
          h('blockquote', { class: 'text-body user-text' }, paragraph.text),
          paragraph.proposals.length
            ? h('ul', { class: 'proposals' }, paragraph.proposals.map(item))
            : null,
        ),
      ),
    ),
    view.unplaced.length
      ? h(
          'div',
          { class: 'unplaced' },
          h('h3', {}, t('proposals.unplaced')),
          h('ul', { class: 'proposals' }, view.unplaced.map(item)),
        )
      : null,
    proposalForm(app, statement, view, reload),
  ];
}
