// @vitest-environment jsdom
/**
 * The expert's evaluation pages over the fake API (issue 22 §6): 今日评标 lists the member's sessions and
 * links into the room; in the room at the scoring stage the running totals follow the input, a score with more
 * decimals than its criterion allows is refused in the domain's words and blocks the signature, and a draft is saved;
 * the chair of a GP evaluation records a consortium SME claim (S3) with its share and evidence.
 */
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { engComprehensive, gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { startApp } from '../test/app.tsx';
import { demoServer } from '../test/fakeApi.ts';

const NOW = Date.UTC(2026, 11, 7, 3, 30);
const EXPERT = { userId: 30, username: 'expert01', displayName: '孙立平', role: 'expert', orgId: 9, orgName: '示范市综合评标专家库', isOrgAdmin: false, certSerial: 'ABCDEF' };

const mine = {
  evaluationId: 7,
  projectCode: '330100-2026-E000022',
  projectName: '示范市滨江路排水管网改造工程',
  sectionCode: '001',
  sectionName: '施工一标段',
  status: 'scoring',
  startedAt: '2026-12-07T01:00:00.000Z',
  dueAt: '2026-12-07T09:00:00.000Z',
  signedInAt: '2026-12-07T01:05:00.000Z',
  declaredAt: '2026-12-07T01:06:00.000Z',
  chair: false,
};

const member = (userId: number, name: string, chair = false) => ({ userId, name, specialty: 'municipal', status: 'active', signedIn: true, declared: true, chair, chairVotes: chair ? 3 : 0, replacedAt: null, replacedReason: null });

const view = {
  id: 7,
  viewer: 'member',
  projectId: 1,
  projectCode: mine.projectCode,
  projectName: mine.projectName,
  sectionId: 2,
  sectionCode: '001',
  sectionName: '施工一标段',
  status: 'scoring',
  round: 1,
  method: engComprehensive(),
  methodSha256: 'a'.repeat(64),
  kind: 'eng.comprehensive',
  version: 1,
  blindTechnical: false,
  revealedAt: null,
  startedAt: mine.startedAt,
  dueAt: mine.dueAt,
  extensions: 0,
  extension: { ordinal: 1, requests: 0, threshold: 3, requestedByMe: false },
  chairUserId: 31,
  chairElectedAt: '2026-12-07T01:10:00.000Z',
  priceCeilingFen: 860_000_000,
  failedAt: null,
  failureNoticeId: null,
  failureReason: null,
  me: { userId: 30, signedInAt: mine.signedInAt, declaredAt: mine.declaredAt, chairVote: 31, chair: false },
  members: [member(30, '孙立平'), member(31, '钱伟', true), member(32, '李娜')],
  bids: [
    { label: '投标人1', bidderName: '华东建工集团有限公司', priceFen: 750_000_000, aboveCeiling: false, blindLabel: null },
    { label: '投标人2', bidderName: '江南路桥建设有限公司', priceFen: 870_000_000, aboveCeiling: true, blindLabel: null },
  ],
  blindParts: null,
};

const sheet = {
  stage: 'scores',
  round: 1,
  bids: ['投标人1', '投标人2'],
  items: ['T1', 'T2', 'C1'],
  entries: [{ bid: '投标人1', criterionId: 'T1', score: '20' }],
  updatedAt: '2026-12-07T02:00:00.000Z',
  signed: false,
  sha256: null,
  signedAt: null,
};

function server() {
  return {
    ...demoServer({ epochMs: NOW }),
    'auth.me': () => ({ actor: EXPERT }),
    'cert.list': () => [],
    'evaluation.mine': () => [mine],
    'evaluation.get': () => view,
    'evaluation.sheet': () => sheet,
    'evaluation.clarifications': () => [],
    'evaluation.saveSheetDraft': (input: unknown) => ({ ...sheet, entries: (input as { entries: unknown[] }).entries, updatedAt: '2026-12-07T02:05:00.000Z' }),
  };
}

function setNumber(testId: string, value: string) {
  const el = screen.getByTestId(testId);
  const input = el.tagName === 'INPUT' ? el : el.querySelector('input')!;
  fireEvent.change(input, { target: { value } });
}

describe('the expert evaluation pages (issue 22 §6)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('今日评标: the session, its status and the member state, entering the room', async () => {
    const { router } = startApp('/workspace/expert/sessions', { as: 'expert01', handlers: server() });
    const table = await screen.findByTestId('evaluation-mine', {}, { timeout: 15_000 });
    await within(table).findByText(/示范市滨江路排水管网改造工程/);
    expect(screen.getByTestId('evaluation-status-7').textContent).toContain('详细评审');
    expect(table.textContent).toContain('已签到');
    expect(table.textContent).toContain('已声明');
    fireEvent.click(screen.getByTestId('evaluation-enter-7'));
    await waitFor(() => expect(router.state.location.search).toBe('?evaluation=7'));
  });

  it('the room at scoring: running totals, a score with too many decimals refused in the domain words, the draft saved', async () => {
    const { api } = startApp('/workspace/expert/room?evaluation=7', { as: 'expert01', handlers: server() });
    const form = await screen.findByTestId('evaluation-scores-form', {}, { timeout: 15_000 });
    expect(screen.getByTestId('evaluation-room').getAttribute('data-step')).toBe('scores');
    expect(screen.getByTestId('evaluation-above-ceiling-投标人2').textContent).toContain('超过最高投标限价');
    expect(within(form).getByTestId('score-total-投标人1').textContent).toContain('20.00');
    setNumber('score-投标人1-T2', '7.5');
    setNumber('score-投标人1-C1', '4');
    await waitFor(() => expect(within(form).getByTestId('score-total-投标人1').textContent).toContain('31.50'));
    // T1 takes one decimal: the domain's words, before anything is sent
    setNumber('score-投标人2-T1', '12.25');
    expect((await within(form).findByTestId('score-error-投标人2-T1')).textContent).toContain('至多1位小数');
    expect(screen.getByTestId('evaluation-scores-blocked').textContent).toContain('不符合要求');
    expect((screen.getByTestId('evaluation-scores-sign') as HTMLButtonElement).disabled).toBe(true);
    setNumber('score-投标人2-T1', '21');
    await waitFor(() => expect(within(form).queryByTestId('score-error-投标人2-T1')).toBeNull());
    expect(within(form).getByTestId('score-total-投标人2').textContent).toContain('21.00');
    fireEvent.click(screen.getByTestId('evaluation-scores-save'));
    await waitFor(() => expect(api.calls.some((c) => c.path === 'evaluation.saveSheetDraft')).toBe(true));
    const saved = api.calls.find((c) => c.path === 'evaluation.saveSheetDraft')!.input as { entries: unknown[] };
    expect(saved).toMatchObject({ evaluationId: 7, stage: 'scores' });
    expect(saved.entries).toEqual([
      { bid: '投标人1', criterionId: 'T1', score: '20' },
      { bid: '投标人1', criterionId: 'T2', score: '7.5' },
      { bid: '投标人1', criterionId: 'C1', score: '4' },
      { bid: '投标人2', criterionId: 'T1', score: '21' },
    ]);
  });
  it('the chair of a GP evaluation records a policy claim (consortium with the SMEs\' share and its evidence, S3) and the core product\'s brand (R87 §31)', async () => {
    const chairView = { ...view, method: gpComprehensive(), kind: 'gp.comprehensive', chairUserId: 30, me: { ...view.me, chair: true, chairVote: 30 } };
    const progress = {
      members: [{ userId: 30, name: '孙立平', stages: [{ stage: 'compliance', signed: true, drafted: 4, expected: 4 }, { stage: 'scores', signed: false, drafted: 1, expected: 6 }] }],
      clarifications: { asked: 0, answered: 0 },
    };
    const { api } = startApp('/workspace/expert/room?evaluation=7', {
      as: 'expert01',
      handlers: {
        ...server(),
        'evaluation.get': () => chairView,
        'evaluation.progress': () => progress,
        'evaluation.recordBidInput': (input: unknown) => ({ bid: '投标人1', correctedPriceFen: null, costFinding: null, policy: (input as { policy: unknown }).policy, adjustmentsFen: null, brand: '华为', updatedAt: '2026-12-07T02:10:00.000Z' }),
      },
    });
    fireEvent.click(await screen.findByTestId('evaluation-bid-input-open', {}, { timeout: 15_000 }));
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: '投标' }));
    fireEvent.click(await screen.findByTitle('投标人1'));
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '价格扣除（政策优惠）' }));
    fireEvent.click(await screen.findByTitle('联合体或分包（小微企业份额达到规定比例）'));
    fireEvent.change(await screen.findByLabelText('小微企业合同份额'), { target: { value: '135' } });
    fireEvent.click(screen.getByTestId('evaluation-bid-input-save'));
    expect(await screen.findByText('请输入0至100之间的百分比（至多两位小数）')).toBeTruthy();
    expect(await screen.findByText('价格扣除须注明证明材料')).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'evaluation.recordBidInput')).toBe(false);
    fireEvent.change(screen.getByLabelText('小微企业合同份额'), { target: { value: '35' } });
    fireEvent.change(screen.getByLabelText('证明材料'), { target: { value: '联合体协议及中小企业声明函（第3册第12页）' } });
    fireEvent.change(screen.getByLabelText('核心产品品牌'), { target: { value: ' 华为 ' } });
    fireEvent.click(screen.getByTestId('evaluation-bid-input-save'));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === 'evaluation.recordBidInput')?.input).toEqual({
        evaluationId: 7,
        bid: '投标人1',
        policy: { kind: 'consortium_sme', smeShare: '0.35', evidence: '联合体协议及中小企业声明函（第3册第12页）' },
        brand: '华为',
      }),
    );
  });
});
