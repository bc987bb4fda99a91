/**
 * The time source on the staff console in Chromium (issue 20 §5, domain §4.3, T3): a server of its own on
 * the real system clock, measuring against a loopback NTP responder (NTP_SERVERS). Staff see on 运行状态
 * the offset, the servers, the last sample and the state as a status tag; beyond the limit the page says
 * the critical acts are refused; the platform administrator's page shows the same. axe-core on each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNtpResponder, type NtpResponder } from '@ebid/testing';
import { expectAccessible, ownServerKit, startOwnServer, type OwnServer } from './harness.ts';

let server: OwnServer;
let ntp: NtpResponder;
const kit = ownServerKit({ base: () => server.base, shotPrefix: 'time-source' });

beforeAll(async () => {
  // The server runs on the system clock, as this process does: the responder's offset is the offset.
  ntp = await startNtpResponder({ now: () => new Date(), offsetMs: 1500 });
  server = await startOwnServer({ name: 'ntp', fakeClockStart: null, env: { NTP_SERVERS: ntp.server, NTP_POLL_MS: '1000', NTP_MAX_OFFSET_MS: '3000' } });
  await kit.launch();
});
afterAll(async () => {
  await kit.close();
  await server?.stop();
  await ntp?.close();
});

describe('运行状态: the time source (staff, platform administrator)', () => {
  it('shows the offset, servers, last sample and state; beyond the limit it says what is refused', async () => {
    const page = await kit.newPage();
    await kit.signIn(page, 'staff');
    await page.goto(`${server.base}/workspace/staff/system`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: /运行状态/ }).count()).toBe(1);
    const card = page.getByTestId('time-source');
    await expect.poll(() => card.getByTestId('time-source-state').textContent()).toContain('偏差超过 1 秒');
    expect(await card.getByTestId('time-source-offset').textContent()).toMatch(/^1\.[45]\d\d 秒（服务器时间慢于标准时间）$/);
    expect(await card.getByText(ntp.server).count()).toBeGreaterThan(0);
    expect(await card.getByText('> 1.000 秒 / > 3.000 秒').count()).toBe(1);
    expect(await card.getByTestId('time-source-blocking').count()).toBe(0);
    await kit.shot(page, 'warn');
    await expectAccessible(page, 'time-source-warn');

    ntp.set({ offsetMs: -5000 });
    await new Promise((r) => setTimeout(r, 2500)); // a poll or two at NTP_POLL_MS=1000
    await page.reload();
    await expect.poll(() => card.getByTestId('time-source-state').textContent(), { timeout: 30_000 }).toContain('偏差超限');
    expect(await card.getByTestId('time-source-offset').textContent()).toMatch(/^-(4\.9|5\.0)\d\d 秒（服务器时间快于标准时间）$/);
    expect(await card.getByTestId('time-source-blocking').textContent()).toContain('开标、解密和竞价结束暂停中');
    await kit.shot(page, 'blocked');
    await expectAccessible(page, 'time-source-blocked');

    const admin = await kit.newPage();
    await kit.signIn(admin, 'admin');
    await admin.goto(`${server.base}/workspace/admin/system`);
    await expect.poll(() => admin.getByTestId('time-source-state').textContent()).toContain('偏差超限');
    await expectAccessible(admin, 'time-source-admin');
    expect(kit.problems).toEqual([]);
  });
});
