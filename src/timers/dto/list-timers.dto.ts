import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class ListTimersQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'fired', 'skipped', 'cancelled'] })
  @IsOptional()
  @IsIn(['pending', 'fired', 'skipped', 'cancelled'])
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  statement?: string;
}
