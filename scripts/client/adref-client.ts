// The typed client of the adref API: openapi-fetch over the types openapi-typescript generates
// from the OpenAPI document (`npm run openapi` writes generated/api.d.ts; nothing generated is
// committed). Every path, body and answer is checked by tsc against the document.
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/api';

export type AdrefClient = Client<paths>;
export type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorView'];

/** No answer at all: the server is not listening, or took longer than a minute. */
export class AdrefUnreachableError extends Error {}

const REQUEST_TIMEOUT_MS = 60_000;

async function fetchWithTimeout(request: Request): Promise<Response> {
  try {
    return await fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error) {
    throw new AdrefUnreachableError(
      `${request.method} ${request.url}: no answer (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** The API at `origin` (e.g. http://localhost:3000), signed in with `token` when given. */
export function adrefClient(origin: string, token?: string): AdrefClient {
  return createClient<paths>({
    baseUrl: origin.replace(/\/+$/, ''),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    fetch: fetchWithTimeout,
  });
}

/** A refusal of the API, with the status and the error body the document declares. */
export class AdrefApiError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    readonly body: ErrorBody | undefined,
  ) {
    super(
      `${what} → ${status} ${body?.code ?? ''}: ${body?.message ?? 'no error body'}`.replace(
        '  ',
        ' ',
      ),
    );
  }
}

/** The parts of an openapi-fetch answer `must` reads. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' &&
  value !== null &&
  'statusCode' in value &&
  'message' in value &&
  typeof value.message === 'string';

/** The answer's body when it succeeded; else an AdrefApiError saying what was refused. */
export function must<T>(answer: Answer<T>, what: string): T {
  if (answer.response.ok && answer.data !== undefined) return answer.data;
  throw new AdrefApiError(
    what,
    answer.response.status,
    isErrorBody(answer.error) ? answer.error : undefined,
  );
}

/** The error body of a refusal (undefined on success). */
export function refusal(answer: { error?: unknown }): ErrorBody | undefined {
  return isErrorBody(answer.error) ? answer.error : undefined;
}
