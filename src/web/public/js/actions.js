// What the caller may do now: the chair secretariat's buttons (only the events the API allows)
// and a focal point's form to record its own member's position on the version shown.
import { api, idempotencyKey } from './api.js';
import { confirmDialog, errorBlock, formField, formValues, setFieldError } from './dialog.js';
import { h, replace } from './dom.js';
import { currentLanguage, dateTime, memberName, shortHash, t, term, zoneLabel } from './i18n.js';

/** The order buttons appear in, and which ones end the statement. */
const ORDER = [
  'EDIT_TEXT',
  'SUBMIT_TO_SOM',
  'RETURN_FOR_REVISION',
  'APPROVE_IN_PRINCIPLE',
  'OPEN_AD_REFERENDUM',
  'EXTEND_DEADLINE',
  'DEADLINE_PASSED',
  'REVISE',
  'ADOPT_AT_MEETING',
  'CLOSE_WITHOUT_ADOPTION',
  'WITHDRAW',
];
const FINAL = new Set(['ADOPT_AT_MEETING', 'CLOSE_WITHOUT_ADOPTION', 'WITHDRAW']);

/** A datetime-local value (the browser's zone) as an ISO instant with its offset. */
export function localToInstant(value) {
  const date = new Date(value);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const pad = (n) => String(n).padStart(2, '0');
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function toLocalInput(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The select's last choice: a meeting not yet in the reference data, named in free text. */
const OTHER_MEETING = 'other';

/** The framework's meetings of the reference data, most recent first; null if unavailable. */
async function meetingsOf(framework) {
  try {
    const meetings = await api(`/reference/meetings?framework=${encodeURIComponent(framework)}`);
    return meetings.sort(
      (a, b) => b.dateFrom.localeCompare(a.dateFrom) || b.dateTo.localeCompare(a.dateTo),
    );
  } catch {
    return null;
  }
}

function meetingFields(meetings) {
  // Without the reference data the chair can still name the meeting in free text.
  if (!meetings) return [{ name: 'meeting', label: t('meeting') }];
  const name = (meeting) => (currentLanguage() === 'th' ? meeting.labelTh : meeting.labelEn);
  return [
    {
      name: 'meetingId',
      label: t('meeting'),
      kind: 'select',
      value: '',
      options: [
        { value: '', label: t('meetingNone') },
        ...meetings.map((meeting) => ({ value: meeting.id, label: name(meeting) })),
        { value: OTHER_MEETING, label: t('meetingOther') },
      ],
    },
    {
      name: 'meeting',
      label: t('meetingText'),
      hint: t('meetingTextHint'),
      required: true,
      shownWhen: { field: 'meetingId', value: OTHER_MEETING },
    },
  ];
}

function fieldsFor(type, statement, body, meetings) {
  const zoneHint = t('deadlineHint', { zone: zoneLabel() });
  switch (type) {
    case 'OPEN_AD_REFERENDUM':
      return [
        {
          name: 'deadline',
          label: t('newDeadline'),
          kind: 'datetime',
          required: true,
          hint: zoneHint,
        },
        {
          name: 'silenceRule',
          label: t('silenceRule'),
          kind: 'radio',
          required: true,
          value: 'explicit',
          options: ['explicit', 'silence_is_consent'].map((rule) => ({
            value: rule,
            label: t(rule),
          })),
        },
      ];
    case 'EXTEND_DEADLINE':
      return [
        {
          name: 'deadline',
          label: t('newDeadline'),
          kind: 'datetime',
          required: true,
          hint: zoneHint,
          value: statement.round ? toLocalInput(statement.round.deadline) : '',
        },
      ];
    case 'APPROVE_IN_PRINCIPLE':
    case 'ADOPT_AT_MEETING':
      return meetingFields(meetings);
    case 'RETURN_FOR_REVISION':
      return [{ name: 'note', label: t('noteOptional'), kind: 'textarea' }];
    case 'REVISE':
      return [
        { name: 'body', label: t('revisedText'), kind: 'textarea', rows: 10, value: body },
        { name: 'note', label: t('noteOptional') },
      ];
    case 'CLOSE_WITHOUT_ADOPTION':
      return [{ name: 'reason', label: t('reasonOptional'), kind: 'textarea' }];
    case 'WITHDRAW':
      return [{ name: 'reason', label: t('reason'), kind: 'textarea', required: true }];
    case 'EDIT_TEXT':
      return [
        { name: 'body', label: t('body'), kind: 'textarea', rows: 12, required: true, value: body },
        { name: 'note', label: t('editNote'), required: true },
      ];
    default:
      return [];
  }
}

function eventBody(type, values, body) {
  const event = { type };
  if (values.deadline) event.deadline = localToInstant(values.deadline);
  if (values.silenceRule) event.silenceRule = values.silenceRule;
  // A meeting of the reference data by id, or else one typed in: never both.
  if (values.meetingId && values.meetingId !== OTHER_MEETING) event.meetingId = values.meetingId;
  else if (values.meeting) event.meeting = values.meeting;
  if (values.note) event.note = values.note;
  if (values.reason) event.reason = values.reason;
  // An unchanged text means "revise later with the editor".
  if (type === 'REVISE' && values.body && values.body !== body) event.body = values.body;
  return event;
}

/** For each open text proposal: take it, decline it (with the reason), or leave it open. */
function decisionFields(proposals) {
  return proposals.flatMap((proposal) => [
    {
      name: `decide-${proposal.id}`,
      label: t('proposals.decide', {
        member: memberName(proposal.member),
        p: proposal.paragraph,
        v: proposal.version.number,
        text: proposal.text.length > 80 ? `${proposal.text.slice(0, 80)}…` : proposal.text,
      }),
      kind: 'select',
      value: '',
      options: [
        { value: '', label: t('proposals.leaveOpen') },
        { value: 'accept', label: t('proposals.accept') },
        { value: 'reject', label: t('proposals.reject') },
      ],
    },
    {
      name: `reason-${proposal.id}`,
      label: t('proposals.rejectReason'),
      required: true,
      shownWhen: { field: `decide-${proposal.id}`, value: 'reject' },
    },
  ]);
}

/** The decisions chosen in the dialog, as PUT /text and REVISE take them. */
function decisionsOf(proposals, values) {
  const accepted = proposals.filter((p) => values[`decide-${p.id}`] === 'accept').map((p) => p.id);
  const rejected = proposals
    .filter((p) => values[`decide-${p.id}`] === 'reject')
    .map((p) => ({ id: p.id, reason: values[`reason-${p.id}`] }));
  return {
    ...(accepted.length ? { accepted } : {}),
    ...(rejected.length ? { rejected } : {}),
  };
}

/** The chair secretariat's buttons, for the events allowed now. */
export function chairActions(app, statement, body, reload, openProposals = []) {
  const types = ORDER.filter((type) => statement.allowedEvents.includes(type));
  if (!types.length) return null;
  // Loaded with the page, so that the meeting dialogs open at once with the choice ready.
  const meetings =
    types.includes('APPROVE_IN_PRINCIPLE') || types.includes('ADOPT_AT_MEETING')
      ? meetingsOf(statement.framework)
      : Promise.resolve(null);
  const send = async (type, values) => {
    const headers = {
      'Idempotency-Key': idempotencyKey(),
      'If-Match': String(statement.lockVersion),
    };
    if (type === 'EDIT_TEXT') {
      await api(`/statements/${statement.id}/text`, {
        method: 'PUT',
        headers,
        body: { body: values.body, note: values.note, ...decisionsOf(openProposals, values) },
      });
    } else {
      const event = eventBody(type, values, body);
      // Proposals are decided with a new text only.
      if (type === 'REVISE' && event.body) Object.assign(event, decisionsOf(openProposals, values));
      await api(`/statements/${statement.id}/events`, {
        method: 'POST',
        headers,
        body: event,
      });
    }
    await reload(t('done', { action: term('events', type) }));
  };
  return h(
    'section',
    { class: 'card actions', 'aria-labelledby': 'actions-title' },
    h('h2', { id: 'actions-title' }, t('sectionActions')),
    h(
      'div',
      { class: 'buttons' },
      types.map((type) =>
        h(
          'button',
          {
            type: 'button',
            class: FINAL.has(type) ? 'danger' : 'primary',
            dataset: { event: type },
            onclick: async () =>
              confirmDialog({
                title: `${term('actions', type)}?`,
                explanation: t(`explain.${type}`, { v: statement.currentVersion.number }),
                fields: [
                  ...fieldsFor(type, statement, body, await meetings),
                  ...(type === 'EDIT_TEXT' || type === 'REVISE'
                    ? decisionFields(openProposals)
                    : []),
                ],
                confirmLabel: term('actions', type),
                onConfirm: (values) => send(type, values),
              }),
          },
          `${term('actions', type)}…`,
        ),
      ),
    ),
  );
}

const NEEDS_TEXT = new Set(['endorse_with_reservation', 'object']);

function textLabel(position) {
  if (position === 'endorse_with_reservation') return t('reservationText');
  if (position === 'object') return t('objectionText');
  return t('positionText');
}

/**
 * The form to record a position on the circulated version: a focal point records its own
 * member's only; the chair secretariat records any elector's on its behalf, with a reference.
 */
export function positionForm(app, statement, history, reload) {
  const round = statement.round;
  const me = app.me;
  if (!round || !round.open) return null;
  if (me.role === 'focal_point' && me.memberCode && !round.electorate.includes(me.memberCode)) {
    return h(
      'section',
      { class: 'card position-form', 'aria-labelledby': 'position-title' },
      h('h2', { id: 'position-title' }, t('sectionPositions')),
      h('p', {}, t('notInElectorate', { member: memberName(me.memberCode) })),
    );
  }
  if (!statement.allowedEvents.includes('RECORD_POSITION')) return null;
  const onBehalf = me.role !== 'focal_point';
  const member = onBehalf ? null : me.memberCode;
  const currentOf = (code) =>
    history?.rounds
      .find((r) => r.number === round.number)
      ?.positions.find((p) => p.member === code && p.current);

  const fields = [
    ...(onBehalf
      ? [
          {
            name: 'member',
            label: t('member'),
            kind: 'select',
            required: true,
            value: round.outstanding[0] ?? '',
            options: [
              { value: '', label: '—' },
              ...round.electorate.map((code) => ({
                value: code,
                label: `${memberName(code)} (${code})`,
              })),
            ],
          },
          { name: 'reference', label: t('reference'), required: true },
        ]
      : []),
    {
      name: 'position',
      label: t('position'),
      kind: 'radio',
      required: true,
      options: ['endorse', 'endorse_with_reservation', 'object', 'clearance_pending'].map((p) => ({
        value: p,
        label: term('positions', p),
        help: t(`positionHelp.${p}`),
      })),
    },
    { name: 'text', label: t('positionText'), kind: 'textarea', rows: 4 },
  ];
  const current = member ? currentOf(member) : null;
  const problems = h('div', { class: 'form-problems' });
  const form = h(
    'form',
    { class: 'position', novalidate: true },
    // The hash of the version shown: the API refuses a position on any other text.
    h('input', { type: 'hidden', name: 'versionHash', value: round.version.hash }),
    fields.map(formField),
    problems,
    h('button', { type: 'submit', class: 'primary' }, t('recordButton')),
  );
  const textField = () => form.querySelector('[data-field="text"] label');
  form.addEventListener('change', (event) => {
    if (event.target.name === 'position') textField().textContent = textLabel(event.target.value);
  });
  const validate = (values) => {
    const problems = {
      member: onBehalf && !values.member ? t('chooseMember') : null,
      reference: onBehalf && !values.reference ? t('referenceRequired') : null,
      position: !values.position ? t('choosePosition') : null,
      text: NEEDS_TEXT.has(values.position) && !values.text ? t('textRequired') : null,
    };
    let first = null;
    for (const [name, message] of Object.entries(problems)) {
      setFieldError(form, name, message);
      if (message && !first) first = name;
    }
    return first;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problems.replaceChildren();
    const values = formValues(form, fields);
    const invalid = validate(values);
    if (invalid) {
      form
        .querySelector(
          `[data-field="${invalid}"] input, [data-field="${invalid}"] textarea, [data-field="${invalid}"] select`,
        )
        ?.focus();
      return;
    }
    const code = member ?? values.member;
    const versionHash = form.elements.versionHash.value;
    confirmDialog({
      title: t('confirmPosition', {
        position: term('positions', values.position),
        member: memberName(code),
        v: round.version.number,
      }),
      summary: h(
        'dl',
        { class: 'facts compact' },
        h('dt', {}, t('member')),
        h('dd', {}, `${memberName(code)} (${code})`),
        h('dt', {}, t('position')),
        h('dd', {}, term('positions', values.position)),
        values.text
          ? [h('dt', {}, textLabel(values.position)), h('dd', { class: 'user-text' }, values.text)]
          : null,
        onBehalf ? [h('dt', {}, t('reference')), h('dd', {}, values.reference)] : null,
        h('dt', {}, 'sha256'),
        h('dd', { class: 'hash' }, versionHash),
      ),
      confirmLabel: t('confirm'),
      onConfirm: async () => {
        await api(`/statements/${statement.id}/positions`, {
          method: 'POST',
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: {
            member: code,
            position: values.position,
            versionHash,
            ...(values.text ? { text: values.text } : {}),
            ...(onBehalf ? { reference: values.reference } : {}),
          },
        });
        await reload(t('done', { action: term('events', 'RECORD_POSITION') }));
      },
    });
  });

  return h(
    'section',
    {
      class: 'card position-form',
      'aria-labelledby': 'position-title',
      dataset: { member: member ?? '' },
    },
    h(
      'h2',
      { id: 'position-title' },
      onBehalf ? t('positionFormBehalf') : t('positionFormTitle', { member: memberName(member) }),
    ),
    h(
      'p',
      {},
      t('onVersion', {
        v: round.version.number,
        hash: shortHash(round.version.hash),
        n: round.number,
      }),
    ),
    current
      ? h(
          'p',
          { class: 'notice' },
          t('currentPositionNote', {
            position: term('positions', current.position),
            date: dateTime(current.takenAt),
          }),
        )
      : null,
    form,
  );
}

/** A refusal shown in the page itself (e.g. when loading a part fails). */
export function inlineError(container, error) {
  replace(container, errorBlock(error));
}
