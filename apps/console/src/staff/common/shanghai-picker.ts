/**
 * Date pickers read and write Beijing time whatever zone the PC is set to. Ant Design's pickers
 * show a dayjs value in the browser's zone, so a clerk on a PC left in UTC who picks 09:00 would
 * otherwise send 17:00+08:00. The console therefore treats a picker's value as a wall-clock
 * reading: what the clerk sees is Beijing time, read back with the timezone plugin as an instant
 * in Asia/Shanghai and sent as ISO-8601 with +08:00; the initial "now" is Beijing's wall clock.
 */
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const SHANGHAI = 'Asia/Shanghai';
const WALL = 'YYYY-MM-DDTHH:mm:ss';

/** Now, as a picker shows it: Beijing's wall-clock time in a local dayjs. */
export function shanghaiNowForPicker(now: Date = new Date()): Dayjs {
  return dayjs(dayjs(now).tz(SHANGHAI).format(WALL));
}

/** A picked date and time (a Beijing wall-clock reading) as the API wants it: `2026-12-06T09:00:00+08:00`. */
export function pickedInstantToWire(value: Dayjs): string {
  return dayjs.tz(value.format(WALL), SHANGHAI).format('YYYY-MM-DDTHH:mm:ssZ');
}

/** A picked date (its wall-clock day, which is the Beijing day the clerk chose): `2026-12-06`. */
export function pickedDateToWire(value: Dayjs): string {
  return value.format('YYYY-MM-DD');
}
