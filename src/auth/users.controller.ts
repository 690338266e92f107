import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from './auth.decorators';
import { AuthService } from './auth.service';
import { CreatedUserDto, CreateUserDto } from './dto/create-user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @Roles('admin')
  async create(@Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { id, token } = await this.auth.createUser(body);
    return { id, token };
  }
}
