import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Problem, ProblemKind, VerifyReport } from '../verify.types';

const PROBLEM_KINDS: ProblemKind[] = [
  'hash_mismatch',
  'broken_link',
  'bad_signature',
  'unknown_key',
  'unsigned',
  'missing_events',
  'replay_refused',
  'replay_mismatch',
  'snapshot_mismatch',
  'round_mismatch',
  'position_mismatch',
  'text_mismatch',
  'witness_mismatch',
  'document_mismatch',
];

export class ProblemDto implements Problem {
  @ApiPropertyOptional({ description: 'The audit event concerned, when there is one' })
  seq?: number;
  @ApiProperty({ enum: PROBLEM_KINDS }) kind: ProblemKind;
  @ApiProperty({
    example: 'the event signature does not verify with the published key 3f2a9c1d0b7e4a65',
  })
  message: string;
}

export class VerifyReportDto implements VerifyReport {
  @ApiProperty({ description: 'True when no problem was found' }) valid: boolean;
  @ApiProperty({ description: 'Audit events read and replayed' }) checkedEvents: number;
  @ApiProperty({ type: [ProblemDto] }) problems: ProblemDto[];
}
