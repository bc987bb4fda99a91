/**
 * The supervisor's dashboard in numbers (issue 20 §3; domain §6.1 dashboard counters 黄灯预警 / 红灯预警 /
 * 处理超期数; M1, M3). Pure: the rows and the instant are passed in.
 *
 * - Yellow and red counts are the open checkpoints by their state NOW (checkpointState, never a stored
 *   state), grouped by a key (trade type, region, agency).
 * - The trend is the alerts raised per Beijing calendar day (Asia/Shanghai, DESIGN §4) over the last
 *   `days` days, today included, by level: a day runs from 00:00 to 24:00 北京时间, so an alert raised at
 *   23:59:59.999 Beijing falls on that day and one at 00:00 on the next.
 * - 处理超期数 (overdue handling): red alerts not handled yet.
 */
import { AppError } from '../errors.ts';
import { addDays, beijingDate, startOfBeijingDay, type LocalDate } from '../calendar/dates.ts';
import { checkpointState, type AlertLevel, type CheckpointTimes } from './checkpoint.ts';

/** The longest trend the dashboard draws (a quarter). */
export const DASHBOARD_MAX_DAYS = 90;
export const DASHBOARD_DEFAULT_DAYS = 30;

export interface LevelCounts {
  yellow: number;
  red: number;
}

/** A group's current counts. */
export interface GroupCount<K extends string> extends LevelCounts {
  key: K;
}

/**
 * The yellow and red counts of open checkpoints at `now`, per group key (groups with neither left out),
 * the most urgent first (red, then yellow, then the key).
 */
export function countByGroup<T extends CheckpointTimes, K extends string>(rows: readonly T[], now: Date, keyOf: (row: T) => K): GroupCount<K>[] {
  const by = new Map<K, GroupCount<K>>();
  for (const r of rows) {
    const state = checkpointState(r, now);
    if (state !== 'yellow' && state !== 'red') continue;
    const key = keyOf(r);
    const g = by.get(key) ?? { key, yellow: 0, red: 0 };
    g[state] += 1;
    by.set(key, g);
  }
  return [...by.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The totals of open checkpoints at `now`. */
export function countStates(rows: readonly CheckpointTimes[], now: Date): LevelCounts {
  const c = { yellow: 0, red: 0 };
  for (const r of rows) {
    const s = checkpointState(r, now);
    if (s === 'yellow' || s === 'red') c[s] += 1;
  }
  return c;
}

/** The Beijing days of a trend ending today: `days` dates, oldest first, and the instant the first begins. */
export function trendDays(now: Date, days: number): { dates: LocalDate[]; from: Date } {
  if (!Number.isInteger(days) || days < 1 || days > DASHBOARD_MAX_DAYS) {
    throw new AppError('VALIDATION', { zh: `天数须为 1 至 ${DASHBOARD_MAX_DAYS}`, en: `Days must be 1 to ${DASHBOARD_MAX_DAYS}` }, { field: 'days' });
  }
  const today = beijingDate(now);
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - (days - 1)));
  return { dates, from: startOfBeijingDay(dates[0]!) };
}

export interface TrendPoint extends LevelCounts {
  date: LocalDate;
}

/** Alerts raised per Beijing day by level, one point per day of the period (zeros included); alerts outside it are ignored. */
export function alertTrend(alerts: readonly { level: AlertLevel; raisedAt: Date }[], now: Date, days: number): TrendPoint[] {
  const { dates } = trendDays(now, days);
  const points = new Map(dates.map((date) => [date as string, { date, yellow: 0, red: 0 }]));
  for (const a of alerts) {
    const p = points.get(beijingDate(a.raisedAt));
    if (p) p[a.level] += 1;
  }
  return dates.map((d) => points.get(d)!);
}

/** 处理超期数: red alerts that nobody has handled yet. */
export function overdueUnhandled(alerts: readonly { level: AlertLevel; handledAt: Date | null }[]): number {
  return alerts.filter((a) => a.level === 'red' && a.handledAt === null).length;
}
