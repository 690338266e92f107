/** User text is only ever set as text, and nothing but our own scripts may run. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // A sign-in link carries a token until the page removes it: never send it on.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
