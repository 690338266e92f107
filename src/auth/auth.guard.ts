import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AdrefError, AdrefErrorCode, forbidden } from '../common/adref.errors';
import { IS_PUBLIC, Principal, REQUIRED_ROLES, TOKEN_IN_QUERY } from './auth.decorators';
import { AuthService } from './auth.service';
import type { Role } from './principal.entity';

/** Every route needs a bearer token unless marked @Public(); @Roles() narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>;
      query: Record<string, unknown>;
      principal?: Principal;
    }>();
    const fromHeader = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const fromQuery =
      this.reflector.getAllAndOverride<boolean>(TOKEN_IN_QUERY, targets) &&
      typeof request.query.token === 'string'
        ? request.query.token
        : undefined;
    const token = fromHeader ?? fromQuery;
    if (!token) {
      throw new AdrefError(
        AdrefErrorCode.UNAUTHENTICATED,
        'Sign in: send Authorization: Bearer <token>',
      );
    }
    const principal = await this.auth.authenticate(token);
    if (!principal) {
      throw new AdrefError(AdrefErrorCode.UNAUTHENTICATED, 'The bearer token is not valid');
    }
    request.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw forbidden(`This needs the role ${roles.join(' or ')}; you are ${principal.role}`);
    }
    return true;
  }
}
