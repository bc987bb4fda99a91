// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { startApp } from '../test/app.tsx';

/** system.timeSource as the server answers it (issue 20 §5, T3). */
const status = (over: Record<string, unknown>) => ({
  instance: 'ebid-1',
  state: 'ok',
  blocking: false,
  offsetMs: 12,
  roundTripMs: 3,
  lastSampleAt: '2026-12-07T01:00:00.000Z',
  lastPollAt: '2026-12-07T01:00:00.000Z',
  warnOffsetMs: 1000,
  maxOffsetMs: 2000,
  pollMs: 64_000,
  servers: ['ntp.ntsc.ac.cn:123'],
  results: [{ server: 'ntp.ntsc.ac.cn:123', address: '114.118.7.161', ok: true, offsetMs: 12, roundTripMs: 3, stratum: 1, rejection: null, detail: null }],
  ...over,
});

describe('运行状态: the time source card (issue 20 §5, T3)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it.each([
    ['ok', { state: 'ok' }, '正常', 'ebid-family-done', false],
    ['warn', { state: 'warn', offsetMs: 1500 }, '偏差超过 1 秒', 'ebid-family-progress', false],
    ['blocked', { state: 'blocked', blocking: true, offsetMs: -2500 }, '偏差超限，关键操作已暂停', 'ebid-family-failed', true],
    ['unknown', { state: 'unknown', blocking: true, offsetMs: null, lastSampleAt: null, results: [{ server: 'ntp.ntsc.ac.cn:123', address: '114.118.7.161', ok: false, offsetMs: null, roundTripMs: null, stratum: null, rejection: 'KISS_OF_DEATH', detail: 'RATE' }] }, '无有效授时结果', 'ebid-family-failed', true],
    ['unmonitored', { state: 'unmonitored', offsetMs: null, servers: [], results: [] }, '未监测', 'ebid-family-neutral', false],
  ] as const)('%s: its tag, its family, and whether the refusal is said', async (_s, over, words, family, blocking) => {
    startApp('/workspace/staff/system', { as: 'staff', handlers: { 'system.timeSource': () => status(over) } });
    const tag = await screen.findByTestId('time-source-state', {}, { timeout: 20_000 });
    expect(tag.textContent).toContain(words);
    expect(tag.className).toContain(family);
    expect(screen.queryByTestId('time-source-blocking') !== null).toBe(blocking);
  }, 30_000);

  it('shows the offset with its direction, the thresholds and each server’s answer; English on switching', async () => {
    startApp('/workspace/staff/system', { as: 'staff', handlers: { 'system.timeSource': () => status({ state: 'warn', offsetMs: 1500, results: [{ server: 'ntp.ntsc.ac.cn:123', address: '114.118.7.161', ok: false, offsetMs: null, roundTripMs: null, stratum: null, rejection: 'ABSURD_OFFSET', detail: null }] }) } });
    const offset = await screen.findByTestId('time-source-offset', {}, { timeout: 20_000 });
    expect(offset.textContent).toBe('1.500 秒（服务器时间慢于标准时间）');
    const card = screen.getByTestId('time-source');
    expect(within(card).getByText('> 1.000 秒 / > 2.000 秒')).toBeTruthy();
    expect(within(card).getAllByText('ntp.ntsc.ac.cn:123').length).toBeGreaterThan(0);
    expect(within(card).getByText('不采信：ABSURD_OFFSET')).toBeTruthy();
    fireEvent.click(screen.getByText('English'));
    await waitFor(() => expect(screen.getByTestId('time-source-offset').textContent).toBe('1.500 s (the server clock is behind NTP time)'));
  }, 30_000);
});
