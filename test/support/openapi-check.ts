import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { openApiDocument } from '../../src/openapi.document';

/** A response the document does not describe: an unknown route or status, or a body off schema. */
export interface ContractViolation {
  method: string;
  path: string;
  status: number;
  problem: string;
}

type Schema = Record<string, unknown>;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the body parser answers (400 invalid_input, 413, 415), before any route is chosen. */
const BODY_REFUSALS = new Set([400, 413, 415]);
const hasCode = (body: unknown) => isObject(body) && typeof body.code === 'string';

/** OpenAPI 3.0's `nullable: true` as JSON Schema: the schema, or null. */
function jsonSchemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchemaOf);
  if (!isObject(schema)) return schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    // properties/patternProperties map names to schemas: convert their values, keep the names.
    converted[key] =
      (key === 'properties' || key === 'schemas') && isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSchemaOf(v)]))
        : jsonSchemaOf(value);
  }
  return schema.nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

interface Operation {
  pattern: RegExp;
  template: string;
  method: string;
  responses: Record<string, unknown>;
}

/**
 * Checks responses against the OpenAPI document: the route and its status must be declared, and
 * a JSON body must match the schema declared for that status (Ajv, formats included).
 */
export class OpenApiResponseCheck {
  readonly violations: ContractViolation[] = [];
  private readonly operations: Operation[] = [];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly components: unknown;

  constructor(
    document: OpenAPIObject,
    // The API; /api/docs (Swagger UI and the document itself) and the pages are not in it.
    private readonly prefix = '/api/v1/',
  ) {
    addFormats(this.ajv);
    this.components = jsonSchemaOf(document.components ?? {});
    for (const [template, item] of Object.entries(document.paths)) {
      // Literal segments first: /statements/import must not be taken for /statements/{id}.
      const pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
      );
      for (const [method, operation] of Object.entries(item)) {
        if (!isObject(operation) || !isObject(operation.responses)) continue;
        this.operations.push({
          pattern,
          template,
          method: method.toUpperCase(),
          responses: operation.responses,
        });
      }
    }
    const literal = (o: Operation) => o.template.split('{').length;
    this.operations.sort((a, b) => literal(a) - literal(b));
  }

  /** Checks one response; `body` is what went out as JSON (undefined for other media types). */
  check(method: string, path: string, status: number, body: unknown, json: boolean): void {
    if (!path.startsWith(this.prefix)) return;
    const fail = (problem: string) => this.violations.push({ method, path, status, problem });
    const sameMethod = this.operations.filter((o) => o.method === method);
    const operation = sameMethod.find((o) => o.pattern.test(path));
    if (!operation) {
      // Unknown routes and methods get the framework's 404; the document cannot list them.
      // The body is read before any route is chosen (http-hardening's jsonBody), so a bad body
      // sent to a path no route takes (e.g. an empty id: /statements//comments) is refused
      // first, with its code, and never reaches the 404.
      const refusedBody = BODY_REFUSALS.has(status) && hasCode(body);
      if (status !== 404 && !refusedBody) fail('no such operation in the OpenAPI document');
      return;
    }
    const response = operation.responses[String(status)] ?? operation.responses.default;
    if (!isObject(response)) {
      fail(`status ${status} is not declared for ${method} ${operation.template}`);
      return;
    }
    // Express sends no body with a 204 or 304, whatever the handler returned.
    if (!json || status === 204 || status === 304) return;
    const content = isObject(response.content) ? response.content : {};
    const media = content['application/json'];
    if (!isObject(media) || !media.schema) {
      fail(`a JSON body, but ${method} ${operation.template} ${status} declares no JSON schema`);
      return;
    }
    const key = `${method} ${operation.template} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({
        ...(jsonSchemaOf(media.schema) as Schema),
        components: this.components,
      });
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      fail(
        `body does not match ${key}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}`,
      );
    }
  }

  /** Express middleware that checks every response of the app it is mounted on. */
  static middleware(app: INestApplication) {
    return (request: Request, response: Response, next: NextFunction) => {
      let body: unknown;
      let json = false;
      const send = response.json.bind(response);
      response.json = (value: unknown) => {
        // As the client reads it: Dates become strings, undefined fields vanish.
        body = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
        json = true;
        return send(value);
      };
      response.on('finish', () => {
        const path = request.originalUrl.split('?')[0];
        // Built at the first answer, once the app has its prefix and routes.
        responseCheckFor(app).check(request.method, path, response.statusCode, body, json);
      });
      next();
    };
  }

  /** The violations since the last call, which are then forgotten. */
  take(): ContractViolation[] {
    return this.violations.splice(0);
  }
}

let shared: OpenApiResponseCheck | undefined;

/**
 * The check for an app run as a child process (node dist/src/main.js): the document the
 * build wrote from the same code (`npm run openapi`, generated/openapi.json).
 */
export function responseCheckForBuild(root: string): OpenApiResponseCheck {
  shared ??= new OpenApiResponseCheck(
    JSON.parse(readFileSync(join(root, 'generated/openapi.json'), 'utf8')) as OpenAPIObject,
  );
  return shared;
}

/** One check per test file, built from the document of the first app it sees. */
export function responseCheckFor(app: INestApplication): OpenApiResponseCheck {
  shared ??= new OpenApiResponseCheck(openApiDocument(app));
  return shared;
}

export function formatViolations(violations: ContractViolation[]): string {
  return violations.map((v) => `${v.method} ${v.path} → ${v.status}: ${v.problem}`).join('\n');
}

/** Fails the test whose requests got answers the OpenAPI document does not describe. */
export function failOnContractViolations(): void {
  const violations = shared?.take() ?? [];
  if (violations.length > 0) {
    throw new Error(
      `Responses that do not match the OpenAPI document (fix the document, src/**/dto):\n${formatViolations(violations)}`,
    );
  }
}
