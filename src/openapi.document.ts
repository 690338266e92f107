import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SESSION_COOKIE } from './auth/session-cookies.util';
import {
  BEARER_SCHEME,
  ERROR_DESCRIPTIONS,
  ErrorView,
  IDEMPOTENCY_KEY,
  IDEMPOTENCY_KEY_PARAMETER,
  SESSION_SCHEME,
} from './common/openapi.decorators';

/** Every tag an operation uses, in the order Swagger UI shows them. */
const TAGS: [string, string][] = [
  ['statements', 'Statements: drafting, the SOM, the ad referendum round and its outcome'],
  ['positions', 'Members’ positions and the record of adoption'],
  ['overview', 'Across statements: a member’s inbox and a framework’s matrix (JSON, CSV, XLSX)'],
  ['proposals', 'Members’ text proposals on paragraphs, and the chair’s consolidated view'],
  ['documents', 'Notes verbales, annexes and drafts attached to statements'],
  ['reference', 'Frameworks, members, memberships, chair terms and meetings'],
  ['integrity', 'The signed history: public keys and verification'],
  ['archive', 'A framework’s signed archive, handed to the next chair'],
  ['notifications', 'Calendar feeds of members’ deadlines'],
  ['users', 'Accounts and API tokens'],
  ['sign-in', 'Signing in and out of the web pages'],
  ['admin', 'Timers, the outbox and webhooks'],
  ['workflows', 'The statement lifecycle as data'],
  ['health', 'Liveness and database details'],
];

/** The API's contract (served at /api/docs-json; `npm run openapi:lint` checks it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('adref')
    .setDescription(
      'Adoption of intergovernmental statements by ad referendum (ACCSM, ACCSM+3). ' +
        'Every error has the body ErrorView, with a `code` naming the problem.',
    )
    .setVersion('1')
    // The package is UNLICENSED (private); the contact is the running server's own docs page.
    .setLicense('UNLICENSED (private)', '/api/docs')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API token (POST /users, POST /me/token)' },
      BEARER_SCHEME,
    )
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description: 'A browser session; its writes also send the X-CSRF-Token header',
      },
      SESSION_SCHEME,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  config.info.contact = { name: 'adref', url: '/api/docs' };
  return withMultipartForms(
    withMiddlewareErrors(SwaggerModule.createDocument(app, config, { extraModels: [ErrorView] })),
  );
}

/** Names the schema of an operation's multipart/form-data body when it takes JSON as well. */
export const MULTIPART_FORM = 'x-adref-multipart-form';

/**
 * A route that takes JSON or a form (a position with its note verbale) describes each body with
 * its own schema; Nest's @ApiBody gives both content types the same one.
 */
function withMultipartForms(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (Record<string, unknown> & typeof item.get) | undefined;
      const ref = operation?.[MULTIPART_FORM];
      if (!operation || typeof ref !== 'string') continue;
      delete operation[MULTIPART_FORM];
      const body = operation.requestBody;
      if (body && 'content' in body && body.content['multipart/form-data']) {
        body.content['multipart/form-data'] = { schema: { $ref: ref } };
      }
    }
  }
  return document;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const NOT_MODIFIED = { description: 'Not modified: If-None-Match named the current ETag' };
const SUCCESS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

/**
 * The refusals that come before any route, from the middleware every request passes
 * (src/common/http-hardening.ts), added where an operation does not declare them itself:
 * 500 and 503 anywhere, and 429 (the failed-sign-in limit per address, the write limit); on
 * writes, the JSON body parser's 400, 413 and 415; 400 from validation wherever there are
 * parameters; 404 for an unknown id; on
 * signed-in writes, the optional Idempotency-Key with its 409 (in flight) and 422 (reused);
 * on reads, the 304 of a conditional GET.
 */
function withMiddlewareErrors(document: OpenAPIObject): OpenAPIObject {
  const error = (status: number) => ({
    description: ERROR_DESCRIPTIONS[status],
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorView' } } },
  });
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      // @Headers('idempotency-key') reads a header that @ApiHeader declares under its real name
      // (Idempotency-Key, optional); header names are case-insensitive: keep the declared one.
      const parameters = (operation.parameters ?? []).filter(
        (parameter, _, all) =>
          !('in' in parameter) ||
          parameter.in !== 'header' ||
          !all.some(
            (other) =>
              other !== parameter &&
              'in' in other &&
              other.in === 'header' &&
              other.name !== parameter.name &&
              other.name.toLowerCase() === parameter.name.toLowerCase() &&
              other.required === false,
          ),
      );
      operation.parameters = parameters;
      const statuses = [429, 500, 503];
      if (method !== 'get') statuses.push(400, 413, 415);
      if (parameters.length > 0) statuses.push(400);
      if (parameters.some((parameter) => 'in' in parameter && parameter.in === 'path')) {
        statuses.push(404);
      }
      // The global IdempotencyInterceptor takes an Idempotency-Key on every signed-in write.
      if (method !== 'get' && operation.security?.length !== 0) {
        statuses.push(409, 422);
        if (
          !parameters.some((parameter) => 'name' in parameter && parameter.name === IDEMPOTENCY_KEY)
        ) {
          operation.parameters = [...parameters, IDEMPOTENCY_KEY_PARAMETER];
        }
      }
      for (const status of statuses) operation.responses[status] ??= error(status);
      // Express answers a GET with an ETag, and a repeat with its If-None-Match with 304.
      if (method === 'get') operation.responses[304] ??= NOT_MODIFIED;
      // A success answer declared without words says what it is.
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && 'description' in response && !response.description) {
          response.description = SUCCESS[status] ?? 'OK';
        }
      }
    }
  }
  return document;
}
