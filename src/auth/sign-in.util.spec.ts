import type { Request } from 'express';
import { sha256 } from '../common/hash.util';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { isLoopback, linkBaseUrl } from './session-cookies.util';
import { refusalOf, refusalPage } from './sign-in-page.filter';
import { csrfMatches } from './sign-in.service';
import { REFUSALS, RefusalKind, signInEmail } from './sign-in.texts';

const requestFor = (host: string) =>
  ({
    protocol: 'http',
    hostname: host.replace(/:\d+$/, ''),
    get: (name: string) => (name.toLowerCase() === 'host' ? host : undefined),
  }) as unknown as Request;

describe('sign-in helpers', () => {
  it('matches a CSRF token only against its own hash', () => {
    const token = 'a'.repeat(43);
    expect(csrfMatches(token, sha256(token))).toBe(true);
    expect(csrfMatches('b'.repeat(43), sha256(token))).toBe(false);
    expect(csrfMatches(undefined, sha256(token))).toBe(false);
    expect(csrfMatches('', sha256(token))).toBe(false);
    expect(csrfMatches(token, 'short')).toBe(false);
  });

  it('puts links under ADREF_PUBLIC_URL, or the request’s own address only on localhost', () => {
    expect(linkBaseUrl('https://adref.example.go.th', requestFor('evil.example.com'))).toBe(
      'https://adref.example.go.th',
    );
    expect(linkBaseUrl(undefined, requestFor('127.0.0.1:3000'))).toBe('http://127.0.0.1:3000');
    expect(linkBaseUrl(undefined, requestFor('localhost:3000'))).toBe('http://localhost:3000');
    expect(linkBaseUrl(undefined, requestFor('evil.example.com'))).toBeNull();
    expect(isLoopback('LOCALHOST')).toBe(true);
    expect(isLoopback('127.0.0.2')).toBe(false);
    expect(isLoopback('localhost.evil.com')).toBe(false);
  });

  it('has every refusal and the email in English and in Thai', () => {
    const kinds = Object.keys(REFUSALS.en) as RefusalKind[];
    expect(Object.keys(REFUSALS.th).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const en = REFUSALS.en[kind]('x@example.org');
      const th = REFUSALS.th[kind]('x@example.org');
      for (const text of [en.title, en.text, en.action, th.title, th.text, th.action]) {
        expect(text.trim().length).toBeGreaterThan(0);
      }
      expect(`${th.title}${th.text}${th.action}`).toMatch(/[\u0E00-\u0E7F]/);
    }
    const params = { name: 'N', url: 'http://127.0.0.1/sign-in/link?token=t', until: 'U' };
    expect(signInEmail('th', params).body).toContain(params.url);
    expect(signInEmail('en', params).body).toContain(params.url);
    // The HTML part links the same address and escapes the name it greets.
    const html = signInEmail('en', { ...params, name: '<b>N</b>' }).html;
    expect(html).toContain(`<a href="${params.url}">`);
    expect(html).toContain('Hello &lt;b&gt;N&lt;/b&gt;,');
  });

  it('maps each refusal to its page and status', () => {
    const refusal = (code: AdrefErrorCode, details?: Record<string, unknown>) =>
      refusalOf(new AdrefError(code, 'x', details));
    expect(refusal(AdrefErrorCode.SIGN_IN_LINK_USED)).toMatchObject({
      kind: 'link_used',
      status: 410,
    });
    expect(refusal(AdrefErrorCode.SIGN_IN_LINK_EXPIRED)).toMatchObject({
      kind: 'link_expired',
      status: 410,
    });
    expect(refusal(AdrefErrorCode.SIGN_IN_LINK_INVALID)).toMatchObject({
      kind: 'link_invalid',
      status: 400,
    });
    expect(
      refusal(AdrefErrorCode.SIGN_IN_REFUSED, { reason: 'account_deactivated', email: 'a@b' }),
    ).toEqual({ kind: 'account_deactivated', status: 403, email: 'a@b' });
    expect(
      refusal(AdrefErrorCode.SIGN_IN_FAILED, { reason: 'provider_unreachable' }),
    ).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(refusalOf(new Error('boom'))).toMatchObject({ kind: 'error', status: 500 });
  });

  it('shows the email the provider gave as text, never as markup', () => {
    const page = refusalPage('account_unknown', '<img src=x onerror=alert(1)>@example.org');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;@example.org');
  });
});
