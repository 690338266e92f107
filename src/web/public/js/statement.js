// A statement: current text, versions and diffs, the round's matrix of positions, the
// timeline from the audit history, the lifecycle, and what the caller may do now.
import { chairActions, inlineError, positionForm } from './actions.js';
import { api, download, idempotencyKey } from './api.js';
import { deadlineText, memberChip, progressBar, stateBadge } from './board.js';
import { showDiff } from './diff.js';
import { h, replace, uid } from './dom.js';
import {
  importedBadge,
  isBackdated,
  takenAndRecorded,
  verifyResult,
  whenAndWho,
} from './integrity.js';
import { lifecycleDiagram } from './lifecycle.js';
import { proposalsSection } from './proposals.js';
import {
  currentLanguage,
  dateTime,
  memberName,
  otherTitleOf,
  shortHash,
  t,
  term,
  titleOf,
} from './i18n.js';

/** A meeting of the reference data by its name in the reader's language. */
const meetingName = (meeting) => (currentLanguage() === 'th' ? meeting.labelTh : meeting.labelEn);

function section(id, title, ...content) {
  return h(
    'section',
    { class: 'card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    ...content,
  );
}

function facts(statement) {
  const round = statement.round;
  const rows = [
    [
      t('currentVersion'),
      h(
        'span',
        {},
        t('versionN', { n: statement.currentVersion.number }),
        ' · ',
        h(
          'code',
          { class: 'hash', title: statement.currentVersion.hash },
          shortHash(statement.currentVersion.hash),
        ),
      ),
    ],
  ];
  if (round) {
    rows.push([
      t('round'),
      `${t('roundN', { n: round.number })} · ${t('versionN', { n: round.version.number })}${round.open ? '' : ` · ${term('states', round.outcome ?? '')}`}`,
    ]);
    if (round.open) {
      rows.push([t('deadline'), deadlineText(round.deadline)]);
      rows.push([t('silenceRule'), t(round.silenceRule)]);
      rows.push([t('progress'), progressBar(round.tally.endorsed, round.electorate.length)]);
      rows.push([
        t('outstanding'),
        round.outstanding.length
          ? h(
              'span',
              { class: 'chips' },
              round.outstanding.map((code) => memberChip(code)),
            )
          : t('none'),
      ]);
    }
    // Pending domestic clearance is not consent: named, so that the chair can follow it up.
    if (round.open && round.pendingClearance?.length) {
      rows.push([
        term('positions', 'clearance_pending'),
        h(
          'span',
          { class: 'chips' },
          round.pendingClearance.map((code) => memberChip(code)),
        ),
      ]);
    }
  }
  if (statement.importedAt) {
    rows.push([t('imported'), t('importedFrom', { date: dateTime(statement.importedAt) })]);
  }
  if (statement.adoption) {
    rows.push([
      t('adoptedOn'),
      h(
        'span',
        {},
        dateTime(statement.adoption.date),
        ' · ',
        statement.adoptionMeeting || statement.adoption.meeting
          ? [
              statement.adoptionMeeting
                ? meetingName(statement.adoptionMeeting)
                : statement.adoption.meeting,
              ' · ',
            ]
          : null,
        h(
          'a',
          { href: `/statements/${statement.id}/record`, class: 'record-link' },
          t('recordLink'),
        ),
      ),
    ]);
  }
  return h(
    'dl',
    { class: 'facts' },
    rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

function changes(statement, versions, history, me) {
  const container = h('div', { class: 'diff-result', 'aria-live': 'polite' });
  const table = h(
    'table',
    { class: 'versions responsive' },
    h('caption', { class: 'visually-hidden' }, t('sectionChanges')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('version'), t('date'), t('note'), 'sha256'].map((label) =>
          h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      versions.map((v) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', dataset: { label: t('version') } }, String(v.number)),
          h('td', { dataset: { label: t('date') } }, dateTime(v.createdAt)),
          h('td', { dataset: { label: t('note') }, class: 'user-text' }, v.note ?? ''),
          h(
            'td',
            { dataset: { label: 'sha256' } },
            h('code', { class: 'hash', title: v.hash }, shortHash(v.hash)),
          ),
        ),
      ),
    ),
  );
  const parts = [table];

  // A focal point sees first what changed since its member last gave a position.
  if (me.memberCode && me.role === 'focal_point') {
    const mine = history.rounds
      .flatMap((round) =>
        round.positions
          .filter((p) => p.member === me.memberCode)
          .map((p) => ({ ...p, versionNumber: round.versionNumber })),
      )
      .sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt))
      .pop();
    const member = memberName(me.memberCode);
    const since = h('div', { class: 'since-mine' });
    if (!mine) since.append(h('p', {}, t('noEarlierPosition', { member })));
    else if (mine.versionNumber === statement.currentVersion.number)
      since.append(h('p', {}, t('sameVersion', { member })));
    else {
      since.append(
        h(
          'h3',
          {},
          t('sinceMine', { member, a: mine.versionNumber, b: statement.currentVersion.number }),
        ),
      );
      const target = h('div', {}, t('loading'));
      since.append(target);
      showDiff(target, statement.id, mine.versionNumber, statement.currentVersion.number).catch(
        (error) => inlineError(target, error),
      );
    }
    parts.push(since);
  }

  if (versions.length < 2) {
    parts.push(h('p', {}, t('onlyOneVersion')));
    return parts;
  }
  const fromId = uid('from');
  const toId = uid('to');
  const options = (selected) =>
    versions.map((v) =>
      h(
        'option',
        { value: String(v.number), selected: v.number === selected },
        t('versionN', { n: v.number }),
      ),
    );
  const form = h(
    'form',
    { class: 'compare' },
    h('h3', {}, t('compare')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: fromId }, t('from')),
      h('select', { id: fromId, name: 'from' }, options(versions.length - 1)),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: toId }, t('to')),
      h('select', { id: toId, name: 'to' }, options(versions.length)),
    ),
    h('button', { type: 'submit', class: 'secondary' }, t('showChanges')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await showDiff(container, statement.id, form.elements.from.value, form.elements.to.value);
    } catch (error) {
      inlineError(container, error);
    }
  });
  parts.push(form, container);
  return parts;
}

function recorder(entry) {
  if (!entry.recordedBy) return '—';
  return h(
    'span',
    {},
    entry.recordedBy.name,
    entry.onBehalf
      ? h('span', { class: 'on-behalf' }, ` (${t('onBehalf', { ref: entry.reference ?? '—' })})`)
      : null,
  );
}

function positionLabel(position) {
  return h('span', { class: `position pos-${position}` }, term('positions', position));
}

function matrix(round, entries) {
  const byMember = (code) => entries.filter((e) => e.member === code);
  return h(
    'table',
    { class: 'matrix responsive' },
    h(
      'caption',
      {},
      t('matrixCaption', { n: round.number, v: round.versionNumber ?? round.version?.number }),
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('member'), t('position'), t('date'), t('recordedBy'), t('reservationOrReasons')].map(
          (label) => h('th', { scope: 'col' }, label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      round.electorate.map((code) => {
        const all = byMember(code);
        const current = all.find((e) => e.current);
        const earlier = all.filter((e) => !e.current);
        return h(
          'tr',
          { dataset: { member: code } },
          h(
            'th',
            { scope: 'row', dataset: { label: t('member') } },
            `${memberName(code)} (${code})`,
          ),
          h(
            'td',
            { dataset: { label: t('position') } },
            current
              ? positionLabel(current.position)
              : h('span', { class: 'position pos-none' }, t('noPosition')),
            earlier.length
              ? h(
                  'details',
                  { class: 'earlier' },
                  h('summary', {}, `${t('earlier')} (${earlier.length})`),
                  h(
                    'ul',
                    {},
                    earlier.map((e) =>
                      h(
                        'li',
                        {},
                        h('span', { class: 'superseded' }, t('superseded')),
                        ': ',
                        term('positions', e.position),
                        `, ${dateTime(e.takenAt)}, `,
                        recorder(e),
                        e.text ? h('span', { class: 'user-text' }, ` — ${e.text}`) : null,
                      ),
                    ),
                  ),
                )
              : null,
          ),
          h(
            'td',
            { dataset: { label: t('date') } },
            current ? takenAndRecorded(current.takenAt, current.recordedAt) : '—',
          ),
          h('td', { dataset: { label: t('recordedBy') } }, current ? recorder(current) : '—'),
          h(
            'td',
            { dataset: { label: t('reservationOrReasons') }, class: 'user-text' },
            current?.text ?? '',
          ),
        );
      }),
    ),
  );
}

function positions(statement, history) {
  if (!history.rounds.length) return [h('p', {}, t('noRound'))];
  const rounds = [...history.rounds].sort((a, b) => b.number - a.number);
  const [latest, ...earlier] = rounds;
  return [
    matrix(latest, latest.positions),
    earlier.length
      ? h(
          'details',
          { class: 'earlier-rounds' },
          h('summary', {}, `${t('earlierRounds')} (${earlier.length})`),
          earlier.map((round) => matrix(round, round.positions)),
        )
      : null,
  ];
}

/** The statement's documents, each a link to its bytes (fetched with the caller's credentials). */
function documentList(documents) {
  if (documents === null) return [h('p', { class: 'muted' }, t('documentsHidden'))];
  if (!documents.length) return [h('p', {}, t('noDocuments'))];
  const problems = h('div', {});
  const save = (d) => async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    try {
      await download(`/documents/${d.id}`, d.filename);
    } catch (error) {
      inlineError(problems, error);
    }
  };
  return [
    h(
      'ul',
      { class: 'documents' },
      documents.map((d) =>
        h(
          'li',
          { dataset: { documentId: d.id } },
          h('strong', {}, t(`documentKind_${d.kind}`)),
          d.member ? ` · ${memberName(d.member)}` : '',
          ' · ',
          h(
            'a',
            { href: d.href, download: d.filename, class: 'document-link', onclick: save(d) },
            d.filename,
          ),
          ' ',
          h(
            'span',
            { class: 'muted' },
            `(${t('documentSize', { kb: Math.max(1, Math.round(d.size / 1024)) })}, ${dateTime(d.uploadedAt)})`,
          ),
          h('div', { class: 'hash', title: d.sha256 }, `sha256 ${shortHash(d.sha256)}`),
        ),
      ),
    ),
    problems,
  ];
}

function eventDetails(event, meetings) {
  const p = event.payload ?? {};
  const bits = [];
  if (p.position?.member) {
    bits.push(`${memberName(p.position.member)}: ${term('positions', p.position.position)}`);
    if (p.position.onBehalf) bits.push(t('onBehalf', { ref: p.position.reference ?? '—' }));
  }
  if (event.type === 'DOCUMENT_ATTACHED' && p.filename) {
    bits.push(`${t(`documentKind_${p.kind}`)}: ${p.filename} (sha256 ${shortHash(p.sha256)})`);
  }
  if (p.deadline) bits.push(`${t('deadline')}: ${dateTime(p.deadline)}`);
  if (p.silenceRule) bits.push(t(p.silenceRule));
  if (p.version?.number) bits.push(t('versionN', { n: p.version.number }));
  const meeting = p.meetingId ? meetings.get(p.meetingId) : null;
  if (meeting) bits.push(meetingName(meeting));
  if (p.pendingClearance?.length) {
    bits.push(
      `${term('positions', 'clearance_pending')}: ${p.pendingClearance.map(memberName).join(', ')}`,
    );
  }
  for (const key of ['meeting', 'note', 'reason']) if (p[key]) bits.push(String(p[key]));
  // A comment names its paragraph; the chair's reminder, whom it reached.
  if (event.type === 'COMMENT_ADDED' && p.paragraph) {
    bits.push(t('paragraphN', { n: p.paragraph }));
  }
  if (event.type === 'REMINDER_SENT' && p.members?.length) {
    bits.push(p.members.map(memberName).join(', '));
  }
  if (p.message) bits.push(String(p.message));
  return bits;
}

/** The paragraphs of a text as comments and proposals number them (as src/statements/paragraphs.util.ts). */
const paragraphsOf = (body) =>
  body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);

function commentItem(comment, byId) {
  const answered = comment.replyTo ? byId.get(comment.replyTo) : null;
  return h(
    'li',
    { class: 'comment', id: `comment-${comment.id}`, dataset: { commentId: comment.id } },
    h(
      'p',
      { class: 'comment-meta' },
      h('span', { class: 'actor' }, comment.author.label),
      ' · ',
      h('time', { datetime: comment.createdAt }, dateTime(comment.createdAt)),
      answered
        ? [
            ' · ',
            h(
              'a',
              { href: `#comment-${answered.id}`, class: 'reply-to' },
              `${t('commentReplyTo')} ${answered.author.label}`,
            ),
          ]
        : null,
    ),
    h('div', { class: 'comment-text user-text' }, comment.text),
  );
}

/** One version's paragraphs, each with the comments written on it beside it. */
function versionComments(version, body, comments, byId) {
  const list = (items) =>
    h(
      'ul',
      { class: 'comments' },
      items.map((comment) => commentItem(comment, byId)),
    );
  const whole = comments.filter((comment) => comment.paragraph === null);
  return h(
    'div',
    { class: 'version-comments', dataset: { version: String(version) } },
    h('h3', {}, t('commentsOnVersion', { n: version })),
    h(
      'ol',
      { class: 'paragraphs' },
      paragraphsOf(body).map((text, index) =>
        h(
          'li',
          { class: 'paragraph-row', dataset: { paragraph: String(index + 1) } },
          h(
            'div',
            { class: 'paragraph' },
            h('span', { class: 'paragraph-number' }, t('paragraphN', { n: index + 1 })),
            h('div', { class: 'paragraph-text user-text' }, text),
          ),
          list(comments.filter((comment) => comment.paragraph === index + 1)),
        ),
      ),
    ),
    whole.length
      ? h('div', { class: 'whole-text-comments' }, h('h4', {}, t('wholeText')), list(whole))
      : null,
  );
}

function commentForm(statement, body, comments, reload) {
  const error = h('div', { 'aria-live': 'polite' });
  const ids = { text: uid('comment'), paragraph: uid('paragraph'), reply: uid('reply') };
  const form = h(
    'form',
    { class: 'comment-form', novalidate: true },
    h('h3', {}, t('addComment')),
    h('p', { class: 'hint' }, t('commentNotPosition')),
    h('label', { for: ids.paragraph }, t('commentParagraph')),
    h(
      'select',
      { id: ids.paragraph, name: 'paragraph' },
      h('option', { value: '' }, t('wholeText')),
      paragraphsOf(body).map((_, index) =>
        h('option', { value: String(index + 1) }, t('paragraphN', { n: index + 1 })),
      ),
    ),
    comments.length
      ? [
          h('label', { for: ids.reply }, t('commentReplyTo')),
          h(
            'select',
            { id: ids.reply, name: 'replyTo' },
            h('option', { value: '' }, t('noReply')),
            comments.map((comment) =>
              h(
                'option',
                { value: comment.id },
                `${comment.author.label}: ${comment.text.slice(0, 60)}`,
              ),
            ),
          ),
        ]
      : null,
    h('label', { for: ids.text }, t('commentText')),
    h('textarea', { id: ids.text, name: 'text', rows: '4', required: true, maxlength: '20000' }),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('sendComment')),
  );
  const key = idempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = form.elements.text.value;
    if (!text.trim()) {
      form.elements.text.focus();
      return;
    }
    const paragraph = form.elements.paragraph.value;
    const replyTo = form.elements.replyTo?.value;
    try {
      await api(`/statements/${statement.id}/comments`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: {
          text,
          ...(paragraph ? { paragraph: Number(paragraph) } : {}),
          ...(replyTo ? { replyTo } : {}),
        },
      });
    } catch (failure) {
      inlineError(error, failure);
      return;
    }
    await reload(t('commentPosted'));
  });
  return form;
}

/** The chair's "remind now": to the outstanding members' focal points, once in 12 hours. */
function remindNow(statement, reload) {
  const round = statement.round;
  const chair = statement.allowedEvents.includes('EXTEND_DEADLINE');
  if (!chair || statement.state !== 'ad_referendum' || !round?.outstanding?.length) return null;
  const error = h('div', { 'aria-live': 'polite' });
  const key = idempotencyKey();
  const send = async () => {
    let sent;
    try {
      sent = await api(`/statements/${statement.id}/reminders`, {
        method: 'POST',
        headers: { 'Idempotency-Key': key },
        body: {},
      });
    } catch (failure) {
      inlineError(error, failure);
      return;
    }
    await reload(t('reminderSent', { members: sent.members.map(memberName).join(', ') }));
  };
  return h(
    'section',
    { class: 'card remind', 'aria-labelledby': 'remind-title' },
    h('h2', { id: 'remind-title' }, t('remindNow')),
    h('p', { class: 'hint' }, t('remindExplain')),
    error,
    h('button', { type: 'button', class: 'primary', onclick: send }, t('remindNow')),
  );
}

/** Comments beside the paragraphs of the version each was written on, newest version first. */
async function commentsSection(statement, current, thread, reload) {
  const byId = new Map(thread.comments.map((comment) => [comment.id, comment]));
  const versions = [
    ...new Set([current.number, ...thread.comments.map((c) => c.version.number)]),
  ].sort((a, b) => b - a);
  const bodies = await Promise.all(
    versions.map((n) =>
      n === current.number
        ? current.body
        : api(`/statements/${statement.id}/versions/${n}`).then((version) => version.body),
    ),
  );
  return [
    thread.comments.length ? null : h('p', { class: 'no-comments' }, t('noComments')),
    versions.map((n, index) =>
      versionComments(
        n,
        bodies[index],
        thread.comments.filter((comment) => comment.version.number === n),
        byId,
      ),
    ),
    thread.mayComment
      ? commentForm(statement, current.body, thread.comments, reload)
      : h('p', { class: 'hint read-only' }, t('commentsReadOnly')),
  ];
}

function timeline(statement, audit) {
  const meetings = new Map((audit.meetings ?? []).map((meeting) => [meeting.id, meeting]));
  const list = h(
    'ol',
    { class: 'timeline' },
    audit.events.map((event) => {
      const [from] = (event.stateFrom ?? '').split('.');
      const [to, sub] = event.stateTo.split('.');
      const details = eventDetails(event, meetings);
      const imported = event.payload?.imported === true;
      // A back-dated act shows when it took effect and when it was recorded, and by whom.
      const backdated = isBackdated(event.at, event.recordedAt);
      return h(
        'li',
        {
          dataset: { seq: String(event.seq) },
          class:
            [backdated ? 'backdated' : '', imported ? 'imported' : ''].join(' ').trim() || null,
        },
        h('time', { datetime: event.at }, dateTime(event.at)),
        h(
          'div',
          { class: 'what' },
          h('strong', {}, term('events', event.type)),
          imported ? [' ', importedBadge()] : null,
          ' ',
          h('span', { class: 'actor' }, whenAndWho(event.at, event.recordedAt, event.actorLabel)),
          h(
            'div',
            { class: 'transition' },
            from && from !== to ? `${term('states', from)} → ` : '',
            term('states', to),
            sub ? ` (${term('states', sub)})` : '',
          ),
          details.length ? h('div', { class: 'details user-text' }, details.join(' · ')) : null,
        ),
      );
    }),
  );
  return [
    statement.importedAt
      ? h(
          'p',
          { class: 'imported-note' },
          t('importedFrom', { date: dateTime(statement.importedAt) }),
        )
      : null,
    // The quick check of the links, then the full verification (signatures and replay).
    audit.chain.valid
      ? null
      : h('p', { class: 'chain broken' }, t('chainBroken', { n: audit.chain.brokenAt })),
    verifyResult(statement.id),
    list,
  ];
}

export async function renderStatement(app, id) {
  const [statement, versions, history, audit, workflow, thread, documents] = await Promise.all([
    api(`/statements/${id}`),
    api(`/statements/${id}/versions`),
    api(`/statements/${id}/positions`),
    api(`/statements/${id}/history`),
    app.lifecycle(),
    api(`/statements/${id}/comments`),
    // Those outside the statement's framework do not read its documents (403).
    api(`/statements/${id}/documents`).catch((error) => {
      if (error.status === 403) return null;
      throw error;
    }),
  ]);
  const [current, proposals] = await Promise.all([
    api(`/statements/${id}/versions/${statement.currentVersion.number}`),
    api(`/statements/${id}/proposals`),
  ]);
  app.setTitle(titleOf(statement));
  const other = otherTitleOf(statement);
  const reload = async (message) => {
    await renderStatement(app, id);
    const notice = h('p', { class: 'success', role: 'status', tabindex: '-1' }, message);
    app.main.querySelector('.page-head')?.after(notice);
    notice.focus();
  };

  replace(
    app.main,
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, `← ${t('back')}`)),
    h(
      'div',
      { class: 'page-head statement-head' },
      h(
        'div',
        {},
        h('p', { class: 'eyebrow' }, h('span', { class: 'framework' }, statement.framework)),
        h('h1', { tabindex: '-1', class: 'statement-title' }, titleOf(statement)),
        other ? h('p', { class: 'other-title' }, other) : null,
        stateBadge(statement.state, statement.roundState),
      ),
    ),
    h(
      'nav',
      { class: 'on-this-page', 'aria-label': t('onThisPage') },
      h(
        'ul',
        {},
        [
          ['text', t('sectionText')],
          ['changes', t('sectionChanges')],
          ['comments', t('sectionComments')],
          ['proposals', t('proposals.section')],
          ['positions', t('sectionPositions')],
          ['documents', t('sectionDocuments')],
          ['timeline', t('sectionTimeline')],
          ['lifecycle', t('sectionLifecycle')],
        ].map(([anchor, label]) => h('li', {}, h('a', { href: `#${anchor}` }, label))),
      ),
    ),
    h(
      'div',
      { class: 'statement-grid' },
      h(
        'div',
        { class: 'side' },
        h('section', { class: 'card', 'aria-label': t('state') }, facts(statement)),
        chairActions(
          app,
          statement,
          current.body,
          reload,
          [...proposals.paragraphs.flatMap((p) => p.proposals), ...proposals.unplaced].filter(
            (proposal) => proposal.state === 'open',
          ),
        ),
        remindNow(statement, reload),
        positionForm(app, statement, history, reload),
      ),
      h(
        'div',
        { class: 'primary-column' },
        section(
          'text',
          `${t('sectionText')} (${t('versionN', { n: current.number })})`,
          h('div', { class: 'text-body user-text' }, current.body),
        ),
        section('changes', t('sectionChanges'), ...changes(statement, versions, history, app.me)),
        section(
          'comments',
          t('sectionComments'),
          ...(await commentsSection(statement, current, thread, reload)),
        ),
        section(
          'proposals',
          t('proposals.section'),
          ...proposalsSection(app, statement, proposals, reload),
        ),
        section('positions', t('sectionPositions'), ...positions(statement, history)),
        section('documents', t('sectionDocuments'), ...documentList(documents)),
        section('timeline', t('sectionTimeline'), ...timeline(statement, audit)),
      ),
    ),
    // Full width, so that the diagram reads at its natural size on a laptop.
    section(
      'lifecycle',
      t('sectionLifecycle'),
      lifecycleDiagram(workflow, statement.state, statement.roundState),
    ),
  );
}
