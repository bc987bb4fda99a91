// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { MemoryRouter } from 'react-router';
import { ApiProvider, type RouterOutputs } from '../api.ts';
import { ServerClockProvider } from '../components/ServerClock.tsx';
import { LangProvider, projectT, type MessageKey } from '../i18n.ts';
import { ACTORS, createFakeApi, type Handler } from '../test/fakeApi.ts';
import {
  countdownTarget,
  endWindowBlock,
  eventText,
  formatBp,
  formatCountdown,
  kOfBp,
  openingStep,
  parsePercentList,
  percentListText,
  progressCounts,
  recordFileName,
  signInBlock,
  startBlock,
  type OpeningBid,
  type OpeningView,
} from './model.ts';
import { OpeningRoom } from './OpeningRoom.tsx';
import { chairState, confirmWindow, needsLateReason, type ChairState } from './time-model.ts';
import { openingRows } from './OpeningProjectsPage.tsx';
import { leadMinutesOf } from './OpeningRulesCard.tsx';

const DEADLINE = '2026-06-24T01:30:00.000Z';

const bid = (over: Partial<OpeningBid>): OpeningBid => ({
  id: 1,
  bidId: null,
  label: '投标人1',
  sectionId: 70,
  sectionCode: '001',
  bidderName: null,
  mine: false,
  receivedAt: '2026-06-20T02:00:00.000Z',
  signedInAt: null,
  decryptStatus: 'pending',
  decryptedAt: null,
  failureCause: null,
  failureNote: null,
  priceFen: null,
  aboveCeiling: false,
  durationDays: null,
  quality: null,
  depositStatus: null,
  confirmStatus: 'pending',
  confirmedAt: null,
  confirmCertSerial: null,
  confirmCmsBase64: null,
  parts: [{ part: 'summary', plaintextSha256: null, plaintextSize: null }],
  ...over,
});

/** The Chinese text of a block reason (a catalog key), null when there is none. */
/** The room translates with the project's words (issue 18 §1): an engineering open tender here. */
const ENGINEERING = { tradeType: 'engineering', method: 'open' } as const;
const zhOf = (key: MessageKey | null) => (key ? projectT('zh', ENGINEERING)(key) : null);
/** A consultation's words (issue 18 §2 tests): 供应商, 响应文件. */
const translate = (lang: 'zh' | 'en', key: MessageKey) => projectT(lang, { tradeType: 'procurement', method: 'consultation' })(key);

const view = (over: Partial<OpeningView> = {}): OpeningView => ({
  projectId: 7,
  projectName: '示范工程',
  unifiedDealCode: '330100-2026-E000007',
  tradeType: 'engineering',
  confidentialOffers: false,
  status: 'waiting',
  serverTime: '2026-06-24T01:00:00.000Z',
  bidDeadline: DEADLINE,
  signInOpensAt: '2026-06-23T01:30:00.000Z',
  openedAt: null,
  decryptDeadline: null,
  decryptWindowMinutes: 30,
  host: null,
  autoOpenAt: DEADLINE,
  openedBy: null,
  hostedAt: null,
  startGraceMinutes: 15,
  graceEndsAt: '2026-06-24T01:45:00.000Z',
  late: false,
  lateReason: null,
  confirmWindowMinutes: 30,
  publishedAt: null,
  closedAt: null,
  me: { role: 'staff', signedInAt: null, isParticipant: true, contributed: false, bidId: null },
  signIns: [],
  secretUntil: null,
  ceilings: [],
  k: { floatPointsBp: [150, 125, 100, 75, 50, 25], draw: null, commitment: null, contributions: [], drawnAt: null, seedHex: null, resultIndex: null, resultBp: null, kValue: null },
  record: null,
  bids: [],
  objections: [],
  failure: null,
  failedSections: [],
  ...over,
});

describe('opening model', () => {
  it('places the session on the steps 签到 → 开标 → 解密 → 唱标 → 开标记录 → 结束', () => {
    expect(openingStep({ status: 'waiting', record: null })).toEqual({ current: 0, status: 'process' });
    expect(openingStep({ status: 'failed', record: null })).toEqual({ current: 1, status: 'error' });
    expect(openingStep({ status: 'decrypting', record: null })).toEqual({ current: 2, status: 'process' });
    expect(openingStep({ status: 'published', record: null })).toEqual({ current: 3, status: 'process' });
    expect(openingStep({ status: 'published', record: { version: 1, sha256: 'a', size: 1, generatedAt: DEADLINE, confirmDeadline: DEADLINE, url: '/x' } })).toEqual({ current: 4, status: 'process' });
    expect(openingStep({ status: 'closed', record: null })).toEqual({ current: 5, status: 'finish' });
  });

  it('counts down to the deadline while waiting and to the window end while decrypting', () => {
    const target = countdownTarget(view());
    expect(target && [projectT('zh', ENGINEERING)(target.label), projectT('en', ENGINEERING)(target.label), target.iso]).toEqual(['距开标（投标截止时间）', 'Until the bid opening (bid deadline)', DEADLINE]);
    expect(countdownTarget(view({ status: 'decrypting', decryptDeadline: '2026-06-24T02:00:00.000Z' }))?.iso).toBe('2026-06-24T02:00:00.000Z');
    expect(countdownTarget(view({ status: 'published' }))).toBeNull();
    expect(formatCountdown(3_723_000, 'zh')).toBe('01:02:03');
    expect(formatCountdown(86_400_000 + 59_000, 'zh')).toBe('1 天 00:00:59');
    expect(formatCountdown(86_400_000, 'en')).toBe('1 d 00:00:00');
    expect(formatCountdown(-5, 'zh')).toBe('00:00:00');
  });

  it('writes float points as percent and K with four decimals, and reads a typed percent list', () => {
    expect(formatBp(150)).toBe('1.50%');
    expect(formatBp(25)).toBe('0.25%');
    expect(kOfBp(125)).toBe('0.9875');
    expect(kOfBp(0)).toBe('1.0000');
    expect(parsePercentList('1.5, 1.25，1%；0.75 0.5、0.25')).toEqual([150, 125, 100, 75, 50, 25]);
    expect(parsePercentList('')).toEqual([]);
    expect(parsePercentList('1.255')).toBeNull();
    expect(parsePercentList('21')).toBeNull();
    expect(parsePercentList('abc')).toBeNull();
    expect(percentListText([150, 125, 100, 75, 5])).toBe('1.5, 1.25, 1, 0.75, 0.05');
  });

  it('describes live events with the bidder label and the result', () => {
    expect(eventText({ type: 'decrypted', data: { label: '投标人2' } }, 'zh')).toBe('投标人2 解密成功');
    expect(eventText({ type: 'bid_terminal', data: { label: '投标人3', status: 'revoked' } }, 'zh')).toBe('投标人3 解密时限结束：撤销');
    expect(eventText({ type: 'k_drawn', data: { resultBp: 125, kValue: '0.9875' } }, 'zh')).toBe('浮动点已抽取：1.25%，K = 0.9875');
    expect(eventText({ type: 'k_drawn', data: { resultBp: 125 } }, 'en')).toBe('K drawn: 1.25%, K = 0.9875');
    // Issue 14 §2: the public draw's events.
    expect(eventText({ type: 'draw_committed', data: { count: 3 } }, 'zh')).toBe('参与方提交随机数承诺（共3个）');
    expect(eventText({ type: 'draw_revealed', data: { count: 2 } }, 'zh')).toBe('参与方公开随机数（共2个）');
    expect(eventText({ type: 'draw_result', data: { option: 125 } }, 'zh')).toBe('公开截止，浮动点自动抽取：1.25%，K = 0.9875');
    expect(eventText({ type: 'something_new' }, 'zh')).toBe('something_new');
  });

  it('explains why start, end of window and sign-in are not available yet (server time)', () => {
    const before = Date.parse(DEADLINE) - 1000;
    expect(zhOf(startBlock(view(), before))).toContain('投标截止时间未到');
    expect(zhOf(startBlock(view(), undefined))).toBe('正在校准服务器时间');
    expect(startBlock(view(), Date.parse(DEADLINE))).toBeNull();
    expect(zhOf(startBlock(view({ status: 'decrypting' }), Date.parse(DEADLINE)))).toBe('本项目已开标');
    const dec = view({ status: 'decrypting', decryptDeadline: '2026-06-24T02:00:00.000Z' });
    expect(zhOf(endWindowBlock(dec, Date.parse('2026-06-24T02:00:00.000Z')))).toBe('解密时限尚未结束');
    expect(endWindowBlock(dec, Date.parse('2026-06-24T02:00:01.000Z'))).toBeNull();
    const bidderView = view({ me: { role: 'bidder', signedInAt: null, isParticipant: true, contributed: false, bidId: 3 } });
    expect(zhOf(signInBlock(bidderView, Date.parse('2026-06-23T01:00:00.000Z')))).toBe('签到尚未开始');
    expect(signInBlock(bidderView, Date.parse('2026-06-23T02:00:00.000Z'))).toBeNull();
    expect(zhOf(signInBlock({ ...dec, me: bidderView.me }, Date.parse('2026-06-24T02:00:01.000Z')))).toBe('签到已结束');
  });

  it('counts bids, names the record file, groups my projects and derives the sign-in lead', () => {
    expect(progressCounts([bid({ signedInAt: DEADLINE, decryptStatus: 'decrypted' }), bid({ decryptStatus: 'revoked' }), bid({})])).toEqual({ total: 3, signedIn: 1, decrypted: 1, failed: 1, pending: 1 });
    expect(recordFileName('330100-2026-E000007')).toBe('开标记录表-330100-2026-E000007.pdf');
    expect(recordFileName('X', 2)).toBe('开标记录表-X-v2.pdf');
    expect(
      openingRows([
        { projectId: 7, sectionCode: '002', status: 'current' },
        { projectId: 7, sectionCode: '001', status: 'current' },
        { projectId: 8, sectionCode: '001', status: 'withdrawn' },
        { projectId: 9, sectionCode: '001', status: 'current' },
      ]),
    ).toEqual([
      { projectId: 9, sections: ['001'] },
      { projectId: 7, sections: ['001', '002'] },
    ]);
    expect(leadMinutesOf(view())).toBe(1440);
    expect(leadMinutesOf(view({ signInOpensAt: null }))).toBe(1440);
  });
});

type Project = RouterOutputs['project']['get'];
const project = { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'BIDDING', tradeType: 'engineering', method: 'open', subject: 'works', sections: [] } as unknown as Project;

function renderRoom(mode: 'bidder' | 'center' | 'owner', actor: (typeof ACTORS)[keyof typeof ACTORS], handlers: Record<string, Handler>, epochMs: number) {
  const api = createFakeApi({
    'auth.me': () => ({ actor }),
    'system.time': () => ({ epochMs, iso: new Date(epochMs).toISOString(), timeZone: 'Asia/Shanghai', fakeClock: true, acceleration: 1 }),
    ...handlers,
  });
  render(
    <MemoryRouter>
      <LangProvider initial="zh">
        <AntApp>
          <ApiProvider client={api.client}>
            <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
              <ServerClockProvider>
                <OpeningRoom project={project} mode={mode} />
              </ServerClockProvider>
            </QueryClientProvider>
          </ApiProvider>
        </AntApp>
      </LangProvider>
    </MemoryRouter>,
  );
  return api;
}

describe('OpeningRoom', () => {
  afterEach(cleanup);

  it('staff console: 开始开标 is disabled before the deadline by server time, and a live event refetches the room', async () => {
    let current = view({ secretUntil: DEADLINE });
    const api = renderRoom('center', ACTORS.staff, { 'opening.get': () => current }, Date.parse(DEADLINE) - 60_000);
    const consoleCard = await screen.findByTestId('opening-console');
    // Before the deadline: who signed in, and how many, is not disclosed (issue 13 §2).
    expect(screen.getByTestId('opening-sign-ins').textContent).toContain('签到情况：截止时间前不公开');
    await waitFor(() => expect(within(consoleCard).getByTestId('opening-start-block').textContent).toContain('投标截止时间未到'));
    expect(within(consoleCard).getByRole('button', { name: /开始开标/ }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('opening-status').getAttribute('data-status')).toBe('waiting');
    expect(screen.getByTestId('opening-countdown').textContent).toMatch(/^00:0[01]:\d\d$/);
    expect(screen.getByTestId('opening-k').textContent).toContain('1.50%');

    current = view({
      status: 'decrypting',
      openedAt: DEADLINE,
      decryptDeadline: '2026-06-24T02:00:00.000Z',
      host: '张敏',
      ceilings: [{ sectionCode: '001', ceilingFen: 880_000_000, priceCeilingFen: 880_000_000 }],
      bids: [bid({ id: 1, bidderName: '华东建工集团有限公司', signedInAt: DEADLINE }), bid({ id: 2, label: '投标人2', bidderName: '江南路桥建设有限公司' })],
    });
    const gets = api.calls.filter((c) => c.path === 'opening.get').length;
    act(() => api.emit({ id: 1, topic: 'opening.7', type: 'started', data: {}, at: DEADLINE }));
    await waitFor(() => expect(screen.getByTestId('opening-status').getAttribute('data-status')).toBe('decrypting'));
    expect(api.calls.filter((c) => c.path === 'opening.get').length).toBeGreaterThan(gets);
    expect(screen.getByTestId('opening-log').textContent).toContain('开标，解密开始');
    expect(screen.getByTestId('opening-ceilings').textContent).toContain('¥8,800,000.00');
    expect(screen.getByTestId('opening-counts').textContent).toContain('投标文件 2 份 · 已签到 1');
    expect(screen.getByTestId('opening-bids').textContent).toContain('待解密');
  });

  it('bidder room after publication: prices, K result, record with confirmation, objections', async () => {
    const published = view({
      status: 'published',
      openedAt: DEADLINE,
      decryptDeadline: '2026-06-24T02:00:00.000Z',
      publishedAt: '2026-06-24T01:50:00.000Z',
      me: { role: 'bidder', signedInAt: DEADLINE, isParticipant: true, contributed: true, bidId: 11 },
      k: { floatPointsBp: [150, 125], draw: null, commitment: 'c'.repeat(64), contributions: [{ label: '投标人', at: DEADLINE, valueHex: 'ab'.repeat(32) }], drawnAt: '2026-06-24T01:55:00.000Z', seedHex: 'd'.repeat(64), resultIndex: 1, resultBp: 125, kValue: '0.9875' },
      record: { version: 1, sha256: 'e'.repeat(64), size: 20_480, generatedAt: '2026-06-24T01:56:00.000Z', confirmDeadline: '2026-06-24T02:26:00.000Z', url: '/openings/7/record.pdf' },
      bids: [
        bid({ id: 1, mine: true, bidderName: '华东建工集团有限公司', signedInAt: DEADLINE, decryptStatus: 'decrypted', decryptedAt: DEADLINE, priceFen: 861_234_567, durationDays: 365, quality: '合格', depositStatus: 'received' }),
        bid({ id: 3, label: '投标人3', bidderName: '钱塘市政工程有限公司', decryptStatus: 'revoked', failureCause: 'bidder' }),
        bid({ id: 4, label: '投标人4', bidderName: '之江建设有限公司', decryptStatus: 'decrypted', decryptedAt: DEADLINE, priceFen: 900_000_001, aboveCeiling: true, durationDays: 360, quality: '合格' }),
      ],
      objections: [{ id: 5, label: '投标人1', bidderName: '华东建工集团有限公司', mine: true, text: '报价读错了', raisedAt: DEADLINE, answer: '已核对无误', answeredAt: DEADLINE }],
    });
    renderRoom('bidder', ACTORS.bidder1, { 'opening.get': () => published }, Date.parse('2026-06-24T02:00:00.000Z'));
    const bids = await screen.findByTestId('opening-bids');
    expect(bids.textContent).toContain('¥8,612,345.67');
    expect(bids.textContent).toContain('撤销');
    expect(bids.textContent).toContain('投标人原因');
    expect(bids.textContent).toContain('已到账');
    // issue 16 §2: only the line above its ceiling carries the red tag (a flag, not a rejection)
    const flagged = within(bids).getAllByTestId('bid-above-ceiling');
    // Issue 18 §1: named as the room names the ceiling of an engineering project (招标控制价).
    expect(flagged.map((t) => t.textContent)).toEqual(['高于招标控制价']);
    expect(flagged[0]!.closest('tr')!.textContent).toContain('之江建设有限公司');
    expect(screen.getByTestId('opening-k-result').textContent).toBe('浮动点 1.25%，K = 0.9875');
    expect(screen.getByTestId('opening-record-version').textContent).toBe('V1');
    expect(screen.getByTestId('opening-objections').textContent).toContain('已核对无误');
    expect(screen.getByTestId('opening-signed-in').textContent).toContain('已签到');
    // no keys in jsdom's browser: the import is offered and the confirmation waits for them
    await screen.findByTestId('opening-keys', undefined, { timeout: 15_000 });
    expect(screen.getByRole('button', { name: /确认开标记录表/ }).hasAttribute('disabled')).toBe(true);
    expect(screen.queryByTestId('opening-console')).toBeNull();
  }, 30_000);

  it('issue 16 §7: a section that failed alone is listed with its bid count, its reason and a link to its 流标公告', async () => {
    const opened = view({
      status: 'decrypting',
      openedAt: DEADLINE,
      decryptDeadline: '2026-06-24T02:00:00.000Z',
      bids: [bid({ id: 1, sectionCode: '002' })],
      failedSections: [{ sectionId: 3, sectionCode: '001', sectionName: '雨水管网', reason: 'too_few_bids', failedAt: DEADLINE, bidCount: 2, failureNoticeId: 41 }],
    });
    renderRoom('center', ACTORS.staff, { 'opening.get': () => opened }, Date.parse(DEADLINE) + 60_000);
    const alert = await screen.findByTestId('opening-failed-sections');
    expect(alert.textContent).toContain('以下标段单独流标，不予开标；其他标段照常开标。');
    expect(alert.textContent).toContain('001 雨水管网（投标人 2 家）');
    expect(alert.textContent).toContain('本标段流标：投标人不足，不予开标');
    expect(within(alert).getByTestId('section-failure-notice-001').getAttribute('href')).toBe('/notices/41');
  });

  it('a bidder without a bid in the project is told so', async () => {
    const { AppError } = await import('@ebid/domain');
    renderRoom('bidder', ACTORS.bidder1, { 'opening.get': () => { throw new AppError('NOT_FOUND'); } }, Date.parse(DEADLINE));
    expect((await screen.findByTestId('opening-not-participant')).textContent).toContain('未在本项目递交投标文件');
  });
});

describe('OpeningRoom where the offers are confidential (issue 18 §2; 政府采购法 §38, §40)', () => {
  afterEach(cleanup);

  const consultation = (over: Partial<OpeningView>) =>
    view({
      projectName: '示范市政务云服务采购',
      tradeType: 'procurement',
      confidentialOffers: true,
      status: 'decrypting',
      openedAt: DEADLINE,
      decryptDeadline: '2026-06-24T02:00:00.000Z',
      k: null,
      ...over,
    });

  it('a supplier sees its own response state only, and is told the responses are opened for the group, not read out', async () => {
    // As the server gives it to a supplier: its own line only (never another supplier's line, even as a label).
    const mine = consultation({
      me: { role: 'bidder', signedInAt: DEADLINE, isParticipant: true, contributed: false, bidId: 11 },
      signIns: [{ bidderName: '华东建工集团有限公司', at: DEADLINE }],
      bids: [bid({ id: 1, mine: true, bidId: 11, bidderName: '华东建工集团有限公司', signedInAt: DEADLINE, decryptStatus: 'decrypted', decryptedAt: DEADLINE })],
    });
    renderRoom('bidder', ACTORS.bidder1, { 'opening.get': () => mine }, Date.parse(DEADLINE) + 60_000);
    const notice = await screen.findByTestId('opening-confidential');
    expect(notice.textContent).toContain(translate('zh', 'opening.confidential.title'));
    expect(notice.textContent).toContain('不向供应商宣读');
    expect(notice.textContent).toContain('本单位的记录副本');
    const rows = within(screen.getByTestId('opening-bids')).getAllByRole('row').slice(1); // without the header row
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('华东建工集团有限公司');
    expect(rows[0]!.textContent).toContain('已解密');
    // No promise of a public reading of names and prices.
    expect(screen.getByTestId('opening-bids-card').textContent).not.toContain(translate('zh', 'opening.card.namesPricesOther'));
  });

  it('the center is told the suppliers see nothing of each other; an open tender shows no such notice', async () => {
    renderRoom('center', ACTORS.staff, { 'opening.get': () => consultation({}) }, Date.parse(DEADLINE) + 60_000);
    expect((await screen.findByTestId('opening-confidential')).textContent).toContain(translate('zh', 'opening.confidential.group'));
    cleanup();
    renderRoom('center', ACTORS.staff, { 'opening.get': () => view({ status: 'decrypting', openedAt: DEADLINE, decryptDeadline: '2026-06-24T02:00:00.000Z' }) }, Date.parse(DEADLINE) + 60_000);
    await screen.findByTestId('opening-bids');
    expect(screen.queryByTestId('opening-confidential')).toBeNull();
  });
});

describe('the opening at its time (issue 18 §5)', () => {
  afterEach(cleanup);
  const GRACE_END = '2026-06-24T01:45:00.000Z';
  const ms = (iso: string, d = 0) => Date.parse(iso) + d;

  it.each<[string, Partial<OpeningView>, number | undefined, ChairState]>([
    ['before the deadline: scheduled', {}, ms(DEADLINE, -1), 'scheduled'],
    ['no server time yet: scheduled', {}, undefined, 'scheduled'],
    ['at the deadline, not opened yet: staff may start', {}, ms(DEADLINE), 'start_now'],
    ['at the grace end, not opened: still on time', {}, ms(GRACE_END), 'start_now'],
    ['1 ms after the grace, not opened: a late start', {}, ms(GRACE_END, 1), 'start_late'],
    ['opened by the timer, no host, inside the grace', { status: 'decrypting', openedBy: 'timer' }, ms(DEADLINE, 60_000), 'take_chair'],
    ['opened by the timer, no host, after the grace', { status: 'decrypting', openedBy: 'timer' }, ms(GRACE_END, 1), 'take_chair_late'],
    ['hosted', { status: 'published', openedBy: 'timer', hostedAt: DEADLINE }, ms(GRACE_END, 60_000), 'hosted'],
    ['failed by O2 with no host: nothing to host', { status: 'failed', openedBy: 'timer' }, ms(GRACE_END, 60_000), 'none'],
  ])('chairState: %s', (_name, over, now, expected) => {
    expect(chairState(view(over), now)).toBe(expected);
    expect(needsLateReason(expected)).toBe(expected === 'start_late' || expected === 'take_chair_late');
  });

  it('confirmWindow: the current version’s deadline and what is left; none before a record or once closed', () => {
    const rec = { version: 2, sha256: 'e'.repeat(64), size: 1, generatedAt: DEADLINE, confirmDeadline: '2026-06-24T02:00:00.000Z', url: '/x' };
    expect(confirmWindow(view({ status: 'published', record: rec }), ms('2026-06-24T02:00:00.000Z', -61_000))).toEqual({ deadline: rec.confirmDeadline, leftMs: 61_000, over: false });
    expect(confirmWindow(view({ status: 'published', record: rec }), ms('2026-06-24T02:00:00.000Z'))).toEqual({ deadline: rec.confirmDeadline, leftMs: 0, over: true });
    expect(confirmWindow(view({ status: 'published', record: null }), ms(DEADLINE))).toBeNull();
    expect(confirmWindow(view({ status: 'closed', record: rec }), ms(DEADLINE))).toBeNull();
  });

  it('staff see 自动开标于 …, then 等待主持人 and take the chair inside the grace without a reason', async () => {
    let current = view({ secretUntil: DEADLINE });
    const starts: unknown[] = [];
    renderRoom('center', ACTORS.staff, { 'opening.get': () => current }, ms(DEADLINE, -60_000));
    const panel = await screen.findByTestId('opening-time');
    expect(within(panel).getByTestId('opening-auto-open').textContent).toContain('自动开标于 2026-06-24 09:30');
    cleanup();
    current = view({ status: 'decrypting', openedBy: 'timer', openedAt: DEADLINE, decryptDeadline: '2026-06-24T02:00:00.000Z' });
    renderRoom('center', ACTORS.staff, { 'opening.get': () => current, 'opening.start': (input) => (starts.push(input), (current = view({ ...current, hostedAt: '2026-06-24T01:31:00.000Z', host: '张敏' }))) }, ms(DEADLINE, 60_000));
    const opened = await screen.findByTestId('opening-time');
    expect(within(opened).getByTestId('opening-opened-by').textContent).toContain('交易平台已于 2026-06-24 09:30');
    expect(within(opened).getByTestId('opening-waiting-host').textContent).toBe('等待主持人');
    await act(async () => within(opened).getByRole('button', { name: /主持开标/ }).click());
    await waitFor(() => expect(within(screen.getByTestId('opening-time')).getByTestId('opening-hosted').textContent).toContain('主持人：张敏'));
    expect(starts).toEqual([{ projectId: 7 }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  }, 30_000);

  it('past the grace the start asks for the reason: refused without it, sent trimmed with it; the late opening shows', async () => {
    let current = view({ status: 'waiting' });
    const starts: unknown[] = [];
    renderRoom('center', ACTORS.staff, {
      'opening.get': () => current,
      'opening.start': (input) => {
        starts.push(input);
        current = view({ status: 'decrypting', openedBy: 'staff', openedAt: '2026-06-24T02:10:00.000Z', hostedAt: '2026-06-24T02:10:00.000Z', host: '张敏', late: true, lateReason: '平台故障，定时开标未执行' });
        return current;
      },
    }, ms(GRACE_END, 25 * 60_000));
    const panel = await screen.findByTestId('opening-time');
    await waitFor(() => expect(within(panel).getByTestId('opening-past-grace').textContent).toContain('须写明迟延原因'));
    // The console's plain 开始开标 gives way to the late start.
    expect(within(screen.getByTestId('opening-console')).queryByRole('button', { name: /开始开标/ })).toBeNull();
    await act(async () => within(panel).getByRole('button', { name: /迟延开标/ }).click());
    const dialog = await screen.findByRole('dialog');
    await act(async () => within(dialog).getByRole('button', { name: /确认并开始主持/ }).click());
    await waitFor(() => expect(dialog.textContent).toContain('请写明原因（2至500字）'));
    expect(starts).toEqual([]);
    const { fireEvent } = await import('@testing-library/react');
    fireEvent.change(within(dialog).getByLabelText('原因'), { target: { value: '  平台故障，定时开标未执行  ' } });
    await act(async () => within(dialog).getByRole('button', { name: /确认并开始主持/ }).click());
    await waitFor(() => expect(starts).toEqual([{ projectId: 7, lateReason: '平台故障，定时开标未执行' }]));
    await waitFor(() => expect(screen.getByTestId('opening-late').textContent).toContain('迟延开标原因：平台故障，定时开标未执行'));
  }, 30_000);

  it('bidders see the confirm deadline of the current version with its countdown, and what silence means', async () => {
    const published = view({
      status: 'published',
      openedAt: DEADLINE,
      decryptDeadline: '2026-06-24T02:00:00.000Z',
      me: { role: 'bidder', signedInAt: DEADLINE, isParticipant: true, contributed: false, bidId: 11 },
      k: null,
      record: { version: 2, sha256: 'e'.repeat(64), size: 1, generatedAt: '2026-06-24T02:00:00.000Z', confirmDeadline: '2026-06-24T02:30:00.000Z', url: '/openings/7/record.pdf' },
      bids: [bid({ id: 1, mine: true, bidderName: '华东建工集团有限公司', decryptStatus: 'decrypted' })],
    });
    renderRoom('bidder', ACTORS.bidder1, { 'opening.get': () => published }, ms('2026-06-24T02:30:00.000Z', -(10 * 60_000)));
    const notice = await screen.findByTestId('opening-confirm-deadline');
    expect(notice.textContent).toContain('请于 2026-06-24 10:30');
    expect(notice.textContent).toContain('第 2 版');
    expect(notice.textContent).toMatch(/剩余 00:(10:00|09:5\d)/);
    expect(notice.textContent).toContain('逾期未确认也未提出异议的，视为认可开标记录表');
  });
});
