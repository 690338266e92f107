import type { Adoption } from '../../workflows/statement/statement.types';
import type { PositionEntity } from '../engine/position.entity';
import type {
  PositionEntryDto,
  RecordMemberDto,
  RecorderDto,
  RecordStanding,
} from './dto/positions.dto';

export const iso = (date: Date): string => date.toISOString();

type Standing = Omit<RecordMemberDto, 'nameEn' | 'nameTh'>;

/** Oldest first; of two entries stored at the same instant, the superseded one first. */
export function chronologically(a: PositionEntity, b: PositionEntity): number {
  return (
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    Number(a.supersededAt === null) - Number(b.supersededAt === null) ||
    a.memberCode.localeCompare(b.memberCode)
  );
}

export function entry(row: PositionEntity, recorders: Map<string, RecorderDto>): PositionEntryDto {
  return {
    id: row.id,
    member: row.memberCode,
    position: row.position,
    versionHash: row.versionHash,
    text: row.text,
    reference: row.reference,
    onBehalf: row.onBehalf,
    recordedBy: recorders.get(row.recordedBy) ?? null,
    takenAt: iso(row.takenAt),
    recordedAt: iso(row.recordedAt),
    supersededAt: row.supersededAt ? iso(row.supersededAt) : null,
    current: row.supersededAt === null,
  };
}

/** A member's standing position in the record: its last recorded answer. */
export function standingOf(row: PositionEntity, recorders: Map<string, RecorderDto>): Standing {
  return {
    member: row.memberCode,
    position: row.position as RecordStanding,
    text: row.text,
    takenAt: iso(row.takenAt),
    recordedAt: iso(row.recordedAt),
    onBehalf: row.onBehalf,
    reference: row.reference,
    recordedBy: recorders.get(row.recordedBy) ?? null,
  };
}

/** A member counted without an answer of its own: by silence, or by the meeting's consensus. */
export function withoutAnswer(
  member: string,
  position: 'deemed_consent' | 'adopted_at_meeting',
  adoption: Adoption,
): Standing {
  return {
    member,
    position,
    text: null,
    takenAt: adoption.date,
    recordedAt: null,
    onBehalf: false,
    reference: null,
    recordedBy: null,
  };
}
