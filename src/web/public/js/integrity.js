// The signed history on the pages: both times of a back-dated act, imported acts, and the
// result of GET /statements/:id/verify (hash chain, signatures, replay of the history).
import { api } from './api.js';
import { h } from './dom.js';
import { dateTime, t, term } from './i18n.js';

// Shown to the minute, as the API's record does: an act stored within the minute is not back-dated.
const MINUTE = 60_000;

/** Stored at least a minute after it took effect: back-dated, imported, or raised when due. */
export function isBackdated(at, recordedAt) {
  return Boolean(recordedAt) && Date.parse(recordedAt) - Date.parse(at) >= MINUTE;
}

/** "effective …, recorded … by …" for a back-dated act; otherwise "by …". */
export function whenAndWho(at, recordedAt, actor) {
  return isBackdated(at, recordedAt)
    ? t('effectiveRecorded', { at: dateTime(at), recorded: dateTime(recordedAt), actor })
    : t('by', { actor });
}

/** A position's date: when it took effect, and when it was recorded if later (back-dated). */
export function takenAndRecorded(takenAt, recordedAt) {
  if (!isBackdated(takenAt, recordedAt)) return dateTime(takenAt);
  return h(
    'span',
    { class: 'both-times' },
    h('span', {}, t('effectiveAt', { at: dateTime(takenAt) })),
    h('span', {}, t('recordedAt', { at: dateTime(recordedAt) })),
  );
}

export const importedBadge = () =>
  h('span', { class: 'badge imported', title: t('importedEvent') }, t('imported'));

/**
 * The verify result, filled in when the API answers: "Verified: 15 events, …" or the problems
 * it found, each with the event it concerns.
 */
export function verifyResult(id) {
  const box = h(
    'div',
    { class: 'verify-result pending', role: 'status', 'aria-live': 'polite' },
    h('p', {}, t('verifying')),
  );
  api(`/statements/${id}/verify`).then(
    (report) => {
      box.className = `verify-result ${report.valid ? 'ok' : 'broken'}`;
      if (report.valid) {
        box.replaceChildren(h('p', {}, t('verifyOk', { n: report.checkedEvents })));
        return;
      }
      box.replaceChildren(
        h(
          'p',
          {},
          t(report.problems.length === 1 ? 'verifyFailedOne' : 'verifyFailed', {
            count: report.problems.length,
            n: report.checkedEvents,
          }),
        ),
        h(
          'ul',
          { class: 'problems' },
          report.problems.map((problem) =>
            h(
              'li',
              { dataset: { kind: problem.kind } },
              problem.seq !== undefined && problem.seq !== null
                ? `${t('problemAt', { seq: problem.seq })}: `
                : '',
              h('strong', {}, term('problems', problem.kind)),
              h('span', { class: 'problem-detail' }, ` — ${problem.message}`),
            ),
          ),
        ),
      );
    },
    () => {
      box.className = 'verify-result unavailable';
      box.replaceChildren(h('p', {}, t('verifyUnavailable')));
    },
  );
  return box;
}
