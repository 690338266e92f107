import { AdrefError, AdrefErrorCode } from '../common/adref.errors';

/** The procedural rules an import file can break, named in a 422's details.rule. */
export enum ImportRule {
  OUT_OF_TIME_ORDER = 'out_of_time_order',
  IN_THE_FUTURE = 'in_the_future',
  NOT_CHAIR_ON_DAY = 'not_chair_on_day',
  NO_CHAIR_ON_DAY = 'no_chair_on_day',
  UNKNOWN_MEETING = 'unknown_meeting',
  NOT_DURING_MEETING = 'not_during_meeting',
  NO_ELECTORATE = 'no_electorate',
  ELECTORATE_DIFFERS = 'electorate_differs',
  DEADLINE_NOT_AFTER_OPENING = 'deadline_not_after_opening',
  DEADLINE_NOT_LATER = 'deadline_not_later',
  NOT_AT_DEADLINE = 'not_at_deadline',
  MEMBER_NOT_IN_ELECTORATE = 'member_not_in_electorate',
  VERSION_NOT_CIRCULATED = 'version_not_circulated',
  EVENT_NOT_ALLOWED = 'event_not_allowed',
  ENDS_IN_OPEN_ROUND = 'ends_in_open_round',
}

/** The event of the file a refusal is about. */
export interface ImportEventRef {
  index: number;
  type: string;
  at: string;
}

export const importRefused = (
  event: ImportEventRef,
  rule: ImportRule,
  message: string,
  details: Record<string, unknown> = {},
): AdrefError =>
  new AdrefError(
    AdrefErrorCode.IMPORT_REFUSED,
    `events[${event.index}] ${event.type}: ${message} (rule ${rule}); nothing was imported`,
    { event, rule, ...details },
  );

export const alreadyImported = (
  importKey: string,
  statementId: string,
  importedAt: Date | null,
): AdrefError =>
  new AdrefError(
    AdrefErrorCode.ALREADY_IMPORTED,
    `${importKey} was already imported as statement ${statementId}` +
      (importedAt ? ` on ${importedAt.toISOString()}` : ''),
    { statementId, importKey, importedAt: importedAt?.toISOString() ?? null },
  );
