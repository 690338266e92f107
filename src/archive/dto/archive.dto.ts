import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ArchiveQueryDto {
  @ApiProperty({
    description: 'The framework whose archive to export (ACCSM+3 is written ACCSM%2B3 in a URL)',
    example: 'ACCSM',
    maxLength: 16,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  framework: string;
}
