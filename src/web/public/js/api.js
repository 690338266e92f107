// The JSON API with the bearer token, or else the browser session's cookie (whose writes carry
// its CSRF token); a refusal becomes an ApiError with the API's message.
import { csrfToken, storedToken } from './session.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who signs the request: the bearer token, or the session cookie plus its CSRF token. */
function credentials(bearer, method) {
  if (bearer) return { Authorization: `Bearer ${bearer}` };
  const csrf = WRITES.has(method.toUpperCase()) ? csrfToken() : null;
  return csrf ? { 'X-CSRF-Token': csrf } : {};
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? null;
    this.details = body?.details ?? null;
  }
}

async function failure(response) {
  const body = await response.json().catch(() => null);
  return new ApiError(response.status, body);
}

/** fetch('/api/v1' + path) with the token or the session; JSON in and out. */
export async function api(path, { method = 'GET', body, headers = {}, token } = {}) {
  const bearer = token ?? storedToken();
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...credentials(bearer, method),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, null);
  }
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

/** A file the API makes (PDF, CSV), saved through a download link. */
export async function download(path, filename) {
  const response = await fetch(`/api/v1${path}`, {
    credentials: 'same-origin',
    headers: credentials(storedToken(), 'GET'),
  }).catch(() => null);
  if (!response) throw new ApiError(0, null);
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A fresh Idempotency-Key per confirmed action: a double click or a retry records once. */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
