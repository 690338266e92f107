import ical from 'ical-generator';
import type { Round } from '../../workflows/statement/statement.types';
import { formatDeadline } from './messages';

export interface FeedMember {
  code: string;
  nameEn: string;
  timeZone: string;
}

export interface FeedRound {
  statementId: string;
  title: string;
  frameworkCode: string;
  round: Round;
}

/** One event per open round: the UID names the round, so a moved deadline updates it in place. */
export const roundUid = (statementId: string, roundNumber: number): string =>
  `${statementId}-round-${roundNumber}@adref`;

/** 0 as opened, +1 each time the deadline moved (RFC 5545 §3.8.7.4). */
export const roundSequence = (round: Round): number =>
  Math.max(0, (round.deadlineHistory?.length ?? 1) - 1);

/** When what this member's event shows last changed: its deadline or the member's own answer. */
function lastChange(round: Round, memberCode: string): Date {
  const times = [
    round.openedAt,
    ...(round.deadlineHistory ?? []).map((h) => h.setAt),
    round.positions[memberCode]?.at,
  ]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t));
  return new Date(Math.max(...times));
}

/**
 * The member's open ad-referendum deadlines as iCalendar text. It shows the member's own
 * answer only, never another member's, and no time that reveals others' activity.
 */
export function deadlinesCalendar(member: FeedMember, rounds: FeedRound[]): string {
  const calendar = ical({ name: `adref: ${member.nameEn} deadlines`, timezone: 'UTC' });
  for (const { statementId, title, frameworkCode, round } of rounds) {
    const answer = round.positions[member.code]?.position ?? 'no position yet';
    const deadline = new Date(round.deadline);
    const changed = lastChange(round, member.code);
    calendar.createEvent({
      id: roundUid(statementId, round.number),
      sequence: roundSequence(round),
      stamp: changed,
      lastModified: changed,
      start: deadline,
      end: deadline,
      summary: `Ad-referendum deadline: ${title}`,
      description:
        `${frameworkCode}, round ${round.number}. Deadline ${formatDeadline(round.deadline, member.timeZone, 'en')}.\n` +
        `${member.nameEn}: ${answer}.`,
    });
  }
  return calendar.toString();
}
