/** Every way a request can be refused; the exception filter maps each to one HTTP status. */
export enum AdrefErrorCode {
  /** A field that is missing, malformed or out of range (details name each field). */
  INVALID_INPUT = 'invalid_input',
  /** No credential, or one that is unknown, expired or revoked. */
  UNAUTHENTICATED = 'unauthenticated',
  /** Signed in, but not entitled to this act (another member's position, a former chair). */
  FORBIDDEN = 'forbidden',
  /** No such statement, user, meeting or other record. */
  NOT_FOUND = 'not_found',
  /** The statement's state does not take this act at all. */
  EVENT_NOT_ALLOWED = 'event_not_allowed',
  /** If-Match names a lockVersion that is no longer current: reload and retry. */
  STALE_LOCK_VERSION = 'stale_lock_version',
  /** A position on another text than the one the round circulates (details.circulated). */
  VERSION_NOT_CIRCULATED = 'version_not_circulated',
  /** The text can be edited only in drafting or after approval in principle. */
  TEXT_NOT_EDITABLE = 'text_not_editable',
  /** A record of adoption asked for a statement that is not adopted. */
  NOT_ADOPTED = 'not_adopted',
  /** An Idempotency-Key used before with another request. */
  IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused',
  /** A position for a member that is not an elector of the round. */
  MEMBER_NOT_IN_ELECTORATE = 'member_not_in_electorate',
  /** Contradicts what is recorded: an overlapping chair term, a delivery sent already. */
  CONFLICTING_DATA = 'conflicting_data',
  /** `at` in the future, beyond ADREF_MAX_BACKDATE, or before the statement's last act. */
  AT_OUT_OF_RANGE = 'at_out_of_range',
  /** A deadline that is not later than the moment it is recorded. */
  DEADLINE_NOT_IN_FUTURE = 'deadline_not_in_future',
  /** The database cannot be reached right now: retry after Retry-After seconds. */
  DATABASE_UNAVAILABLE = 'database_unavailable',
  /** An import file whose importKey was imported before (details.statementId). */
  ALREADY_IMPORTED = 'already_imported',
  /** An import file the procedure refuses; details name the event and the rule. */
  IMPORT_REFUSED = 'import_refused',
  /** A JSON body nested deeper than MAX_JSON_DEPTH (32) objects and arrays. */
  TOO_DEEPLY_NESTED = 'too_deeply_nested',
  /** A body that is not valid UTF-8. */
  INVALID_ENCODING = 'invalid_encoding',
  /** A body that is not application/json on a JSON route. */
  UNSUPPORTED_MEDIA_TYPE = 'unsupported_media_type',
  /** A rate limit is reached: retry after Retry-After seconds. */
  TOO_MANY_REQUESTS = 'too_many_requests',
  /** The first request with this Idempotency-Key is still running: retry shortly. */
  IDEMPOTENCY_KEY_IN_FLIGHT = 'idempotency_key_in_flight',
  /** Another account already has this email address. */
  EMAIL_TAKEN = 'email_taken',
  /** An API token in a URL (`?token=`): tokens go in the Authorization header, never in a URL. */
  TOKEN_IN_QUERY = 'token_in_query',
  /** A write with the session cookie but without the session's X-CSRF-Token header. */
  CSRF_FAILED = 'csrf_failed',
  /** A sign-in link nobody issued (or mistyped). */
  SIGN_IN_LINK_INVALID = 'sign_in_link_invalid',
  /** A sign-in link that was used already: each works once. */
  SIGN_IN_LINK_USED = 'sign_in_link_used',
  /** A sign-in link older than 15 minutes. */
  SIGN_IN_LINK_EXPIRED = 'sign_in_link_expired',
  /** The identity provider vouched for someone who has no active adref account. */
  SIGN_IN_REFUSED = 'sign_in_refused',
  /** The round trip through the identity provider did not complete (cancelled, stale, forged). */
  SIGN_IN_FAILED = 'sign_in_failed',
  /** A chair-term write for a framework whose chair follows another framework's. */
  CHAIR_FOLLOWS_FRAMEWORK = 'chair_follows_framework',
  /** A meetingId that names no meeting of the reference data. */
  UNKNOWN_MEETING = 'unknown_meeting',
  /** A meetingId that names a meeting of another framework than the statement's. */
  MEETING_OF_OTHER_FRAMEWORK = 'meeting_of_other_framework',
  /** Both `meeting` (free text) and `meetingId` given: one or the other. */
  MEETING_GIVEN_TWICE = 'meeting_given_twice',
  // Refusals of the procedure (workflows/statement/refusal.util.ts says why; src/engine maps them).
  /** A new text version must be the next number (someone else saved one first). */
  VERSION_NOT_NEXT = 'version_not_next',
  /** The round this act belongs to has closed. */
  ROUND_CLOSED = 'round_closed',
  /** DEADLINE_PASSED before the deadline. */
  DEADLINE_NOT_PASSED = 'deadline_not_passed',
  /** DEADLINE_PASSED a second time. */
  DEADLINE_ALREADY_PASSED = 'deadline_already_passed',
  /** An extension must move the deadline later. */
  DEADLINE_NOT_LATER = 'deadline_not_later',
  /** The framework has no electors on the day the round would open. */
  ELECTORATE_EMPTY = 'electorate_empty',
  /** An elector listed twice in a round. */
  ELECTORATE_DUPLICATED = 'electorate_duplicated',
  /** A reminder of a round that closed or whose deadline passed. */
  REMINDER_NOT_DUE = 'reminder_not_due',
  /** A statement on a procedure (machine) version this build cannot load: upgrade adref. */
  MACHINE_VERSION_UNAVAILABLE = 'machine_version_unavailable',
  /** A new text version identical to the current one. */
  TEXT_UNCHANGED = 'text_unchanged',
  /** An admin deactivating or demoting their own account: another admin must. */
  OWN_ACCOUNT = 'own_account',
  /** A token for a deactivated account: reactivate it first. */
  ACCOUNT_INACTIVE = 'account_inactive',
  /** Moving a statement to another procedure version that no migration maps (or backwards). */
  MIGRATION_REFUSED = 'migration_refused',
  /** A member code in the path that names no member of the reference data. */
  UNKNOWN_MEMBER = 'unknown_member',
  /** A framework code in the path that names no framework of the reference data. */
  UNKNOWN_FRAMEWORK = 'unknown_framework',
  // Comments and the chair's reminder (issue 12).
  /** A comment's or proposal's paragraph that the text version does not have (details.paragraphs: how many). */
  PARAGRAPH_OUT_OF_RANGE = 'paragraph_out_of_range',
  /** A comment's replyTo that names no comment of the same statement. */
  REPLY_TO_UNKNOWN = 'reply_to_unknown',
  /** A reminder asked for while the statement has no ad-referendum round open. */
  ROUND_NOT_OPEN = 'round_not_open',
  /** A reminder asked for when every elector has answered: nobody to remind. */
  NOBODY_OUTSTANDING = 'nobody_outstanding',
  /** A second reminder of the same round within 12 hours: retry after Retry-After seconds. */
  REMINDER_TOO_SOON = 'reminder_too_soon',
  /** A text proposal while the text can be neither edited nor answered in an open round. */
  PROPOSALS_CLOSED = 'proposals_closed',
  /** Deciding or withdrawing a proposal that is already accepted, rejected or withdrawn. */
  PROPOSAL_NOT_OPEN = 'proposal_not_open',
  /** A proposal id that is not one of this statement's proposals. */
  UNKNOWN_PROPOSAL = 'unknown_proposal',
  /** An objection citing a proposal made for another member. */
  PROPOSAL_OF_OTHER_MEMBER = 'proposal_of_other_member',
  /** One proposal both accepted and rejected, or named twice, in one new version. */
  PROPOSAL_DECIDED_TWICE = 'proposal_decided_twice',
  /** proposalIds given with a position other than object. */
  PROPOSALS_NEED_OBJECTION = 'proposals_need_objection',
  /** A document larger than 20 MB: nothing is stored. */
  DOCUMENT_TOO_LARGE = 'document_too_large',
  /** A document whose content is not PDF, an image or an office document: nothing is stored. */
  DOCUMENT_TYPE_REFUSED = 'document_type_refused',
  /** A document upload without its `file` part. */
  DOCUMENT_MISSING = 'document_missing',
  /** positionId names no position of this statement (or another member's, for a focal point). */
  DOCUMENT_LINK_INVALID = 'document_link_invalid',
}

/** A refusal with a code; services throw these and never HTTP exceptions. */
export class AdrefError extends Error {
  constructor(
    readonly code: AdrefErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AdrefError';
  }
}

export const notFound = (what: string, id: string | number): AdrefError =>
  new AdrefError(AdrefErrorCode.NOT_FOUND, `${what} ${id} not found`);

export const forbidden = (message: string): AdrefError =>
  new AdrefError(AdrefErrorCode.FORBIDDEN, message);

export const invalidInput = (message: string, details?: Record<string, unknown>): AdrefError =>
  new AdrefError(AdrefErrorCode.INVALID_INPUT, message, details);

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
