import type { Refusal, RefusalReason } from '../../workflows/statement/refusal.util';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';

/** Every reason the procedure gives for a refusal, with its own error code: one table. */
export const REFUSAL_CODES: Readonly<Record<RefusalReason, AdrefErrorCode>> = {
  event_not_allowed: AdrefErrorCode.EVENT_NOT_ALLOWED,
  text_not_editable: AdrefErrorCode.TEXT_NOT_EDITABLE,
  version_not_next: AdrefErrorCode.VERSION_NOT_NEXT,
  round_closed: AdrefErrorCode.ROUND_CLOSED,
  member_not_in_electorate: AdrefErrorCode.MEMBER_NOT_IN_ELECTORATE,
  version_not_circulated: AdrefErrorCode.VERSION_NOT_CIRCULATED,
  deadline_not_passed: AdrefErrorCode.DEADLINE_NOT_PASSED,
  deadline_already_passed: AdrefErrorCode.DEADLINE_ALREADY_PASSED,
  deadline_not_later: AdrefErrorCode.DEADLINE_NOT_LATER,
  deadline_not_in_future: AdrefErrorCode.DEADLINE_NOT_IN_FUTURE,
  electorate_empty: AdrefErrorCode.ELECTORATE_EMPTY,
  electorate_duplicated: AdrefErrorCode.ELECTORATE_DUPLICATED,
  reminder_not_due: AdrefErrorCode.REMINDER_NOT_DUE,
};

/** The codes the machine's refusals can carry (an import reports these as the file's fault). */
export const REFUSAL_ERROR_CODES: ReadonlySet<AdrefErrorCode> = new Set(
  Object.values(REFUSAL_CODES),
);

/** The error for a refusal, with where the statement stands and what it would take. */
export const refusalError = (refusal: Refusal, context: Record<string, unknown>): AdrefError =>
  new AdrefError(REFUSAL_CODES[refusal.reason], refusal.message, {
    ...refusal.details,
    ...context,
  });
