import { afterEach, describe, expect, it } from 'vitest';
import { bestSample, formatBeijing, formatBeijingDateTime, msToNextSecond, sampleFrom, serverNowFrom } from './clock.ts';

describe('Beijing time formatting', () => {
  it.each([
    ['UTC midnight → 08:00 北京时间', Date.UTC(2026, 0, 1, 0, 0, 0), '08:00:00', '2026-01-01 08:00:00'],
    ['the epoch', 0, '08:00:00', '1970-01-01 08:00:00'],
    ['16:00 UTC is next-day midnight in Beijing', Date.UTC(2026, 5, 30, 16, 0, 0), '00:00:00', '2026-07-01 00:00:00'],
    ['one ms before that is still the day before', Date.UTC(2026, 5, 30, 15, 59, 59, 999), '23:59:59', '2026-06-30 23:59:59'],
    ['year boundary', Date.UTC(2025, 11, 31, 16, 0, 0), '00:00:00', '2026-01-01 00:00:00'],
    ['no DST in summer (US/EU DST date)', Date.UTC(2026, 2, 29, 1, 30, 0), '09:30:00', '2026-03-29 09:30:00'],
    ['milliseconds are truncated, not rounded', Date.UTC(2026, 0, 1, 4, 5, 6, 999), '12:05:06', '2026-01-01 12:05:06'],
  ])('%s', (_name, epoch, time, dateTime) => {
    expect(formatBeijing(epoch)).toBe(time);
    expect(formatBeijingDateTime(epoch)).toBe(dateTime);
  });

  describe('whatever the browser zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it.each(['America/New_York', 'Europe/London', 'Pacific/Kiritimati', 'UTC'])('%s', (zone) => {
      process.env.TZ = zone;
      expect(formatBeijingDateTime(Date.UTC(2026, 0, 1, 0, 0, 0))).toBe('2026-01-01 08:00:00');
    });
  });
});

describe('offset from the round trip', () => {
  it('puts the server reading at the midpoint of the round trip', () => {
    const s = sampleFrom(1000, 1200, { epochMs: 5_000_000, fakeClock: false, acceleration: 1 });
    expect(s.monoAtServer).toBe(1100);
    expect(s.rttMs).toBe(200);
    expect(serverNowFrom(s, 1100)).toBe(5_000_000);
    expect(serverNowFrom(s, 2100)).toBe(5_001_000);
  });

  it('is independent of the browser wall clock (only monotonic time is used)', () => {
    const s = sampleFrom(0, 50, { epochMs: Date.UTC(2030, 0, 1), fakeClock: true, acceleration: 1 });
    expect(formatBeijing(serverNowFrom(s, 25 + 3_600_000))).toBe('09:00:00');
  });

  it('prefers the sample with the shortest round trip', () => {
    const a = sampleFrom(0, 300, { epochMs: 1, fakeClock: false, acceleration: 1 });
    const b = sampleFrom(400, 440, { epochMs: 2, fakeClock: false, acceleration: 1 });
    const c = sampleFrom(500, 700, { epochMs: 3, fakeClock: false, acceleration: 1 });
    expect(bestSample([a, b, c])).toBe(b);
    expect(bestSample([])).toBeUndefined();
  });

  it.each([
    [1_000, 1000],
    [1_001, 999],
    [1_999, 1],
    [2_500, 500],
  ])('next whole second after %i is %i ms away', (epoch, wait) => {
    expect(msToNextSecond(epoch)).toBe(wait);
  });
});
