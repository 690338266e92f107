import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AdrefError, AdrefErrorCode, forbidden } from '../common/adref.errors';
import { IS_PUBLIC, Principal, REQUIRED_ROLES } from '../common/auth.decorators';
import { AuthService } from './auth.service';
import type { Role } from '../common/principal.entity';
import { clearSessionCookies, cookieOf, CSRF_HEADER, SESSION_COOKIE } from './session-cookies.util';
import { csrfMatches, SignInService } from './sign-in.service';

/** Methods that change something: with a session cookie they must carry the CSRF token. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How the caller signed in: an API token (automation) or a browser session. */
export type SignedInBy = 'bearer' | 'session';

export type AuthenticatedRequest = Request & { principal?: Principal; signedInBy?: SignedInBy };

/**
 * Every route needs a caller unless marked @Public(); @Roles() narrows it further. A caller is
 * an `Authorization: Bearer` API token, else the `adref_session` cookie of a browser session,
 * whose writes must also echo the session's CSRF token in `X-CSRF-Token`. Both are looked up
 * in the database on every request: a revoked or deactivated credential stops at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly signIn: SignInService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const principal = await this.authenticate(request, response);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden(`This needs the role ${roles.join(' or ')}; you are ${principal.role}`);
    }
    return true;
  }

  private async authenticate(
    request: AuthenticatedRequest,
    response: Response,
  ): Promise<Principal> {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const principal = token ? await this.auth.authenticate(token) : null;
      if (!principal) {
        throw new AdrefError(AdrefErrorCode.UNAUTHENTICATED, 'The bearer token is not valid');
      }
      request.principal = principal;
      request.signedInBy = 'bearer';
      return principal;
    }

    const secret = cookieOf(request, SESSION_COOKIE);
    if (!secret) {
      throw new AdrefError(
        AdrefErrorCode.UNAUTHENTICATED,
        'Sign in: send Authorization: Bearer <token>, or sign in on the web pages',
      );
    }
    const session = await this.signIn.authenticate(secret);
    if (!session) {
      // Signed out, expired, revoked or deactivated: the browser may forget the cookies.
      clearSessionCookies(request, response);
      throw new AdrefError(AdrefErrorCode.UNAUTHENTICATED, 'Your session has ended: sign in again');
    }
    if (WRITES.has(request.method.toUpperCase())) {
      const sent = request.headers[CSRF_HEADER];
      if (!csrfMatches(typeof sent === 'string' ? sent : undefined, session.csrfHash)) {
        throw new AdrefError(
          AdrefErrorCode.CSRF_FAILED,
          'A write with the session cookie must carry the session’s X-CSRF-Token header',
        );
      }
    }
    request.principal = session.principal;
    request.signedInBy = 'session';
    return session.principal;
  }
}
