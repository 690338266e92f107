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
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { invalidInput } from '../common/adref.errors';
import { CurrentPrincipal, Roles } from './auth.decorators';
import type { Principal } from './auth.decorators';
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
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid credential (an expired token says so)' })
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedUserDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a focal point without a member' })
  @ApiConflictResponse({ description: 'email_taken: another account uses this email' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
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
  @ApiForbiddenResponse({ description: 'Not an admin' })
  list(@Query() query: ListUsersQueryDto): Promise<UsersPageDto> {
    return this.users.list(query);
  }

  @Get('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: UserDetailDto })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  get(@Param('id', userId) id: string): Promise<UserDetailDto> {
    return this.users.get(id);
  }

  /** `active: false` stops every credential of the user at once. */
  @Patch('users/:id')
  @Roles('admin')
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'Invalid fields, or a focal point without a member' })
  @ApiConflictResponse({ description: 'email_taken: another account uses this email' })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
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
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
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
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiForbiddenResponse({ description: 'Not an admin' })
  events(@Param('id', userId) id: string): Promise<AccountEventDto[]> {
    return this.users.events(id);
  }

  /** Who the credential belongs to and which member they act for. */
  @Get('me')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'Not a language adref speaks' })
  updateMe(@Body() body: UpdateMeDto, @CurrentPrincipal() principal: Principal): Promise<UserDto> {
    return this.users.updateMe(principal, body);
  }

  /** A new token for the caller, shown once; the one in use stops working. */
  @Post('me/token')
  @ApiCreatedResponse({ type: IssuedTokenDto })
  rotateToken(@CurrentPrincipal() principal: Principal): Promise<IssuedTokenDto> {
    return this.users.rotateOwn(principal);
  }

  /** Revokes every token and browser session of the caller, the one in use included. */
  @Post('me/sign-out-everywhere')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedOutDto })
  signOutEverywhere(@CurrentPrincipal() principal: Principal): Promise<SignedOutDto> {
    return this.users.signOutEverywhere(principal);
  }
}
