/** The path and query of a calendar-link URL, to request it from the in-process app. */
export function feedPath(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** iCalendar text with its long lines joined again (RFC 5545 §3.1), so a word is never split. */
export const unfold = (text: string): string => text.replace(/\r\n[ \t]/g, '');

/** The events of iCalendar text, each as its properties (lines unfolded, parameters dropped). */
export function calendarEvents(text: string): Record<string, string>[] {
  const lines = unfold(text).split('\r\n');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT' && current) {
      events.push(current);
      current = null;
    } else if (current) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).split(';')[0];
      current[name] = line.slice(colon + 1);
    }
  }
  return events;
}
