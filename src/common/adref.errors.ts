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
  /** An import file whose importKey was imported before (details.statementId). */
  ALREADY_IMPORTED = 'already_imported',
  /** An import file the procedure refuses; details name the event and the rule. */
  IMPORT_REFUSED = 'import_refused',
  /** An API token in a URL (`?token=`): tokens go in the Authorization header, never in a URL. */
  TOKEN_IN_QUERY = 'token_in_query',
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
