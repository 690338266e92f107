// The record of adoption: printable, with a PDF and a CSV download made by the API.
import { api, download } from './api.js';
import { errorBlock } from './dialog.js';
import { h, replace } from './dom.js';
import { currentLanguage, dateTime, memberName, t, term } from './i18n.js';
import { importedBadge, isBackdated, takenAndRecorded, verifyResult } from './integrity.js';

function basis(adoption) {
  if (adoption.basis === 'meeting') {
    // A meeting of the reference data by its name in the reader's language, else the free text.
    const named = adoption.meetingRecord;
    const meeting = named ? (currentLanguage() === 'th' ? named.labelTh : named.labelEn) : null;
    return t('basisMeeting', { meeting: meeting ?? adoption.meeting ?? '' });
  }
  if (adoption.basis === 'silence') return t('basisSilence', { n: adoption.roundNumber });
  return t('basisConsensus', { n: adoption.roundNumber });
}

function recorder(member) {
  if (!member.recordedBy) return '—';
  return member.onBehalf
    ? `${member.recordedBy.name} (${t('onBehalf', { ref: member.reference ?? '—' })})`
    : member.recordedBy.name;
}

const nameOf = (m) => (currentLanguage() === 'th' ? m.nameTh : m.nameEn);

/** The chain head the record was made at, its signature, and how to check it. */
function signedHistory(record) {
  const head = record.chainHead;
  return [
    h('h2', {}, t('signedHistory')),
    h('p', {}, t('signedHistoryText')),
    h(
      'dl',
      { class: 'chain-head' },
      [
        [t('statementIdLabel'), head.statementId],
        [t('chainSeq'), String(head.seq)],
        [t('chainHash'), head.hash],
        [t('keyId'), head.keyId],
        [t('signature'), head.signature],
      ].map(([label, value]) => [
        h('dt', {}, label),
        h('dd', {}, h('code', { class: 'hash chain-value' }, value)),
      ]),
    ),
    h('p', { class: 'verify-how' }, t('verifyHow', { id: record.statementId })),
  ];
}

function eventWhat(event) {
  const bits = [term('events', event.type)];
  if (event.member) {
    bits.push(
      `${memberName(event.member)}${event.position ? `: ${term('positions', event.position)}` : ''}`,
    );
  }
  if (event.deadline) bits.push(`${t('deadline')}: ${dateTime(event.deadline)}`);
  return bits.join(' · ');
}

/** Annex C: every act with both its times; back-dated and imported acts are marked. */
function historyAnnex(record) {
  return [
    h('h2', {}, t('annexC')),
    h('p', { class: 'muted' }, t('annexCText')),
    h(
      'table',
      { class: 'record-history responsive' },
      h('caption', { class: 'visually-hidden' }, t('annexC')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['#', t('act'), t('effective'), t('recorded'), t('actor')].map((label) =>
            h('th', { scope: 'col' }, label),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        record.history.map((event) =>
          h(
            'tr',
            {
              dataset: { seq: String(event.seq) },
              class: isBackdated(event.at, event.recordedAt) ? 'backdated' : null,
            },
            h('th', { scope: 'row', dataset: { label: '#' } }, String(event.seq)),
            h(
              'td',
              { dataset: { label: t('act') } },
              eventWhat(event),
              event.imported ? [' ', importedBadge()] : null,
            ),
            h('td', { dataset: { label: t('effective') } }, dateTime(event.at)),
            h('td', { dataset: { label: t('recorded') } }, dateTime(event.recordedAt)),
            h('td', { dataset: { label: t('actor') } }, event.actor),
          ),
        ),
      ),
    ),
  ];
}

export async function renderRecord(app, id) {
  const back = h(
    'p',
    { class: 'crumbs no-print' },
    h('a', { href: `/statements/${id}` }, `← ${t('backToStatement')}`),
  );
  let record;
  try {
    record = await api(`/statements/${id}/record`);
  } catch (error) {
    if (error.status !== 409) throw error;
    app.setTitle(t('recordTitle'));
    replace(
      app.main,
      back,
      h('h1', { tabindex: '-1' }, t('recordTitle')),
      h('p', {}, t('notAdopted')),
      errorBlock(error),
    );
    return;
  }
  const { statement, adoption, text, round } = record;
  const title =
    currentLanguage() === 'th' && statement.titleTh ? statement.titleTh : statement.title;
  const other = currentLanguage() === 'th' ? statement.title : statement.titleTh;
  app.setTitle(`${t('recordTitle')}: ${title}`);
  const problems = h('div', { class: 'no-print' });
  const save = (path, name) => async () => {
    problems.replaceChildren();
    try {
      await download(path, name);
    } catch (error) {
      problems.append(errorBlock(error));
    }
  };
  const file = `record-of-adoption-${id.slice(0, 8)}`;

  const facts = [
    [t('adoptedOn'), dateTime(adoption.date)],
    ...(statement.importedAt
      ? [[t('imported'), t('importedFrom', { date: dateTime(statement.importedAt) })]]
      : []),
    [t('basis'), basis(adoption)],
    [
      t('adoptedText'),
      `${t('versionN', { n: text.version })}${text.note ? ` — ${text.note}` : ''}`,
    ],
    [t('adoptedHash'), h('code', { class: 'hash full' }, text.hash)],
  ];
  if (round) {
    facts.push([
      `${t('round')} ${round.number}`,
      t('roundLine', { opened: dateTime(round.openedAt), deadline: dateTime(round.deadline) }) +
        (round.previousDeadlines.length
          ? ` (${t('extendedFrom', { dates: round.previousDeadlines.map(dateTime).join(', ') })})`
          : ''),
    ]);
    facts.push([t('silenceRule'), t(round.silenceRule)]);
  }

  replace(
    app.main,
    h(
      'div',
      { class: 'record-toolbar no-print' },
      back,
      h(
        'div',
        { class: 'toolbar' },
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => window.print() },
          t('print'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: save(`/statements/${id}/record.pdf?lang=${currentLanguage()}`, `${file}.pdf`),
          },
          t('pdf'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: save(`/statements/${id}/record.csv`, `${file}.csv`),
          },
          t('csv'),
        ),
      ),
    ),
    problems,
    h(
      'article',
      { class: 'record card' },
      h(
        'p',
        { class: 'eyebrow' },
        `${currentLanguage() === 'th' ? statement.frameworkNameTh : statement.frameworkNameEn} (${statement.framework})`,
      ),
      h('h1', { tabindex: '-1' }, t('recordTitle')),
      h('p', { class: 'record-title' }, title),
      other ? h('p', { class: 'other-title' }, other) : null,
      // First, so that a reader sees a forged record as such before reading it.
      verifyResult(id),
      h(
        'dl',
        { class: 'facts' },
        facts.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
      ),
      h(
        'table',
        { class: 'record-members responsive' },
        h('caption', {}, t('sectionPositions')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t('member'), t('position'), t('date'), t('recordedBy')].map((label) =>
              h('th', { scope: 'col' }, label),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          record.members.map((m) =>
            h(
              'tr',
              { dataset: { member: m.member } },
              h(
                'th',
                { scope: 'row', dataset: { label: t('member') } },
                `${nameOf(m) ?? memberName(m.member)} (${m.member})`,
              ),
              h('td', { dataset: { label: t('position') } }, term('positions', m.position)),
              h('td', { dataset: { label: t('date') } }, takenAndRecorded(m.takenAt, m.recordedAt)),
              h('td', { dataset: { label: t('recordedBy') } }, recorder(m)),
            ),
          ),
        ),
      ),
      signedHistory(record),
      h('h2', {}, t('annexA')),
      record.reservations.length
        ? h(
            'ol',
            { class: 'reservations' },
            record.reservations.map((r) =>
              h(
                'li',
                {},
                h('p', { class: 'who' }, `${nameOf(r)} (${r.member}) — ${dateTime(r.takenAt)}`),
                h('p', { class: 'user-text' }, r.text),
              ),
            ),
          )
        : h('p', {}, t('noReservations')),
      h('h2', {}, t('notesVerbales')),
      record.noteVerbales?.length
        ? h(
            'ul',
            { class: 'note-verbales' },
            record.noteVerbales.map((n) =>
              h(
                'li',
                { dataset: { documentId: n.id } },
                h(
                  'p',
                  { class: 'who' },
                  `${n.member ? `${nameOf(n) ?? memberName(n.member)} (${n.member}) — ` : ''}${n.filename} — ${dateTime(n.uploadedAt)}`,
                ),
                h('code', { class: 'hash full' }, `sha256 ${n.sha256}`),
              ),
            ),
          )
        : h('p', {}, t('noNotesVerbales')),
      h('h2', { class: 'page-break' }, t('annexB')),
      h('div', { class: 'text-body user-text' }, text.body),
      historyAnnex(record),
    ),
  );
}
