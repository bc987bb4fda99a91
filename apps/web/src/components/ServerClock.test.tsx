// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { ApiProvider } from '../api.ts';
import { LangProvider, type Lang } from '../i18n.ts';
import { createFakeApi, demoServer } from '../test/fakeApi.ts';
import { ServerClock, ServerClockProvider } from './ServerClock.tsx';

/**
 * A monotonic clock the test controls. Each `system.time` round trip takes 200 ms of it, so the server's
 * reading belongs to the midpoint (+100 ms), never to the end of the trip.
 */
function setup(opts: { epochMs: number; fakeClock?: boolean; acceleration?: number; lang?: Lang }) {
  let mono = 10_000;
  const handlers = demoServer(opts);
  const time = handlers['system.time']!;
  handlers['system.time'] = (input) => {
    mono += 100;
    const r = time(input);
    mono += 100;
    return r;
  };
  const api = createFakeApi(handlers);
  render(
    <LangProvider initial={opts.lang ?? 'zh'}>
      <ApiProvider client={api.client}>
        <ServerClockProvider mono={() => mono}>
          <ServerClock />
        </ServerClockProvider>
      </ApiProvider>
    </LangProvider>,
  );
  return { api };
}

describe('ServerClock', () => {
  afterEach(cleanup);

  it.each<{ name: string; epochMs: number; lang: Lang; text: string }>([
    { name: 'UTC midnight', epochMs: Date.UTC(2026, 0, 1, 0, 0, 0), lang: 'zh', text: '北京时间 08:00:00' },
    {
      name: 'midpoint of the round trip (+100 ms crosses the second)',
      epochMs: Date.UTC(2026, 0, 1, 0, 0, 0, 950),
      lang: 'zh',
      text: '北京时间 08:00:01',
    },
    { name: 'Beijing midnight', epochMs: Date.UTC(2026, 3, 30, 16, 0, 0), lang: 'zh', text: '北京时间 00:00:00' },
    { name: 'English label', epochMs: Date.UTC(2026, 0, 1, 6, 30, 15), lang: 'en', text: 'Beijing time 14:30:15' },
  ])('$name → $text', async ({ epochMs, lang, text }) => {
    setup({ epochMs, lang });
    await waitFor(() => expect(screen.getByTestId('server-clock').textContent).toContain(text));
    expect(screen.queryByTestId('clock-fake')).toBeNull();
    expect(screen.queryByTestId('clock-accel')).toBeNull();
  });

  it('takes several samples at load and shows dashes before the first', async () => {
    const { api } = setup({ epochMs: 0 });
    expect(screen.getByTestId('server-clock').textContent).toContain('北京时间 --:--:--');
    await waitFor(() => expect(screen.getByTestId('server-clock').textContent).toContain('08:00:00'));
    expect(api.calls.filter((c) => c.path === 'system.time').length).toBe(3);
  });

  it('tags a test clock and acceleration in words, not only colour', async () => {
    setup({ epochMs: 0, fakeClock: true, acceleration: 60 });
    await waitFor(() => expect(screen.getByTestId('clock-fake').textContent).toBe('测试时钟'));
    expect(screen.getByTestId('clock-accel').textContent).toBe('加速 ×60');
  });
});
