import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AdrefError, AdrefErrorCode, forbidden } from '../common/adref.errors';
import { IS_PUBLIC, Principal, REQUIRED_ROLES } from './auth.decorators';
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

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new AdrefError(
        AdrefErrorCode.UNAUTHENTICATED,
        'Sign in: send Authorization: Bearer <token>',
      );
    }
    const principal = await this.auth.authenticate(match[1]);
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
