import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { AdrefError, AdrefErrorCode, assertUnreachable } from './adref.errors';
import { isDatabaseUnavailable } from './database-unavailable.util';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: unknown;
}

export function statusOf(code: AdrefErrorCode): HttpStatus {
  switch (code) {
    case AdrefErrorCode.INVALID_INPUT:
    case AdrefErrorCode.TOKEN_IN_QUERY:
    case AdrefErrorCode.TOO_DEEPLY_NESTED:
    case AdrefErrorCode.INVALID_ENCODING:
      return HttpStatus.BAD_REQUEST;
    case AdrefErrorCode.UNSUPPORTED_MEDIA_TYPE:
    case AdrefErrorCode.DOCUMENT_TYPE_REFUSED:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case AdrefErrorCode.DOCUMENT_TOO_LARGE:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case AdrefErrorCode.DOCUMENT_MISSING:
      return HttpStatus.BAD_REQUEST;
    case AdrefErrorCode.DOCUMENT_LINK_INVALID:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case AdrefErrorCode.TOO_MANY_REQUESTS:
    case AdrefErrorCode.REMINDER_TOO_SOON:
      return HttpStatus.TOO_MANY_REQUESTS;
    case AdrefErrorCode.UNAUTHENTICATED:
      return HttpStatus.UNAUTHORIZED;
    case AdrefErrorCode.FORBIDDEN:
      return HttpStatus.FORBIDDEN;
    case AdrefErrorCode.NOT_FOUND:
    case AdrefErrorCode.UNKNOWN_MEMBER:
    case AdrefErrorCode.UNKNOWN_FRAMEWORK:
      return HttpStatus.NOT_FOUND;
    case AdrefErrorCode.EVENT_NOT_ALLOWED:
    case AdrefErrorCode.STALE_LOCK_VERSION:
    case AdrefErrorCode.VERSION_NOT_CIRCULATED:
    case AdrefErrorCode.TEXT_NOT_EDITABLE:
    case AdrefErrorCode.NOT_ADOPTED:
    case AdrefErrorCode.CONFLICTING_DATA:
    case AdrefErrorCode.ALREADY_IMPORTED:
    case AdrefErrorCode.EMAIL_TAKEN:
    case AdrefErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT:
    case AdrefErrorCode.CHAIR_FOLLOWS_FRAMEWORK:
    case AdrefErrorCode.VERSION_NOT_NEXT:
    case AdrefErrorCode.ROUND_CLOSED:
    case AdrefErrorCode.DEADLINE_ALREADY_PASSED:
    case AdrefErrorCode.ELECTORATE_DUPLICATED:
    case AdrefErrorCode.REMINDER_NOT_DUE:
    case AdrefErrorCode.MACHINE_VERSION_UNAVAILABLE:
    case AdrefErrorCode.MIGRATION_REFUSED:
    case AdrefErrorCode.ROUND_NOT_OPEN:
    case AdrefErrorCode.NOBODY_OUTSTANDING:
    case AdrefErrorCode.PROPOSALS_CLOSED:
    case AdrefErrorCode.PROPOSAL_NOT_OPEN:
      return HttpStatus.CONFLICT;
    case AdrefErrorCode.IDEMPOTENCY_KEY_REUSED:
    case AdrefErrorCode.DEADLINE_NOT_PASSED:
    case AdrefErrorCode.DEADLINE_NOT_LATER:
    case AdrefErrorCode.ELECTORATE_EMPTY:
    case AdrefErrorCode.TEXT_UNCHANGED:
    case AdrefErrorCode.OWN_ACCOUNT:
    case AdrefErrorCode.ACCOUNT_INACTIVE:
    case AdrefErrorCode.MEMBER_NOT_IN_ELECTORATE:
    case AdrefErrorCode.AT_OUT_OF_RANGE:
    case AdrefErrorCode.DEADLINE_NOT_IN_FUTURE:
    case AdrefErrorCode.IMPORT_REFUSED:
    case AdrefErrorCode.UNKNOWN_MEETING:
    case AdrefErrorCode.MEETING_OF_OTHER_FRAMEWORK:
    case AdrefErrorCode.MEETING_GIVEN_TWICE:
    case AdrefErrorCode.PARAGRAPH_OUT_OF_RANGE:
    case AdrefErrorCode.REPLY_TO_UNKNOWN:
    case AdrefErrorCode.UNKNOWN_PROPOSAL:
    case AdrefErrorCode.PROPOSAL_OF_OTHER_MEMBER:
    case AdrefErrorCode.PROPOSAL_DECIDED_TWICE:
    case AdrefErrorCode.PROPOSALS_NEED_OBJECTION:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case AdrefErrorCode.DATABASE_UNAVAILABLE:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case AdrefErrorCode.SIGN_IN_LINK_INVALID:
    case AdrefErrorCode.SIGN_IN_FAILED:
      return HttpStatus.BAD_REQUEST;
    case AdrefErrorCode.CSRF_FAILED:
    case AdrefErrorCode.SIGN_IN_REFUSED:
      return HttpStatus.FORBIDDEN;
    case AdrefErrorCode.SIGN_IN_LINK_USED:
    case AdrefErrorCode.SIGN_IN_LINK_EXPIRED:
      return HttpStatus.GONE;
    default:
      return assertUnreachable(code);
  }
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client waits before retrying while the database is unreachable (any 503). */
export const RETRY_AFTER_SECONDS = 2;

// Framework-raised errors (unknown route, unreadable JSON) get the code of their status.
const CODE_OF_STATUS: Record<number, AdrefErrorCode> = {
  400: AdrefErrorCode.INVALID_INPUT,
  401: AdrefErrorCode.UNAUTHENTICATED,
  403: AdrefErrorCode.FORBIDDEN,
  404: AdrefErrorCode.NOT_FOUND,
  413: AdrefErrorCode.INVALID_INPUT,
  415: AdrefErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: AdrefErrorCode.TOO_MANY_REQUESTS,
  503: AdrefErrorCode.DATABASE_UNAVAILABLE,
};

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof AdrefError) {
    const statusCode = statusOf(error.code);
    return {
      statusCode,
      error: REASON[statusCode],
      message: error.message,
      code: error.code,
      ...(error.details ? { details: error.details } : {}),
    };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? error.message);
    const code = CODE_OF_STATUS[statusCode];
    return {
      statusCode,
      error: REASON[statusCode] ?? error.name,
      message,
      ...(code ? { code } : {}),
    };
  }
  // A connection failure is not the request's fault: 503, and the client retries.
  if (isDatabaseUnavailable(error)) {
    return {
      statusCode: 503,
      error: REASON[503],
      message: 'The database cannot be reached right now; retry shortly',
      code: AdrefErrorCode.DATABASE_UNAVAILABLE,
    };
  }
  return { statusCode: 500, error: REASON[500], message: 'Internal server error' };
}

/** Renders every error as `{statusCode, error, message, code?, details?}` (DESIGN.md §4). */
@Catch()
export class AdrefExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AdrefExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = errorBody(exception);
    const response = host.switchToHttp().getResponse<Response>();
    if (body.code === AdrefErrorCode.DATABASE_UNAVAILABLE) {
      this.logger.warn(
        `database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(exception);
    }
    if (body.statusCode === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // A refusal that knows when to come back (a reminder sent less than 12 hours ago) says so.
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds;
    if (body.statusCode === 429 && typeof retryAfter === 'number') {
      response.setHeader('Retry-After', String(retryAfter));
    }
    response.status(body.statusCode).json(body);
  }
}
