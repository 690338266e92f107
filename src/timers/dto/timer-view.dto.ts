import { ApiProperty } from '@nestjs/swagger';
import { ApiInstant } from '../../common/openapi.decorators';

/** A durable deadline or reminder. */
export class TimerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) statementId: string;
  @ApiProperty() roundNumber: number;
  @ApiProperty({ enum: ['deadline', 'reminder'] }) kind: string;
  @ApiProperty({ type: String, nullable: true, example: 'P2D', description: 'Reminders only' })
  offset: string | null;
  @ApiInstant() dueAt: string;
  @ApiProperty({ enum: ['pending', 'fired', 'skipped', 'cancelled'] }) status: string;
  @ApiInstant() createdAt: string;
  @ApiInstant({ nullable: true }) settledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}
