// ISO 8601 durations of days, hours, minutes and seconds (P7D, PT12H, P1DT6H, PT30S): the
// offsets of reminders before a deadline. Months and years are refused: their length varies.
export const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds of an ISO 8601 duration, or null when it is not one of the accepted forms. */
export function durationMs(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
