import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsOptional, IsString, MaxLength } from 'class-validator';

/** The query of a calendar feed: the feed's secret, and nothing that signs anyone in. */
export class CalendarFeedQueryDto {
  @ApiPropertyOptional({
    description: 'The feed secret from GET /members/{code}/calendar-link; it reads this feed only',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;

  // Declared so that the refusal says why (token_in_query) instead of "unknown field".
  @ApiPropertyOptional({
    type: String,
    description: 'Refused (400 token_in_query): API tokens never go in a URL',
    deprecated: true,
  })
  @Allow()
  token?: unknown;
}

export class CalendarLinkDto {
  @ApiProperty({
    example: 'https://adref.example.go.th/api/v1/members/THA/deadlines.ics?key=3q2-7w…',
    description: 'Subscribe to this URL in a calendar program; it carries the feed secret',
  })
  url: string;
}
