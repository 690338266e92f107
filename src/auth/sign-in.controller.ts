import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { signInConfig } from '../config/app.config';
import { Public } from '../common/auth.decorators';
import type { AuthenticatedRequest } from './auth.guard';
import { EmailLinkAcceptedDto, EmailLinkRequestDto, SignInMethodsDto } from './dto/sign-in.dto';
import { OidcService } from './oidc.service';
import { clearSessionCookies, cookieOf, linkBaseUrl, SESSION_COOKIE } from './session-cookies.util';
import { SignInService } from './sign-in.service';

const ACCEPTED =
  'If this address belongs to an adref account, a sign-in link is on its way. It works once, within 15 minutes.';

/** The JSON side of signing in: which ways are on, asking for a link, signing out. */
@ApiTags('sign-in')
@Controller()
export class SignInController {
  constructor(
    private readonly signIn: SignInService,
    private readonly oidc: OidcService,
    @Inject(signInConfig.KEY) private readonly config: ConfigType<typeof signInConfig>,
  ) {}

  /** Which ways of signing in the sign-in page offers. */
  @Get('sign-in/methods')
  @Public()
  @ApiOp('signInMethods', 'Which ways of signing in the sign-in page offers', { public: true })
  @ApiOkResponse({ type: SignInMethodsDto })
  methods(): SignInMethodsDto {
    return { emailLink: this.signIn.emailLinksAvailable, oidc: this.oidc.enabled };
  }

  /** Mails a one-time sign-in link to a known, active address; answers the same for any address. */
  @Post('sign-in/email')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOp('requestSignInLink', 'Mails a one-time sign-in link; the same answer for any address', {
    public: true,
  })
  @ApiAcceptedResponse({ type: EmailLinkAcceptedDto })
  @ApiErrors(400, 413, 415, 429)
  requestLink(@Body() body: EmailLinkRequestDto, @Req() request: Request): EmailLinkAcceptedDto {
    this.signIn.requestEmailLink(body.email, linkBaseUrl(this.config.publicUrl, request));
    return { message: ACCEPTED };
  }

  /** Ends this browser's session (a bearer token is revoked elsewhere: POST /me/token). */
  @Post('sign-out')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOp('signOut', 'Ends this browser’s session')
  @ApiSignedIn()
  @ApiNoContentResponse({ description: 'Signed out' })
  async signOut(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    if (request.signedInBy === 'session') {
      await this.signIn.signOut(cookieOf(request, SESSION_COOKIE));
      clearSessionCookies(request, response);
    }
  }
}
