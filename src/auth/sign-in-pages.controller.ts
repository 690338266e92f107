import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth.decorators';
import { OidcService } from './oidc.service';
import {
  cookieOf,
  OIDC_COOKIE,
  OIDC_COOKIE_PATH,
  requestOrigin,
  secureCookies,
  SESSION_COOKIE,
  setSessionCookies,
} from './session-cookies.util';
import { OIDC_TRANSACTION_TTL_MS } from './oidc.service';
import { SignInPageFilter } from './sign-in-page.filter';
import { SignInService } from './sign-in.service';

/** These answer people's browsers, outside /api/v1: setGlobalPrefix excludes them. */
export const SIGN_IN_PAGE_ROUTES = ['sign-in/link', 'sign-in/oidc', 'sign-in/oidc/callback'];

/**
 * Where a browser arrives to sign in: the link from the email, and the identity provider's
 * round trip. Each opens a session and goes to the board, or shows why not as a page.
 */
@ApiExcludeController()
@Public()
@UseFilters(SignInPageFilter)
@Controller('sign-in')
export class SignInPagesController {
  constructor(
    private readonly signIn: SignInService,
    private readonly oidc: OidcService,
  ) {}

  @Get('link')
  async link(
    @Query('token') token: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // Mail scanners check links with HEAD: that must not use the link up.
    if (request.method === 'HEAD') {
      response.set('Cache-Control', 'no-store').status(200).end();
      return;
    }
    const opened = await this.signIn.signInWithLink(token, cookieOf(request, SESSION_COOKIE));
    setSessionCookies(request, response, opened);
    response.set('Cache-Control', 'no-store').redirect(303, '/');
  }

  @Get('oidc')
  async startOidc(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { authorizationUrl, transaction } = await this.oidc.start(
      this.oidc.redirectUri(requestOrigin(request)),
    );
    // Lax, not Strict: it must come back with the provider's redirect, a cross-site navigation.
    response.cookie(OIDC_COOKIE, transaction, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies(request),
      path: OIDC_COOKIE_PATH,
      maxAge: OIDC_TRANSACTION_TTL_MS,
    });
    response.set('Cache-Control', 'no-store').redirect(303, authorizationUrl);
  }

  @Get('oidc/callback')
  async finishOidc(@Req() request: Request, @Res() response: Response): Promise<void> {
    response.clearCookie(OIDC_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies(request),
      path: OIDC_COOKIE_PATH,
    });
    const callback = new URL(this.oidc.redirectUri(requestOrigin(request)));
    callback.search = new URL(request.originalUrl, callback).search;
    const opened = await this.oidc.finish(
      callback,
      cookieOf(request, OIDC_COOKIE),
      cookieOf(request, SESSION_COOKIE),
    );
    setSessionCookies(request, response, opened);
    response.set('Cache-Control', 'no-store').redirect(303, '/');
  }
}
