/**
 * antd's DatePicker shows and returns wall-clock times in the browser's zone; the platform's times are
 * Beijing times whatever that zone is. These two functions translate between the picker and the API.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { PLATFORM_TIME_ZONE } from './clock.ts';

/** A picked wall-clock time read as Beijing time, as an ISO instant with +08:00. */
export function beijingIso(v: Dayjs): string {
  return dayjs.tz(v.format('YYYY-MM-DD HH:mm:ss'), PLATFORM_TIME_ZONE).format('YYYY-MM-DDTHH:mm:ssZ');
}

/** An instant shown as its Beijing wall-clock time in the picker. */
export function pickerValue(iso: string | undefined): Dayjs | null {
  return iso ? dayjs(dayjs(iso).tz(PLATFORM_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss')) : null;
}
