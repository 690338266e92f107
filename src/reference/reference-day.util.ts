/**
 * Reference dates (memberships, chair terms) are calendar days as kept at the ASEAN
 * Secretariat in Jakarta: an act at 05:00 in Bangkok on 26 October falls on 26 October.
 */
export const REFERENCE_TIME_ZONE = 'Asia/Jakarta';

const referenceDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: REFERENCE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The reference calendar day (YYYY-MM-DD) of an instant. */
export const dayOf = (instant: Date): string => referenceDay.format(instant);
