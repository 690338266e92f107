import { fill, term, vocabulary, VocabularyLanguage } from '../common/vocabulary';
import type { MeetingEntity } from './reference.entities';

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st, 22nd. */
export function englishOrdinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const LOCALES: Record<VocabularyLanguage, string> = { en: 'en-GB', th: 'th-TH' };

const dayOf = (date: string) => new Date(`${date}T00:00:00Z`);

/** "22–24 April 2019", "22 April – 2 May 2019"; in Thai with the Buddhist year. */
export function meetingDates(from: string, to: string, language: VocabularyLanguage): string {
  const format = new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  if (from === to) return format.format(dayOf(from));
  // ICU puts thin spaces around the dash; plain spaces, and none between two days of a month.
  return format
    .formatRange(dayOf(from), dayOf(to))
    .replace(/\s*–\s*/, ' – ')
    .replace(/(\d) – (\d)/, '$1–$2');
}

/** What every view shows of a meeting named by id: its facts and its name in EN and TH. */
export interface MeetingView {
  id: string;
  framework: string;
  kind: string;
  ordinal: number | null;
  dateFrom: string;
  dateTo: string;
  place: string | null;
  /** E.g. "20th ACCSM SOM, Chiang Rai, Thailand, 22–24 April 2019". */
  labelEn: string;
  labelTh: string;
}

export function meetingLabel(meeting: MeetingEntity, language: VocabularyLanguage): string {
  const labels = vocabulary(language).labels;
  const template = meeting.ordinal === null ? labels.meetingNoOrdinal : labels.meetingName;
  return fill(template, {
    ordinal: meeting.ordinal === null ? null : englishOrdinal(meeting.ordinal),
    n: meeting.ordinal,
    framework: meeting.frameworkCode,
    kind: term(language, 'meetingKinds', meeting.kind),
    place: meeting.place,
    dates: meetingDates(meeting.dateFrom, meeting.dateTo, language),
  })
    .replace(/, ,/g, ',')
    .replace(/^, |, $/g, '');
}

export const meetingView = (meeting: MeetingEntity): MeetingView => ({
  id: meeting.id,
  framework: meeting.frameworkCode,
  kind: meeting.kind,
  ordinal: meeting.ordinal,
  dateFrom: meeting.dateFrom,
  dateTo: meeting.dateTo,
  place: meeting.place,
  labelEn: meetingLabel(meeting, 'en'),
  labelTh: meetingLabel(meeting, 'th'),
});

/** A meeting row with its name in EN and TH, so that a client need not compose it. */
export const withLabels = (meeting: MeetingEntity) => ({
  ...meeting,
  labelEn: meetingLabel(meeting, 'en'),
  labelTh: meetingLabel(meeting, 'th'),
});
