// @vitest-environment jsdom
/**
 * The center's, the supervisor's and the bidder's evaluation pages (issue 22 §6) over the fake API: staff
 * start an evaluation for a section whose committee is published, follow it (members, live progress,
 * report), replace a member with a reason (E5), reopen a signed evaluation in an R87 §64 case and replay
 * it (MATCH / MISMATCH with both hashes); a supervisor sees the same read-only; a bidder answers a
 * clarification request before its due time and cannot start one (S10).
 */
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { startApp } from '../test/app.tsx';
import { demoServer } from '../test/fakeApi.ts';

const NOW = Date.UTC(2026, 11, 8, 2, 0);
const SHA = (c: string) => c.repeat(64);

const section = (sectionId: number, sectionCode: string, committee: { id: number; status: string } | null) => ({
  projectId: 21,
  projectName: '示范市中心医院门诊楼施工',
  unifiedDealCode: '330100-2026-E000021',
  tradeType: 'engineering',
  method: 'open',
  budgetFen: 500_000_000,
  sectionId,
  sectionCode,
  sectionName: `施工${sectionCode}标段`,
  bidDeadline: '2026-12-07T02:00:00.000Z',
  minSize: 5,
  committee,
});

const listed = (over: Record<string, unknown> = {}) => ({
  evaluationId: 9,
  projectId: 21,
  projectCode: '330100-2026-E000021',
  projectName: '示范市中心医院门诊楼施工',
  sectionId: 70,
  sectionCode: '001',
  sectionName: '施工001标段',
  status: 'scoring',
  startedAt: '2026-12-08T01:00:00.000Z',
  dueAt: '2026-12-08T09:00:00.000Z',
  extensions: 0,
  members: 5,
  declared: 5,
  chairElected: true,
  ...over,
});

const member = (userId: number, name: string, over: Record<string, unknown> = {}) => ({
  userId,
  name,
  specialty: 'housing',
  status: 'active',
  signedIn: true,
  declared: true,
  chair: false,
  chairVotes: 0,
  replacedAt: null,
  replacedReason: null,
  ...over,
});

function evaluationView(over: Record<string, unknown> = {}) {
  return {
    id: 9,
    viewer: 'center',
    projectId: 21,
    projectCode: '330100-2026-E000021',
    projectName: '示范市中心医院门诊楼施工',
    sectionId: 70,
    sectionCode: '001',
    sectionName: '施工001标段',
    status: 'scoring',
    round: 1,
    method: {},
    methodSha256: SHA('a'),
    kind: 'engineering.comprehensive',
    version: 1,
    blindTechnical: false,
    revealedAt: null,
    startedAt: '2026-12-08T01:00:00.000Z',
    dueAt: '2026-12-08T09:00:00.000Z',
    extensions: 0,
    extension: { ordinal: 1, requests: 1, threshold: 2, requestedByMe: false },
    chairUserId: 31,
    chairElectedAt: '2026-12-08T01:20:00.000Z',
    priceCeilingFen: 120_000_000,
    failedAt: null,
    failureNoticeId: null,
    failureReason: null,
    me: null,
    members: [member(31, '孙立平', { chair: true, chairVotes: 4 }), member(32, '周建国'), member(33, '吴海燕', { signedIn: false, declared: false })],
    bids: [
      { label: '投标人1', bidderName: '华东建工集团有限公司', priceFen: 110_000_000, aboveCeiling: false, blindLabel: null },
      { label: '投标人2', bidderName: '江南建设有限公司', priceFen: 130_000_000, aboveCeiling: true, blindLabel: null },
    ],
    blindParts: null,
    ...over,
  };
}

const progress = {
  evaluationId: 9,
  status: 'scoring',
  round: 1,
  dueAt: '2026-12-08T09:00:00.000Z',
  members: [
    { userId: 31, name: '孙立平', signedIn: true, declared: true, stages: [{ stage: 'compliance', drafted: 6, expected: 6, signed: true, signedAt: '2026-12-08T01:40:00.000Z' }, { stage: 'scores', drafted: 7, expected: 12, signed: false, signedAt: null }] },
    { userId: 32, name: '周建国', signedIn: true, declared: true, stages: [{ stage: 'compliance', drafted: 6, expected: 6, signed: true, signedAt: '2026-12-08T01:45:00.000Z' }, { stage: 'scores', drafted: 0, expected: 12, signed: false, signedAt: null }] },
  ],
  clarifications: { asked: 2, answered: 1 },
};

const noReport = { evaluationId: 9, status: 'scoring', round: 1, reportSha256: null, size: null, sealedAt: null, signedAt: null, signatures: [], pending: [], dissents: [], me: null };

const signedReport = {
  evaluationId: 9,
  status: 'signed',
  round: 1,
  reportSha256: SHA('b'),
  size: 123_456,
  sealedAt: '2026-12-08T05:00:00.000Z',
  signedAt: null,
  signatures: [{ memberUserId: 31, name: '孙立平', signedAt: '2026-12-08T05:10:00.000Z', certSerial: '0A1B2C' }],
  pending: [{ memberUserId: 32, name: '周建国' }],
  dissents: [{ memberUserId: 32, name: '周建国', text: '投标人2 的技术方案评分偏高', at: '2026-12-08T05:05:00.000Z' }],
  me: null,
};

function centerServer(opts: { status?: string; report?: unknown; replay?: unknown } = {}) {
  const started: unknown[] = [];
  return {
    started,
    handlers: {
      ...demoServer({ epochMs: NOW }),
      'committee.sections': () => [section(70, '001', { id: 3, status: 'published' }), section(71, '002', { id: 4, status: 'published' }), section(72, '003', { id: 5, status: 'drawn' })],
      'evaluation.list': () => [listed({ status: opts.status ?? 'scoring' })],
      'evaluation.start': (input: unknown) => {
        started.push(input);
        return { evaluationId: 9 };
      },
      'evaluation.get': () => evaluationView({ status: opts.status ?? 'scoring' }),
      'evaluation.progress': () => progress,
      'evaluation.clarifications': () => [{ id: 1, label: '投标人2', question: '请说明报价中的暂估价构成', askedAt: '2026-12-08T01:50:00.000Z', answerBy: '2026-12-08T04:00:00.000Z', answer: null, answeredAt: null }],
      'evaluation.report': () => opts.report ?? noReport,
      'evaluation.replay': () => opts.replay ?? { matches: true, manifestSha256: SHA('c'), resultSha256: SHA('d'), storedResultSha256: SHA('d'), problem: null },
      'committee.ofSection': () => ({
        id: 5,
        seats: [
          { id: 71, specialty: 'housing', kind: 'backup', rank: 1, status: 'standby', pseudonym: 'E-71', name: '赵敏' },
          { id: 72, specialty: 'housing', kind: 'backup', rank: 2, status: 'standby', pseudonym: 'E-72', name: '王磊' },
          { id: 73, specialty: 'cost', kind: 'backup', rank: 1, status: 'standby', pseudonym: 'E-73', name: '周洁' },
        ],
      }),
      'evaluation.replaceMember': () => ({ replacedUserId: 32, newMemberUserId: 35, newMemberName: '郑晓', voidedSheets: 1, reReview: [{ stage: 'compliance', bid: '投标人1', criterionId: 'c1' }], chairCleared: false }),
      'evaluation.reopen': () => ({ ...signedReport, status: 'scoring', round: 2, reportSha256: null }),
    },
  };
}

describe('评标管理 (issue 22 §6, staff)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('lists the sections with a published committee and no evaluation, and starts one with its hours', async () => {
    const { handlers, started } = centerServer();
    const { api } = startApp('/workspace/staff/evaluations', { as: 'staff', handlers });
    const ready = await screen.findByTestId('evaluation-ready-sections', {}, { timeout: 15_000 });
    // 001 already has an evaluation and 003's committee is not published: only 002 can start.
    await within(ready).findByText('002 施工002标段');
    expect(ready.textContent).not.toContain('001 施工001标段');
    expect(ready.textContent).not.toContain('003 施工003标段');
    expect(screen.queryByTestId('evaluation-start-70')).toBeNull();
    const list = screen.getByTestId('evaluation-list');
    expect(list.textContent).toContain('详细评审');
    expect(list.textContent).toContain('5/5');
    fireEvent.click(screen.getByTestId('evaluation-start-71'));
    expect((await screen.findByTestId('evaluation-start-for')).textContent).toContain('002 施工002标段');
    const hours = screen.getByTestId('evaluation-start-hours');
    const input = hours.tagName === 'INPUT' ? hours : hours.querySelector('input')!;
    fireEvent.change(input, { target: { value: '12' } });
    fireEvent.blur(input);
    fireEvent.click(screen.getByTestId('evaluation-start-submit'));
    await waitFor(() => expect(started).toEqual([{ committeeId: 4, hours: 12 }]));
    // Opens the evaluation it started.
    await screen.findByTestId('evaluation-detail', {}, { timeout: 15_000 });
    expect(api.calls.some((c) => c.path === 'evaluation.get')).toBe(true);
  });

  it('the detail: members, live progress, bids with the ceiling flag, clarifications; a replacement needs a reason', async () => {
    const { handlers } = centerServer();
    const { api } = startApp('/workspace/staff/evaluations?evaluation=9', { as: 'staff', handlers });
    const members = await screen.findByTestId('evaluation-members-table', {}, { timeout: 15_000 });
    expect(members.textContent).toContain('孙立平');
    expect(members.textContent).toContain('组长');
    expect(members.textContent).toContain('房屋建筑');
    expect((await screen.findByTestId('evaluation-progress-31-compliance')).textContent).toContain('已签名');
    expect(screen.getByTestId('evaluation-progress-32-scores').textContent).toContain('已填 0/12');
    expect(screen.getByTestId('evaluation-progress-clarifications').textContent).toContain('已发出 2 份，已答复 1 份');
    expect(screen.getByTestId('evaluation-bids-table').textContent).toContain('超过最高限价');
    expect((await screen.findByTestId('evaluation-clarifications-table')).textContent).toContain('请说明报价中的暂估价构成');
    expect((await screen.findByTestId('evaluation-report-none')).textContent).toContain('尚未生成');
    // Not signed: nothing to reopen.
    expect(screen.queryByTestId('evaluation-reopen')).toBeNull();

    fireEvent.click(screen.getByTestId('evaluation-replace-32'));
    fireEvent.click(await screen.findByTestId('evaluation-replace-submit'));
    expect(await screen.findByText('请填写替换原因（2～500 字）')).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'evaluation.replaceMember')).toBe(false);
    fireEvent.change(screen.getByTestId('evaluation-replace-reason'), { target: { value: '  突发疾病，无法继续评标  ' } });
    fireEvent.click(screen.getByTestId('evaluation-replace-submit'));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'evaluation.replaceMember')?.input).toEqual({ evaluationId: 9, memberUserId: 32, reason: '突发疾病，无法继续评标' }));
    expect(await screen.findByText(/已由 郑晓 接替/)).toBeTruthy();
    // Staff may name a backup of the member's specialty instead (E5): only housing backups on standby are offered.
    fireEvent.click(screen.getByTestId('evaluation-replace-32'));
    fireEvent.mouseDown(await screen.findByRole('combobox', { name: '接替的候补专家' }));
    expect(await screen.findByTitle('赵敏（候补第1位）')).toBeTruthy();
    expect(screen.queryByTitle(/周洁/)).toBeNull();
    fireEvent.click(await screen.findByTitle('王磊（候补第2位）'));
    fireEvent.change(screen.getByTestId('evaluation-replace-reason'), { target: { value: '家中急事' } });
    fireEvent.click(screen.getByTestId('evaluation-replace-submit'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'evaluation.replaceMember').at(-1)?.input).toEqual({ evaluationId: 9, memberUserId: 32, reason: '家中急事', replacementSeatId: 72 }));
  });

  it('a signed evaluation: the report, who signed and who has not, the dissent; reopened in an R87 §64 case; the replay', async () => {
    const { handlers } = centerServer({ status: 'signed', report: signedReport });
    const { api } = startApp('/workspace/staff/evaluations?evaluation=9', { as: 'staff', handlers });
    const link = await screen.findByTestId('evaluation-report-download', {}, { timeout: 15_000 });
    expect(link.getAttribute('href')).toBe(`/evaluations/9/report.pdf?sha256=${SHA('b')}`);
    expect(screen.getByTestId('evaluation-report-pending').textContent).toBe('周建国');
    expect(screen.getByTestId('evaluation-report-signatures').textContent).toContain('0A1B2C');
    expect(screen.getByTestId('evaluation-report-dissents').textContent).toContain('投标人2 的技术方案评分偏高');
    // Signed: no replacement any more.
    expect(screen.queryByTestId('evaluation-replace-32')).toBeNull();

    fireEvent.click(screen.getByTestId('evaluation-reopen'));
    fireEvent.click(await screen.findByTestId('evaluation-reopen-submit'));
    expect(await screen.findByText('请写明情况（10～2000 字）')).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'evaluation.reopen')).toBe(false);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '情形' }));
    fireEvent.click(await screen.findByTitle('分值汇总计算错误'));
    fireEvent.change(screen.getByTestId('evaluation-reopen-note'), { target: { value: '投标人1 的分项得分合计与汇总表不一致' } });
    fireEvent.click(screen.getByTestId('evaluation-reopen-submit'));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'evaluation.reopen')?.input).toEqual({ evaluationId: 9, case: 'sum_error', note: '投标人1 的分项得分合计与汇总表不一致' }));

    fireEvent.click(screen.getByTestId('evaluation-replay-run'));
    const result = await screen.findByTestId('evaluation-replay-result');
    expect(result.getAttribute('data-ok')).toBe('yes');
    expect(result.textContent).toContain('MATCH');
    expect(screen.getByTestId('evaluation-replay-computed').textContent).toBe(SHA('d'));
    expect(screen.getByTestId('evaluation-replay-stored').textContent).toBe(SHA('d'));
  });

  it('a replay that does not match says MISMATCH and shows both hashes', async () => {
    const { handlers } = centerServer({ status: 'signed', report: signedReport, replay: { matches: false, manifestSha256: SHA('c'), resultSha256: SHA('e'), storedResultSha256: SHA('d'), problem: null } });
    startApp('/workspace/staff/evaluations?evaluation=9', { as: 'staff', handlers });
    fireEvent.click(await screen.findByTestId('evaluation-replay-run', {}, { timeout: 15_000 }));
    const result = await screen.findByTestId('evaluation-replay-result');
    expect(result.getAttribute('data-ok')).toBe('no');
    expect(result.textContent).toContain('MISMATCH');
    expect(screen.getByTestId('evaluation-replay-computed').textContent).toBe(SHA('e'));
    expect(screen.getByTestId('evaluation-replay-stored').textContent).toBe(SHA('d'));
  });

  it('a refused replacement shows the server words and the reason code', async () => {
    const { handlers } = centerServer();
    const refusing = {
      ...handlers,
      'evaluation.replaceMember': () => {
        throw new AppError('INVALID_STATE', { zh: '该专业已无可用的候补专家', en: 'No backup of the specialty is available' }, { reason: 'NO_BACKUP', rule: 'E5' });
      },
    };
    startApp('/workspace/staff/evaluations?evaluation=9', { as: 'staff', handlers: refusing });
    fireEvent.click(await screen.findByTestId('evaluation-replace-31', {}, { timeout: 15_000 }));
    fireEvent.change(await screen.findByTestId('evaluation-replace-reason'), { target: { value: '回避' } });
    fireEvent.click(screen.getByTestId('evaluation-replace-submit'));
    expect(await screen.findByText('该专业已无可用的候补专家')).toBeTruthy();
    expect(screen.getByTestId('error-reason').textContent).toBe('NO_BACKUP');
  });
});

describe('评标监督 (issue 22 §6, supervisor)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('the list without a start card', async () => {
    const { handlers } = centerServer();
    const { api } = startApp('/workspace/supervisor/evaluations', { as: 'supervisor', handlers });
    const list = await screen.findByTestId('evaluation-list', {}, { timeout: 15_000 });
    await within(list).findByText('示范市中心医院门诊楼施工');
    expect(screen.queryByTestId('evaluation-start-card')).toBeNull();
    expect(api.calls.some((c) => c.path === 'committee.sections')).toBe(false);
  });

  it('the detail read-only: no replace, no reopen; the replay runs', async () => {
    const { handlers } = centerServer({ status: 'signed', report: signedReport });
    const { api } = startApp('/workspace/supervisor/evaluations?evaluation=9', { as: 'supervisor', handlers });
    await screen.findByTestId('evaluation-report-download', {}, { timeout: 15_000 });
    expect(screen.getByTestId('evaluation-read-only').textContent).toContain('只读');
    expect(screen.getByTestId('evaluation-members-table').textContent).toContain('周建国');
    expect(screen.queryByTestId('evaluation-replace-31')).toBeNull();
    expect(screen.queryByTestId('evaluation-reopen')).toBeNull();
    fireEvent.click(screen.getByTestId('evaluation-replay-run'));
    expect((await screen.findByTestId('evaluation-replay-result')).getAttribute('data-ok')).toBe('yes');
    expect(api.calls.some((c) => ['evaluation.start', 'evaluation.replaceMember', 'evaluation.reopen'].includes(c.path))).toBe(false);
  });
});

describe('评标澄清 (issue 22 §6, bidder; S10)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  const request = (id: number, over: Record<string, unknown> = {}) => ({
    id,
    projectCode: '330100-2026-E000021',
    projectName: '示范市中心医院门诊楼施工',
    sectionCode: '001',
    sectionName: '施工001标段',
    question: '请说明报价中的暂估价构成',
    askedAt: '2026-12-08T01:50:00.000Z',
    answerBy: '2026-12-08T04:00:00.000Z',
    answer: null,
    answeredAt: null,
    open: true,
    ...over,
  });

  it('the question, due time and time left; an answer is required, then sent trimmed; answered and expired ones have no form', async () => {
    const requests = [
      request(1),
      request(2, { question: '请确认修正后的报价', answer: '确认修正后的报价为 1,100,000.00 元', answeredAt: '2026-12-08T01:55:00.000Z', open: false }),
      request(3, { question: '请说明工期安排', answerBy: '2026-12-08T01:00:00.000Z', open: false }),
    ];
    const handlers = {
      ...demoServer({ epochMs: NOW }),
      'evaluation.myClarifications': () => requests,
      'evaluation.answerClarification': (input: unknown) => {
        const i = input as { clarificationId: number; answer: string };
        const r = requests.find((x) => x.id === i.clarificationId)!;
        Object.assign(r, { answer: i.answer, answeredAt: new Date(NOW).toISOString(), open: false });
        return r;
      },
    };
    const { api } = startApp('/workspace/bidder/clarification-requests', { as: 'bidder1', handlers });
    const first = await screen.findByTestId('clarification-request-1', {}, { timeout: 15_000 });
    expect(within(first).getByTestId('clarification-request-question').textContent).toBe('请说明报价中的暂估价构成');
    await waitFor(() => expect(within(first).getByTestId('clarification-request-due').textContent).toMatch(/剩余 0(1:5\d|2:00):\d\d/));
    expect(within(first).getByTestId('clarification-request-state').textContent).toContain('待答复');
    const second = screen.getByTestId('clarification-request-2');
    expect(within(second).getByTestId('clarification-request-answer').textContent).toContain('1,100,000.00');
    expect(within(second).queryByTestId('clarification-answer-2')).toBeNull();
    const third = screen.getByTestId('clarification-request-3');
    expect(within(third).getByTestId('clarification-request-state').textContent).toContain('已过答复截止时间');
    expect(within(third).queryByTestId('clarification-answer-3')).toBeNull();
    // S10: nothing on the page starts a clarification.
    expect(screen.queryByText(/发起澄清|提出澄清|新建澄清/)).toBeNull();

    fireEvent.click(within(first).getByTestId('clarification-answer-submit-1'));
    expect(await within(first).findByText('请填写答复（1～2000 字）')).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'evaluation.answerClarification')).toBe(false);
    fireEvent.change(within(first).getByTestId('clarification-answer-1'), { target: { value: '  暂估价为专业工程暂估价 200 万元  ' } });
    fireEvent.click(within(first).getByTestId('clarification-answer-submit-1'));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'evaluation.answerClarification')?.input).toEqual({ clarificationId: 1, answer: '暂估价为专业工程暂估价 200 万元' }));
    expect((await within(first).findByTestId('clarification-request-answer')).textContent).toBe('暂估价为专业工程暂估价 200 万元');
    expect(within(first).queryByTestId('clarification-answer-1')).toBeNull();
    expect(api.calls.some((c) => c.path === 'evaluation.clarify')).toBe(false);
  });

  it('none yet', async () => {
    startApp('/workspace/bidder/clarification-requests', { as: 'bidder1' });
    expect((await screen.findByTestId('clarification-requests-empty', {}, { timeout: 15_000 })).textContent).toBe('暂无澄清要求');
  });
});
