// @vitest-environment jsdom
/**
 * The web of the committee draw (issue 21 §7) over the fake API: staff request a draw after the deadline
 * (the server's E1 words shown when refused) and follow the committee; a supervisor sees it read-only and
 * its browser re-run matches; an expert confirms or declines an invitation (E4: no project, no bidder).
 */
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { startApp } from '../test/app.tsx';
import { demoServer } from '../test/fakeApi.ts';
import { drawnCommittee, FIXTURE_IDS } from '../test/committee-fixture.ts';
import type { CommitteeVerification, CommitteeView } from './rerun.ts';

const NOW = Date.UTC(2026, 11, 7, 3, 30);

function setNumber(testId: string, value: string) {
  const el = screen.getByTestId(testId);
  const input = el.tagName === 'INPUT' ? el : el.querySelector('input')!;
  fireEvent.change(input, { target: { value } });
  fireEvent.blur(input);
}

const section = (committee: { id: number; status: string } | null) => ({
  projectId: FIXTURE_IDS.projectId,
  projectName: '示范市中心医院门诊楼施工',
  unifiedDealCode: '330100-2026-E000021',
  tradeType: 'engineering',
  method: 'open',
  budgetFen: 500_000_000,
  sectionId: FIXTURE_IDS.sectionId,
  sectionCode: '001',
  sectionName: '施工一标段',
  bidDeadline: '2026-12-07T02:00:00.000Z',
  minSize: 5,
  committee,
});

function drawOf(v: CommitteeVerification, mine: number) {
  return {
    id: v.draw.drawId,
    purpose: 'committee.draw',
    options: v.list.specialties.flatMap((s) => s.eligible.map((p) => `${s.specialty}:${p}`)),
    phase: 'drawn',
    serverTime: new Date(NOW).toISOString(),
    createdAt: '2026-12-07T03:00:00.000Z',
    commitCloseAt: v.draw.commitCloseAt,
    revealCloseAt: v.draw.revealCloseAt,
    platformCommitment: v.draw.platformCommitment,
    platformShare: v.draw.platformShareHex,
    commitments: v.draw.commitments.map((c) => ({ ...c, label: c.participant.endsWith(String(FIXTURE_IDS.staffUserId)) ? '交易中心' : '监管部门', mine: c.participant === `user:${mine}` })),
    result: { index: v.draw.resultIndex!, drawnAt: v.draw.revealCloseAt, digestHex: v.draw.digestHex!, inputsSha256: v.draw.inputsSha256!, unrevealed: [] },
    me: { mayContribute: true, committed: true, revealed: true },
  };
}

function committeeServer(verification: CommitteeVerification, committee: CommitteeView, mine: number, opts: { requested?: boolean } = {}) {
  let requested = opts.requested ?? true;
  return {
    ...demoServer({ epochMs: NOW }),
    'committee.sections': () => [section(requested ? { id: committee.id, status: committee.status } : null)],
    'committee.request': (input: unknown) => {
      const i = input as { size: number };
      if (i.size % 2 === 0) throw new AppError('VALIDATION', { zh: '评审委员会人数应为单数', en: 'The committee must have an odd number of members' }, { reason: 'COMMITTEE_EVEN', rule: 'E1' });
      requested = true;
      return committee;
    },
    'committee.get': () => committee,
    'committee.verification': () => verification,
    'draw.get': () => drawOf(verification, mine),
  };
}

describe('专家抽取 (issue 21 §7)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('staff: a section past its deadline, the request refused in the server words (E1), then accepted and opened', async () => {
    const { verification, committee } = await drawnCommittee();
    const handlers = committeeServer(verification, committee, FIXTURE_IDS.staffUserId, { requested: false });
    const { api } = startApp('/workspace/staff/expert-draws', { as: 'staff', handlers });
    const table = await screen.findByTestId('committee-sections', {}, { timeout: 15_000 });
    await within(table).findByText('示范市中心医院门诊楼施工');
    expect(table.textContent).toContain('尚未抽取');
    fireEvent.click(await screen.findByTestId(`committee-request-${FIXTURE_IDS.sectionId}`));
    await screen.findByTestId('committee-request-form');
    expect(screen.getByTestId('committee-request-section').textContent).toContain('至少 5 人');
    // Required: the specialty is not chosen yet — nothing is sent.
    fireEvent.click(screen.getByTestId('committee-request-submit'));
    expect((await screen.findAllByText('此项必填')).length).toBeGreaterThan(0);
    expect(api.calls.some((c) => c.path === 'committee.request')).toBe(false);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '评标专业 1' }));
    fireEvent.click(await screen.findByTitle('房屋建筑'));
    fireEvent.change(screen.getByTestId('committee-session-place'), { target: { value: '示范市公共资源交易中心 第3评标室' } });
    setNumber('committee-size', '6');
    fireEvent.click(screen.getByTestId('committee-request-submit'));
    expect(await screen.findByText('评审委员会人数应为单数')).toBeTruthy();
    expect(screen.getByTestId('error-reason').textContent).toBe('COMMITTEE_EVEN');
    const first = api.calls.find((c) => c.path === 'committee.request')!.input as Record<string, unknown>;
    expect(first).toMatchObject({ sectionId: FIXTURE_IDS.sectionId, size: 6, ownerReps: 0, specialties: [{ specialty: 'housing', members: 5, backups: 2 }], sessionPlace: '示范市公共资源交易中心 第3评标室', respondMinutes: 60 });
    // 09:00 Beijing of the next day by the server's clock.
    expect(first.sessionAt).toBe('2026-12-08T09:00:00+08:00');
    setNumber('committee-size', '5');
    fireEvent.click(screen.getByTestId('committee-request-submit'));
    const detail = await screen.findByTestId('committee-detail', {}, { timeout: 15_000 });
    expect(within(detail).getByTestId('committee-status').textContent).toContain('已抽取，待确认');
  });

  it('staff: the commitment with the excluded and why, the draw, the roster with names, the re-run matching', async () => {
    const { verification, committee } = await drawnCommittee();
    startApp(`/workspace/staff/expert-draws?committee=${committee.id}`, { as: 'staff', handlers: committeeServer(verification, committee, FIXTURE_IDS.staffUserId) });
    expect((await screen.findByTestId('committee-eligible-sha', {}, { timeout: 15_000 })).textContent).toBe(verification.eligibleSha256);
    expect(screen.getByTestId('committee-eligible-housing').textContent).toContain('EXP-00000031');
    expect(screen.getByTestId('committee-excluded').textContent).toContain('与招标人（采购人）有关联');
    await screen.findByTestId('draw-panel');
    const rerun = await screen.findByTestId('committee-rerun-result', {}, { timeout: 15_000 });
    expect(rerun.getAttribute('data-ok')).toBe('yes');
    expect(rerun.textContent).toContain('一致');
    const roster = screen.getByTestId('committee-seats');
    expect(roster.textContent).toContain(committee.seats[0]!.name!);
    expect(roster.textContent).toContain('候补待命');
    expect(screen.getByTestId('committee-publish')).toBeTruthy();
  });

  it('staff: publishing an incomplete committee shows the server words and changes nothing on screen', async () => {
    const { verification, committee } = await drawnCommittee();
    const handlers = {
      ...committeeServer(verification, committee, FIXTURE_IDS.staffUserId),
      'committee.publish': () => {
        throw new AppError('INVALID_STATE', { zh: '已确认的专家0人，应为5人', en: '0 experts have confirmed; 5 are needed' }, { reason: 'COMMITTEE_INCOMPLETE' });
      },
    };
    startApp(`/workspace/staff/expert-draws?committee=${committee.id}`, { as: 'staff', handlers });
    fireEvent.click(await screen.findByTestId('committee-publish', {}, { timeout: 15_000 }));
    expect(await screen.findByText('已确认的专家0人，应为5人')).toBeTruthy();
    expect(screen.getByTestId('committee-status').textContent).toContain('已抽取，待确认');
  });

  it('supervisor: read-only, no excluded list, no actions; the re-run in this browser matches', async () => {
    const { verification, committee } = await drawnCommittee();
    const { api } = startApp(`/workspace/supervisor/expert-draws?committee=${committee.id}`, { as: 'supervisor', handlers: committeeServer(verification, committee, FIXTURE_IDS.supervisorUserId) });
    const rerun = await screen.findByTestId('committee-rerun-result', {}, { timeout: 15_000 });
    expect(rerun.getAttribute('data-ok')).toBe('yes');
    expect(screen.getByTestId('committee-rerun-parts').querySelectorAll('[data-ok="yes"]').length).toBe(6);
    expect(screen.queryByTestId('committee-excluded')).toBeNull();
    expect(screen.queryByTestId('committee-publish')).toBeNull();
    expect(screen.queryByTestId('committee-appoint')).toBeNull();
    expect(screen.getByText(/监管人员只读查看/)).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'committee.publish' || c.path === 'committee.request')).toBe(false);
  });

  it('supervisor: an altered published selection does not match, and the failing part is named', async () => {
    const { verification, committee } = await drawnCommittee();
    const s0 = verification.selection![0]!;
    const altered = { ...verification, selection: [{ ...s0, members: [s0.backups[0]!, ...s0.members.slice(1)], backups: [s0.members[0]!] }, ...verification.selection!.slice(1)] };
    startApp(`/workspace/supervisor/expert-draws?committee=${committee.id}`, { as: 'supervisor', handlers: committeeServer(altered, committee, FIXTURE_IDS.supervisorUserId) });
    const rerun = await screen.findByTestId('committee-rerun-result', {}, { timeout: 15_000 });
    expect(rerun.getAttribute('data-ok')).toBe('no');
    expect(rerun.textContent).toContain('抽中的专家和候补');
  });

  it('supervisor: the sections of the scope, without a request button', async () => {
    const { verification, committee } = await drawnCommittee();
    startApp('/workspace/supervisor/expert-draws', { as: 'supervisor', handlers: { ...committeeServer(verification, committee, FIXTURE_IDS.supervisorUserId, { requested: false }) } });
    const table = await screen.findByTestId('committee-sections', {}, { timeout: 15_000 });
    await within(table).findByText('示范市中心医院门诊楼施工');
    expect(screen.queryByTestId(`committee-request-${FIXTURE_IDS.sectionId}`)).toBeNull();
  });
});

describe('评标邀请 (issue 21 §6, §7)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  const invitation = (seatId: number, over: Record<string, unknown> = {}) => ({
    seatId,
    committeeId: 3,
    specialty: 'housing',
    status: 'invited',
    sessionAt: '2026-12-09T01:30:00.000Z',
    sessionPlace: '示范市公共资源交易中心 第3评标室',
    invitedAt: '2026-12-07T03:20:00.000Z',
    respondBy: '2026-12-07T04:20:00.000Z',
    respondedAt: null,
    ...over,
  });

  it('shows time, place and the time left; confirms; a decline needs a reason', async () => {
    const seats = [invitation(100), invitation(101, { status: 'declined', respondedAt: '2026-12-07T03:25:00.000Z' }), invitation(102, { respondBy: '2026-12-07T03:00:00.000Z' })];
    const handlers = {
      ...demoServer({ epochMs: NOW }),
      'committee.myInvitations': () => seats,
      'committee.confirm': (input: unknown) => {
        const s = seats.find((x) => x.seatId === (input as { seatId: number }).seatId)!;
        s.status = 'confirmed';
        return s;
      },
      'committee.decline': (input: unknown) => seats.find((x) => x.seatId === (input as { seatId: number }).seatId)!,
    };
    const { api } = startApp('/workspace/expert/invitations', { as: 'expert01', handlers });
    const card = await screen.findByTestId('invitation-100', {}, { timeout: 15_000 });
    expect(card.textContent).toContain('示范市公共资源交易中心 第3评标室');
    expect(card.textContent).toContain('2026-12-09 09:30');
    await waitFor(() => expect(within(card).getByTestId('invitation-due').textContent).toMatch(/剩余/));
    // The declined one says so; the one past its due time says so and offers no answer.
    expect(screen.getByTestId('invitation-101').textContent).toContain('已谢绝');
    expect(screen.getByTestId('invitation-102').textContent).toContain('答复期限已过');
    expect(screen.queryByTestId('invitation-confirm-102')).toBeNull();
    // Nothing about a project or a bidder.
    for (const id of [100, 101, 102]) expect(screen.getByTestId(`invitation-${id}`).textContent).not.toMatch(/项目|投标|华东建工/);
    fireEvent.click(within(card).getByTestId('invitation-decline-100'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /谢\s*绝/ }));
    expect(await within(dialog).findByText('请填写谢绝原因（至少2个字）')).toBeTruthy();
    expect(api.calls.some((c) => c.path === 'committee.decline')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: /取\s*消/ }));
    fireEvent.click(within(card).getByTestId('invitation-confirm-100'));
    await waitFor(() => expect(api.calls.some((c) => c.path === 'committee.confirm' && (c.input as { seatId: number }).seatId === 100)).toBe(true));
    await waitFor(() => expect(screen.getByTestId('invitation-100').textContent).toContain('已确认'));
  });

  it('a decline with its reason is sent', async () => {
    const handlers = {
      ...demoServer({ epochMs: NOW }),
      'committee.myInvitations': () => [invitation(100)],
      'committee.decline': () => invitation(100, { status: 'declined' }),
    };
    const { api } = startApp('/workspace/expert/invitations', { as: 'expert01', handlers });
    fireEvent.click(await screen.findByTestId('invitation-decline-100', {}, { timeout: 15_000 }));
    fireEvent.change(await screen.findByTestId('invitation-decline-reason'), { target: { value: '当日另有评标任务' } });
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: /谢\s*绝/ }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'committee.decline')?.input).toEqual({ seatId: 100, note: '当日另有评标任务' }));
  });

  it('no invitations says so', async () => {
    startApp('/workspace/expert/invitations', { as: 'expert01', handlers: { ...demoServer({ epochMs: NOW }), 'committee.myInvitations': () => [] } });
    expect((await screen.findByTestId('invitations-empty', {}, { timeout: 15_000 })).textContent).toBe('暂无评标邀请');
  });
});

describe('评标委员会公示 on the portal (issue 21 §3, §5)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  const listed = {
    committeeId: FIXTURE_IDS.committeeId,
    projectId: FIXTURE_IDS.projectId,
    projectName: '示范市中心医院门诊楼施工',
    unifiedDealCode: '330100-2026-E000021',
    tradeType: 'engineering',
    sectionCode: '001',
    sectionName: '施工一标段',
    publishedAt: '2026-12-07T05:00:00.000Z',
  };

  /** The committee as the public sees it once published: the sitting members with their names. */
  async function publishedCommittee() {
    const { verification, committee } = await drawnCommittee();
    const seats = committee.seats.filter((s) => s.kind === 'member').map((s) => ({ ...s, status: 'confirmed' as const, note: null }));
    return { verification: { ...verification, status: 'published' as const }, committee: { ...committee, status: 'published' as const, publishedAt: listed.publishedAt, seats } };
  }

  it('not signed in: the home lists the published committee; its page names the members and the re-run matches', async () => {
    const { verification, committee } = await publishedCommittee();
    const handlers = { ...demoServer({ epochMs: NOW }), 'committee.published': () => [listed], 'committee.get': () => committee, 'committee.verification': () => verification };
    const { router } = startApp('/', { handlers });
    const link = await screen.findByTestId(`published-committee-${FIXTURE_IDS.committeeId}`, {}, { timeout: 15_000 });
    expect(link.textContent).toBe('示范市中心医院门诊楼施工');
    fireEvent.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/committees/${FIXTURE_IDS.committeeId}`));
    const rerun = await screen.findByTestId('committee-rerun-result', {}, { timeout: 15_000 });
    expect(rerun.getAttribute('data-ok')).toBe('yes');
    // The public sees the sitting members only, so the seat-by-seat roster check is not among the parts.
    expect(screen.getByTestId('committee-rerun-parts').querySelectorAll('[data-ok="yes"]').length).toBe(5);
    const seats = screen.getByTestId('committee-public-seats');
    for (const s of committee.seats) expect(seats.textContent).toContain(s.name!);
    expect(screen.getByTestId('committee-public').textContent).toContain('001 施工一标段');
  });

  it('a committee not published (the server says not found) shows the same words as none at all (E4)', async () => {
    const handlers = {
      ...demoServer({ epochMs: NOW }),
      'committee.get': () => {
        throw new AppError('NOT_FOUND', { zh: '评标委员会不存在', en: 'No such committee' }, { field: 'committeeId' });
      },
    };
    const { api } = startApp(`/committees/${FIXTURE_IDS.committeeId}`, { handlers });
    expect(await screen.findByText('评标委员会不存在', {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.queryByTestId('committee-public')).toBeNull();
    expect(api.calls.some((c) => c.path === 'committee.verification')).toBe(false);
  });

  it('none published: the list says so', async () => {
    startApp('/committees', { handlers: { ...demoServer({ epochMs: NOW }) } });
    const table = await screen.findByTestId('published-committees', {}, { timeout: 15_000 });
    await within(table).findByText('暂无已公布的评标委员会');
  });
});
