import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { invalidInput } from '../common/adref.errors';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { CreatedUserDto, CreateUserDto, MeDto } from './dto/create-user.dto';
import {
  AccountEventDto,
  IssuedTokenDto,
  ListUsersQueryDto,
  SignedOutDto,
  UpdateMeDto,
  UpdateUserDto,
  UserDetailDto,
  UserDto,
  UsersPageDto,
} from './dto/users.dto';
import { UsersService } from './users.service';

const userId = new ParseUUIDPipe({
  exceptionFactory: () => invalidInput('the user id must be a UUID'),
});

@ApiTags('users')
@ApiSignedIn()
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiOp('createUser', 'Creates an account and its first API token, shown once (admin)')
  @ApiErrors(
    [400, 'Invalid fields, or a focal point without a member'],
    [409, 'email_taken: another account uses this email'],
    [403, 'Not an admin'],
  )
  async create(
    @Body() body: CreateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedUserDto> {
    const { user, token, expiresAt } = await this.users.create(body, principal);
    return { id: user.id, token, expiresAt };
  }

  @Get('users')
  @Roles('admin')
  @ApiOkResponse({ type: UsersPageDto })
  @ApiOp('listUsers', 'Accounts, by role, member and whether active (admin)')
  @ApiErrors([403, 'Not an admin'])
  list(@Query() query: ListUsersQueryDto): Promise<UsersPageDto> {
    return this.users.list(query);
  }

  @Get('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: UserDetailDto })
  @ApiOp('getUser', 'An account with its working tokens and open sessions (admin)')
  @ApiErrors([404, 'No such user'], [403, 'Not an admin'])
  get(@Param('id', userId) id: string): Promise<UserDetailDto> {
    return this.users.get(id);
  }

  /** `active: false` stops every credential of the user at once. */
  @Patch('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  @ApiOp('updateUser', 'Changes an account; active: false stops all its credentials (admin)')
  @ApiErrors(
    [400, 'Invalid fields, or a focal point without a member'],
    [409, 'email_taken: another account uses this email'],
    [404, 'No such user'],
    [403, 'Not an admin'],
    [422, 'domain_rule: an admin cannot deactivate or demote their own account'],
  )
  update(
    @Param('id', userId) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserDto> {
    return this.users.update(id, body, principal);
  }

  /** A new token for the user, shown once; the user's earlier tokens stop working. */
  @Post('users/:id/token')
  @Roles('admin')
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiOp(
    'issueUserToken',
    'A new token for the user, shown once; earlier ones stop working (admin)',
  )
  @ApiErrors(
    [404, 'No such user'],
    [403, 'Not an admin'],
    [422, 'domain_rule: not for this account'],
  )
  issueToken(
    @Param('id', userId) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IssuedTokenDto> {
    return this.users.issueToken(id, principal);
  }

  /** Every change to the account, oldest first, with who made it. */
  @Get('users/:id/events')
  @Roles('admin')
  @ApiOkResponse({ type: [AccountEventDto] })
  @ApiOp('listUserEvents', 'Every change to the account, oldest first (admin)')
  @ApiErrors([404, 'No such user'], [403, 'Not an admin'])
  events(@Param('id', userId) id: string): Promise<AccountEventDto[]> {
    return this.users.events(id);
  }

  /** Who the credential belongs to and which member they act for. */
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  @ApiOp('getMe', 'Who the credential belongs to and which member they act for')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  @ApiOp('updateMe', 'Changes the caller’s language or daily digest')
  @ApiErrors([400, 'Not a language adref speaks, or not a digest choice (daily, none)'])
  updateMe(@Body() body: UpdateMeDto, @CurrentPrincipal() principal: Principal): Promise<UserDto> {
    return this.users.updateMe(principal, body);
  }

  /** A new token for the caller, shown once; the one in use stops working. */
  @Post('me/token')
  @ApiCreatedResponse({ type: IssuedTokenDto })
  @ApiOp('rotateMyToken', 'A new token for the caller, shown once; the one in use stops working')
  rotateToken(@CurrentPrincipal() principal: Principal): Promise<IssuedTokenDto> {
    return this.users.rotateOwn(principal);
  }

  /** Revokes every token and browser session of the caller, the one in use included. */
  @Post('me/sign-out-everywhere')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedOutDto })
  @ApiOp('signOutEverywhere', 'Revokes every token and session of the caller')
  signOutEverywhere(@CurrentPrincipal() principal: Principal): Promise<SignedOutDto> {
    return this.users.signOutEverywhere(principal);
  }
}
