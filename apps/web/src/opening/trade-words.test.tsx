// @vitest-environment jsdom
/**
 * Issue 18 §1, §2: the opening room names parties and things by the project's trade and method, and its
 * bid table has the summary columns the project asks (no 工期 on a procurement or land bid).
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import type { RouterOutputs } from '../api.ts';
import { ACTORS } from '../test/fakeApi.ts';
import { renderWithApi, testProject } from '../test/render.tsx';
import { OpeningRoom } from './OpeningRoom.tsx';

type OpeningView = RouterOutputs['opening']['get'];
type OpeningBid = OpeningView['bids'][number];

const AT = '2026-06-24T01:30:00.000Z';

const bid = (id: number, label: string, bidderName: string, priceFen: number): OpeningBid => ({
  id,
  bidId: null,
  label,
  sectionId: 70,
  sectionCode: '001',
  bidderName,
  mine: false,
  receivedAt: '2026-06-20T02:00:00.000Z',
  signedInAt: AT,
  decryptStatus: 'decrypted',
  decryptedAt: AT,
  failureCause: null,
  failureNote: null,
  priceFen,
  aboveCeiling: false,
  durationDays: 30,
  quality: '合格',
  depositStatus: 'received',
  confirmStatus: 'pending',
  confirmedAt: null,
  confirmCertSerial: null,
  confirmCmsBase64: null,
  parts: [{ part: 'summary', plaintextSha256: null, plaintextSize: null }],
});

function published(tradeType: string, labels: [string, string]): OpeningView {
  return {
    projectId: 7,
    projectName: '示范项目',
    unifiedDealCode: '330100-2026-E000007',
    tradeType,
    confidentialOffers: false,
    status: 'published',
    serverTime: '2026-06-24T02:10:00.000Z',
    bidDeadline: AT,
    signInOpensAt: '2026-06-23T01:30:00.000Z',
    openedAt: AT,
    decryptDeadline: '2026-06-24T02:00:00.000Z',
    decryptWindowMinutes: 30,
    host: '张敏',
    autoOpenAt: AT,
    openedBy: 'timer',
    hostedAt: AT,
    startGraceMinutes: 15,
    graceEndsAt: '2026-06-24T01:45:00.000Z',
    late: false,
    lateReason: null,
    confirmWindowMinutes: 30,
    publishedAt: '2026-06-24T02:00:00.000Z',
    closedAt: null,
    me: { role: 'staff', signedInAt: null, isParticipant: true, contributed: false, bidId: null },
    signIns: [],
    secretUntil: null,
    ceilings: [{ sectionCode: '001', ceilingFen: 500_000_00, priceCeilingFen: null }],
    k: null,
    record: null,
    bids: [bid(1, labels[0], '华东建工集团有限公司', 480_000_00), bid(2, labels[1], '江南路桥建设有限公司', 490_000_00)],
    objections: [],
    failure: null,
    failedSections: [],
  };
}

function renderRoom(project: Record<string, unknown>, view: OpeningView) {
  renderWithApi(
    <OpeningRoom project={testProject({ status: 'OPENING', ...project })} mode="center" />,
    {
      'auth.me': () => ({ actor: ACTORS.staff }),
      'system.time': () => ({ epochMs: Date.parse(view.serverTime), iso: view.serverTime, timeZone: 'Asia/Shanghai', fakeClock: true, acceleration: 1 }),
      'opening.get': () => view,
    },
    { router: true, serverClock: true },
  );
}

describe('the opening room by trade and method', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it.each([
    [
      'procurement consultation',
      { tradeType: 'procurement', method: 'consultation', subject: null },
      ['供应商1', '供应商2'],
      ['响应文件开启控制台', '响应文件与唱标', '最高限价（001）', '供应商'],
      '交货期或服务期（日历天）',
      true,
      ['投标人', '招标人', '投标文件', '招标控制价', '工期'],
    ],
    ['land tender', { tradeType: 'land', method: 'tender', subject: null }, ['竞买人1', '竞买人2'], ['竞买文件与唱标', '起始价（001）', '竞买人'], null, false, ['投标人', '招标人', '招标控制价', '工期', '质量标准']],
    ['engineering works', { tradeType: 'engineering', method: 'open', subject: 'works' }, ['投标人1', '投标人2'], ['开标控制台', '投标文件与唱标', '招标控制价（001）', '投标人'], '工期（日历天）', true, []],
  ] as const)('%s', async (_name, project, labels, present, period, quality, absent) => {
    renderRoom(project, published(project.tradeType, [...labels]));
    const room = await screen.findByTestId('opening-room');
    const table = await screen.findByTestId('opening-bids');
    for (const w of present) expect(room.textContent).toContain(w);
    for (const w of absent) expect(room.textContent, w).not.toContain(w);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers.filter((h) => h?.includes('日历天'))).toEqual(period ? [period] : []);
    expect(headers.includes('质量标准')).toBe(quality);
  });
});
