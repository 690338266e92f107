import type { CookieOptions, Request, Response } from 'express';

/** The browser session's secret: HttpOnly, so no script can read it. */
export const SESSION_COOKIE = 'adref_session';
/** The session's CSRF token, readable by the pages, which echo it in X-CSRF-Token on writes. */
export const CSRF_COOKIE = 'adref_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The identity provider round trip in flight (PKCE verifier, state, nonce), sealed. */
export const OIDC_COOKIE = 'adref_oidc';
export const OIDC_COOKIE_PATH = '/sign-in/oidc';

export interface OpenedSession {
  secret: string;
  csrfToken: string;
  maxAgeMs: number;
}

export const isLoopback = (hostname: string): boolean =>
  ['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname.toLowerCase());

/** Secure everywhere except on localhost, where adref is tried over plain HTTP. */
export const secureCookies = (request: Request): boolean => !isLoopback(request.hostname ?? '');

const sessionCookieOptions = (request: Request): CookieOptions => ({
  sameSite: 'strict',
  path: '/',
  secure: secureCookies(request),
});

export function setSessionCookies(request: Request, response: Response, opened: OpenedSession) {
  const options = { ...sessionCookieOptions(request), maxAge: opened.maxAgeMs };
  response.cookie(SESSION_COOKIE, opened.secret, { ...options, httpOnly: true });
  response.cookie(CSRF_COOKIE, opened.csrfToken, { ...options, httpOnly: false });
}

export function clearSessionCookies(request: Request, response: Response): void {
  const options = sessionCookieOptions(request);
  response.clearCookie(SESSION_COOKIE, { ...options, httpOnly: true });
  response.clearCookie(CSRF_COOKIE, { ...options, httpOnly: false });
}

/** A cookie value as cookie-parser gives it, or undefined. */
export function cookieOf(request: Request, name: string): string | undefined {
  const value = (request.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export const requestOrigin = (request: Request): string =>
  `${request.protocol}://${request.get('host') ?? request.hostname}`;

/**
 * Where links in emails point: ADREF_PUBLIC_URL, or the request's own address on localhost.
 * Never a Host header from elsewhere: a forged one would send a person's link to a stranger.
 */
export const linkBaseUrl = (publicUrl: string | undefined, request: Request): string | null =>
  publicUrl ?? (isLoopback(request.hostname ?? '') ? requestOrigin(request) : null);
