/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant at or after `after` when the clock in `timeZone` shows `hour`:00, e.g. the
 * next 08:00 in Bangkok. Zones with daylight saving are taken at the offset of that morning.
 */
export function nextLocalTime(after: Date, timeZone: string, hour = 8): Date {
  const local = new Date(after.getTime() + offsetMs(after.getTime(), timeZone));
  for (let day = 0; day < 3; day++) {
    const wall = Date.UTC(
      local.getUTCFullYear(),
      local.getUTCMonth(),
      local.getUTCDate() + day,
      hour,
    );
    let instant = wall - offsetMs(wall, timeZone);
    instant = wall - offsetMs(instant, timeZone);
    if (instant >= after.getTime()) return new Date(instant);
  }
  throw new Error(`no ${hour}:00 in ${timeZone} after ${after.toISOString()}`);
}
