import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { signInConfig } from '../config/app.config';
import { EmailChannel } from '../notify/channels';
import { OidcService } from './oidc.service';
import { SessionsRepository } from './sessions.repository';
import { SignInPagesController } from './sign-in-pages.controller';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';

/** Sign-in without handing out tokens: email links, the identity provider, browser sessions. */
@Module({
  imports: [ConfigModule.forFeature(signInConfig)],
  controllers: [SignInController, SignInPagesController],
  providers: [SignInService, OidcService, SessionsRepository, EmailChannel],
  exports: [SignInService],
})
export class SignInModule {}
