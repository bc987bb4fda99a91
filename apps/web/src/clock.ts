/**
 * The server clock in the browser (domain T1: the server's time is the only clock). The offset is
 * measured against `system.time` using the midpoint of the request's round trip, then the display ticks
 * from the browser's monotonic clock (`performance.now()`) plus that measurement — never from
 * `Date.now()`, which the user can change. Times are always shown in Asia/Shanghai, whatever the
 * browser's own zone.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

/** Re-measure this often (and on tab focus); more often when the server runs a movable test clock. */
export const REMEASURE_MS = 3 * 60_000;
export const REMEASURE_FAKE_MS = 15_000;

export function formatBeijing(epochMs: number, pattern = 'HH:mm:ss'): string {
  return dayjs(epochMs).tz(PLATFORM_TIME_ZONE).format(pattern);
}

export function formatBeijingDateTime(epochMs: number): string {
  return formatBeijing(epochMs, 'YYYY-MM-DD HH:mm:ss');
}

/** One measurement: the server's epoch at the monotonic midpoint of the round trip. */
export interface ClockSample {
  serverEpochMs: number;
  /** `performance.now()` at the midpoint between sending and receiving. */
  monoAtServer: number;
  rttMs: number;
  fakeClock: boolean;
  acceleration: number;
}

export function sampleFrom(
  sentMono: number,
  receivedMono: number,
  server: { epochMs: number; fakeClock: boolean; acceleration: number },
): ClockSample {
  return {
    serverEpochMs: server.epochMs,
    monoAtServer: (sentMono + receivedMono) / 2,
    rttMs: Math.max(0, receivedMono - sentMono),
    fakeClock: server.fakeClock,
    acceleration: server.acceleration,
  };
}

/** Server epoch now, given a sample and the current monotonic reading. */
export function serverNowFrom(sample: ClockSample, monoNow: number): number {
  return Math.round(sample.serverEpochMs + (monoNow - sample.monoAtServer));
}

/**
 * Of several samples taken close together, the one with the shortest round trip has the smallest
 * possible error (± rtt/2), so it wins.
 */
export function bestSample(samples: readonly ClockSample[]): ClockSample | undefined {
  let best: ClockSample | undefined;
  for (const s of samples) if (!best || s.rttMs < best.rttMs) best = s;
  return best;
}

/** Milliseconds until the next whole server second, so the display flips on the second. */
export function msToNextSecond(serverEpochMs: number): number {
  const r = ((serverEpochMs % 1000) + 1000) % 1000;
  return r === 0 ? 1000 : 1000 - r;
}
