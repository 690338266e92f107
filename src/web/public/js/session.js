// The bearer token lives in this tab (sessionStorage) or, when asked, on this device
// (localStorage). A link /#token=… or /?token=… signs in and the token leaves the URL at once.
// Without a token, the browser session (an HttpOnly cookie set by an email link or the
// identity provider) signs in; its CSRF token is the one cookie scripts may read.

const KEY = 'adref.token';

export function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const fromHash = new URLSearchParams(url.hash.replace(/^#/, '')).get('token');
  const fromQuery = url.searchParams.get('token');
  const token = fromHash || fromQuery;
  if (!token) return null;
  url.searchParams.delete('token');
  url.hash = '';
  window.history.replaceState(null, '', url.pathname + url.search);
  return token.trim();
}

export function storedToken() {
  return window.sessionStorage.getItem(KEY) || window.localStorage.getItem(KEY);
}

export function storeToken(token, remember) {
  clearToken();
  (remember ? window.localStorage : window.sessionStorage).setItem(KEY, token);
}

export function clearToken() {
  window.sessionStorage.removeItem(KEY);
  window.localStorage.removeItem(KEY);
}

/** The browser session's CSRF token (cookie adref_csrf), echoed in X-CSRF-Token on writes. */
export function csrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('adref_csrf='));
  return cookie ? decodeURIComponent(cookie.slice('adref_csrf='.length)) : null;
}
