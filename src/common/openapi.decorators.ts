import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { AdrefErrorCode } from './adref.errors';

/** The names of the security schemes in components.securitySchemes (openapi.document.ts). */
export const BEARER_SCHEME = 'bearer';
export const SESSION_SCHEME = 'session';

/** The one error body (AdrefExceptionFilter): every 4xx and 5xx of the API has this shape. */
export class ErrorView {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty({ example: 'SUBMIT_TO_SOM is not allowed in state adopted' }) message: string;
  @ApiPropertyOptional({
    enum: AdrefErrorCode,
    enumName: 'ErrorCode',
    description: 'What went wrong, for programs; absent only on an unexpected 500',
  })
  code?: AdrefErrorCode;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'More about the refusal (the field, the rule, the members concerned)',
  })
  details?: Record<string, unknown>;
}

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid_input (or another 400 code): the request is malformed or a field is invalid',
  401: 'unauthenticated: no valid bearer token or session',
  403: 'forbidden (or csrf_failed): the caller may not do this',
  404: 'not_found: no such resource',
  409: 'Conflict with the current state (event_not_allowed, stale_lock_version, …)',
  410: 'The sign-in link was used or has expired',
  413: 'The body is larger than 4 MB',
  415: 'unsupported_media_type: the body is not application/json',
  422: 'The request breaks a rule of the procedure (domain_rule, at_out_of_range, …)',
  429: 'too_many_requests (failed sign-ins from this address, or writes): retry after Retry-After seconds',
  500: 'An unexpected error',
  503: 'database_unavailable: retry after Retry-After seconds',
};

/** A status, or a status with what it means for this operation. */
export type ApiError = number | [status: number, description: string];

/**
 * Error responses, all with the one error body. What the global middleware answers (500, 503;
 * 400, 413, 415 and 429 on writes) openapi.document.ts adds to every operation it concerns.
 */
export function ApiErrors(...errors: ApiError[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorView),
    ...errors.map((error) => {
      const [status, description] = typeof error === 'number' ? [error, undefined] : error;
      return ApiResponse({
        status,
        description: description ?? ERROR_DESCRIPTIONS[status] ?? 'Refused',
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorView) } } },
      });
    }),
  );
}

/** Errors any write with a JSON body can give, besides its own. */
export const WRITE_ERRORS = [400, 413, 415, 429] as const;

/**
 * An operation: its id (the typed client's and Swagger UI's name for it), a summary and a
 * description; `public` ones need no credential (`security: []`).
 */
export function ApiOp(
  operationId: string,
  summary: string,
  options: { description?: string; public?: boolean } = {},
): MethodDecorator {
  return ApiOperation({
    operationId,
    summary,
    description: options.description ?? `${summary}.`,
    ...(options.public ? { security: [] } : {}),
  });
}

/** A route that needs a caller: a bearer token, or a browser session (whose writes send X-CSRF-Token). */
export const ApiSignedIn = (): ClassDecorator & MethodDecorator =>
  applyDecorators(ApiBearerAuth(BEARER_SCHEME), ApiCookieAuth(SESSION_SCHEME), ApiErrors(401, 403));

/** The optional headers of the writes, under their real names. */
export const IDEMPOTENCY_KEY = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: IDEMPOTENCY_KEY,
  in: 'header' as const,
  required: false,
  description:
    'A repeat with the same key returns the first answer (without secrets shown once) and changes nothing',
  schema: { type: 'string' as const, minLength: 1, maxLength: 200 },
};
export const ApiIdempotencyKey = () => ApiHeader(IDEMPOTENCY_KEY_PARAMETER);
export const ApiIfMatch = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The lockVersion last read (e.g. 3 or "3"); 409 stale_lock_version when stale',
    schema: { type: 'string' },
  });

/** An instant: ISO 8601 date-time. */
export const ApiInstant = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, format: 'date-time', ...options } as ApiPropertyOptions);
/** A calendar day: YYYY-MM-DD. */
export const ApiDay = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, format: 'date', ...options } as ApiPropertyOptions);
