import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { statusOf } from '../common/adref-exception.filter';
import { isDatabaseUnavailable } from '../common/database-unavailable.util';
import { SECURITY_HEADERS } from '../common/security-headers';
import { RefusalKind, REFUSALS } from './sign-in.texts';

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Which page a refusal shows, and with which status. */
export function refusalOf(error: unknown): { kind: RefusalKind; status: number; email: string } {
  if (error instanceof AdrefError) {
    const reason = String(error.details?.reason ?? '');
    const email = String(error.details?.email ?? '');
    const status = statusOf(error.code);
    switch (error.code) {
      case AdrefErrorCode.SIGN_IN_LINK_USED:
        return { kind: 'link_used', status, email };
      case AdrefErrorCode.SIGN_IN_LINK_EXPIRED:
        return { kind: 'link_expired', status, email };
      case AdrefErrorCode.SIGN_IN_LINK_INVALID:
        return { kind: 'link_invalid', status, email };
      case AdrefErrorCode.SIGN_IN_REFUSED:
        return {
          kind:
            reason === 'account_deactivated' || reason === 'no_email' ? reason : 'account_unknown',
          status,
          email,
        };
      case AdrefErrorCode.SIGN_IN_FAILED:
        return reason === 'provider_unreachable'
          ? { kind: 'unavailable', status: HttpStatus.SERVICE_UNAVAILABLE, email }
          : { kind: 'provider_failed', status, email };
      case AdrefErrorCode.NOT_FOUND:
        return { kind: 'provider_off', status, email };
      default:
        break;
    }
  }
  if (isDatabaseUnavailable(error)) {
    return { kind: 'unavailable', status: HttpStatus.SERVICE_UNAVAILABLE, email: '' };
  }
  return { kind: 'error', status: HttpStatus.INTERNAL_SERVER_ERROR, email: '' };
}

/** A page that says, in English and in Thai, why signing in did not work and what to do. */
export function refusalPage(kind: RefusalKind, email = ''): string {
  const en = REFUSALS.en[kind](escapeHtml(email));
  const th = REFUSALS.th[kind](escapeHtml(email));
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${en.title} · adref</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/app.css" />
  </head>
  <body>
    <header class="site-header"><div class="bar"><a class="brand" href="/"><span class="brand-name">adref</span></a></div></header>
    <main id="main" class="sign-in-refusal" data-refusal="${kind}">
      <section class="card" lang="en">
        <h1>${en.title}</h1>
        <p>${en.text}</p>
        <p><a class="button-link" href="/">${en.action}</a></p>
      </section>
      <section class="card" lang="th">
        <h2>${th.title}</h2>
        <p>${th.text}</p>
        <p><a class="button-link" href="/">${th.action}</a></p>
      </section>
    </main>
  </body>
</html>
`;
}

/** The sign-in pages (not the JSON API) answer a refusal with a page a person can read. */
@Catch()
export class SignInPageFilter implements ExceptionFilter {
  private readonly logger = new Logger(SignInPageFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const { kind, status, email } = refusalOf(exception);
    if (kind === 'error') this.logger.error(exception);
    const response = host.switchToHttp().getResponse<Response>();
    response
      .status(status)
      .set({
        ...SECURITY_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
      })
      .send(refusalPage(kind, email));
  }
}
