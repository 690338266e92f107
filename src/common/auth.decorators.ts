import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Language, Role } from './principal.entity';

/** The signed-in caller, as the auth guard attaches it to the request. */
export interface Principal {
  id: string;
  name: string;
  email: string;
  role: Role;
  memberCode: string | null;
  language: Language;
}

export const IS_PUBLIC = 'adref:public';
export const REQUIRED_ROLES = 'adref:roles';

/** Open to anyone, signed in or not. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (checked after sign-in). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
