/** Every way a request can be refused; the exception filter maps each to one HTTP status. */
export enum AdrefErrorCode {
  INVALID_INPUT = 'invalid_input',
  UNAUTHENTICATED = 'unauthenticated',
  FORBIDDEN = 'forbidden',
  NOT_FOUND = 'not_found',
  EVENT_NOT_ALLOWED = 'event_not_allowed',
  STALE_LOCK_VERSION = 'stale_lock_version',
  VERSION_NOT_CIRCULATED = 'version_not_circulated',
  TEXT_NOT_EDITABLE = 'text_not_editable',
  NOT_ADOPTED = 'not_adopted',
  IDEMPOTENCY_KEY_REUSED = 'idempotency_key_reused',
  DOMAIN_RULE = 'domain_rule',
  MEMBER_NOT_IN_ELECTORATE = 'member_not_in_electorate',
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

export const domainRule = (message: string, details?: Record<string, unknown>): AdrefError =>
  new AdrefError(AdrefErrorCode.DOMAIN_RULE, message, details);

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}
