import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ReferenceModule } from '../reference/reference.module';
import { AuthGuard } from './auth.guard';
import { AccountEventsRepository } from './account-events.repository';
import { AuthService } from './auth.service';
import { SignInModule } from './sign-in.module';
import { TokensRepository } from './tokens.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [ReferenceModule, SignInModule],
  controllers: [UsersController],
  providers: [
    AuthService,
    UsersService,
    UsersRepository,
    TokensRepository,
    AccountEventsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = this.config.get<string>('app.adminToken');
    if (token) await this.auth.ensureAdmin(token);
    // The setting is gone: no earlier ADREF_ADMIN_TOKEN signs in any more.
    else await this.auth.retireAdminTokens();
  }
}
