import type { AuditEventEntity } from '../engine/engine.entities';
import { fill } from '../common/vocabulary';
import type { ChainHeadDto, RecordEventDto, RecordProposalDto } from './dto/positions.dto';

// Shown to the minute: an act stored within the minute it took effect is not back-dated.
const MINUTE = 60_000;

/** A back-dated act: stored at least a minute after it took effect (or imported). */
export function isBackdated(at: string, recordedAt: string | null): boolean {
  return recordedAt !== null && Date.parse(recordedAt) - Date.parse(at) >= MINUTE;
}

/** The chain head as one line, the same in the CSV, the PDF and for `npm run verify --witness`. */
export function chainHeadLine(head: ChainHeadDto): string {
  return `chain head: statement ${head.statementId} seq ${head.seq} hash ${head.hash} key ${head.keyId} signature ${head.signature}`;
}

/** Where to check a record: the API, the command line, and the public keys. */
export function verifyPaths(statementId: string) {
  return {
    api: `GET /api/v1/statements/${statementId}/verify`,
    cli: 'npm run verify -- --witness',
    keys: '/api/v1/keys',
  };
}

/** An audit event as the record shows it: what, both times, who, and whether imported. */
export function recordEvent(event: AuditEventEntity): RecordEventDto {
  const payload = event.payload;
  const position = payload.position as { member?: string; position?: string } | undefined;
  return {
    seq: event.seq,
    type: event.type,
    at: event.at.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    actor: event.actorLabel,
    imported: payload.imported === true,
    member: position?.member ?? null,
    position: position?.position ?? null,
    deadline: typeof payload.deadline === 'string' ? payload.deadline : null,
  };
}

/** A proposal's line in the record's annex: who, which paragraph of which version, its fate. */
export function proposalLine(
  proposal: RecordProposalDto,
  words: { proposalLine: string; proposalStates: Record<string, string> },
): string {
  const state = fill(words.proposalStates[proposal.state] ?? proposal.state, {
    n: proposal.decidedInVersion,
    reason: proposal.reason ?? '—',
  });
  return fill(words.proposalLine, {
    member: proposal.member,
    paragraph: proposal.paragraph,
    version: proposal.versionNumber,
    state,
  });
}
