import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from './auth.decorators';
import type { Principal } from './auth.decorators';
import { AuthService } from './auth.service';
import { CreatedUserDto, CreateUserDto } from './dto/create-user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post('users')
  @Roles('admin')
  async create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { id, token } = await this.auth.createUser(body);
    return { id, token };
  }

  /** Who the token belongs to and which member they act for. */
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
