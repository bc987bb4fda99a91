// @vitest-environment jsdom
/**
 * Forms only when they can succeed (issue 16 §4) in the page: the seal form of 我的投标 is disabled with
 * its reason and the time it opens (server clock), and when the server clock jumps past it (a
 * `clock.moved` live event from a movable test clock) the page re-measures, re-reads the project the
 * server's timer moved into bidding, and enables the form — without a reload.
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { BidPanel } from '../bids/BidPanel.tsx';
import { QualificationAnswersPanel } from '../tendering/QualificationAnswersPanel.tsx';
import { ACTORS, type Handler } from '../test/fakeApi.ts';
import { renderWithApi, testProject } from '../test/render.tsx';

type Project = RouterOutputs['project']['get'];
const DOCS = Date.parse('2026-12-10T01:00:00.000Z'); // 北京时间 2026-12-10 09:00
const server = { epochMs: DOCS - 3_600_000, status: 'PUBLISHED' };
const project = () =>
  testProject({
    status: server.status,
    schedule: { noticePublishAt: '2026-12-08T00:00:00.000Z', docsIssueStart: new Date(DOCS).toISOString(), bidDeadline: '2026-12-30T01:30:00.000Z' },
  });
const registration = { id: 1, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: '一标段', status: 'applied', project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'PUBLISHED', deadline: null } };

function ProjectBid() {
  const api = useApi();
  const p = useQuery({ queryKey: ['project', 'get', 7], queryFn: () => api.project.get.query({ projectId: 7 }) });
  return p.data ? <BidPanel project={p.data} /> : null;
}

const mount = (ui: React.ReactNode, handlers: Record<string, Handler>) => renderWithApi(ui, { 'auth.me': () => ({ actor: ACTORS.bidder1 }), ...handlers }, { router: true, serverClock: true });

describe('availability in the page (issue 16 §4)', () => {
  afterEach(cleanup);

  it('qualification answers: the server said open when asked, but the server clock has since passed the deadline — the form closes with its reason', async () => {
    const deadline = '2026-12-30T01:30:00.000Z';
    const criterion = { id: 11, projectId: 7, sectionId: null, code: 'Q1', category: 'licence', title: '施工总承包资质', requirement: '二级及以上', minValue: null, unit: null, evidenceRequired: false, sortOrder: 0 };
    const p = { ...project(), status: 'BIDDING', schedule: { noticePublishAt: '2026-12-08T00:00:00.000Z', docsIssueStart: new Date(DOCS).toISOString(), bidDeadline: deadline } } as unknown as Project;
    mount(<QualificationAnswersPanel project={p} />, {
      'system.time': () => ({ epochMs: Date.parse(deadline) + 1_000, iso: deadline, timeZone: 'Asia/Shanghai', fakeClock: false, acceleration: 1 }),
      'qualification.mineForProject': () => [
        {
          registration: { id: 4, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: '一标段', status: 'applied', decidedAt: null, decisionNote: null },
          answersCloseAt: deadline,
          answersOpen: true,
          decided: false,
          items: [{ criterion, answer: null, decision: null }],
        },
      ],
    });
    const notice = await screen.findByTestId('answers-unavailable-4', {}, { timeout: 10_000 });
    expect(notice.textContent).toBe('资格条件答复已于 2026-12-30 09:30:00 截止（以平台服务器时间为准）');
    expect(screen.queryByRole('button', { name: /保存答复/ })).toBeNull();
  }, 30_000);

  it('the seal form is disabled with its reason and opening time, and enables itself when the server clock jumps past it', async () => {
    const api = mount(<ProjectBid />, {
      'system.time': () => ({ epochMs: server.epochMs, iso: new Date(server.epochMs).toISOString(), timeZone: 'Asia/Shanghai', fakeClock: true, acceleration: 1 }),
      'project.get': () => project(),
      'registration.mine': () => [registration],
      'bid.mine': () => [],
      'cert.list': () => [],
    });
    const notice = await screen.findByTestId('bid-70-unavailable', {}, { timeout: 10_000 });
    expect(notice.textContent).toContain('投标文件递交将于 2026-12-10 09:00:00 开放（项目当前为“已发布”，尚未进入投标中阶段）');
    expect(screen.getByRole('button', { name: '加密并上传' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByLabelText('报价（元）').closest('fieldset')!.disabled).toBe(true);

    // The server's clock is moved past the opening instant; its timer moves the project into bidding.
    server.epochMs = DOCS + 1_000;
    server.status = 'BIDDING';
    await waitFor(() => expect(api.calls.some((c) => c.path === 'live.events')).toBe(true));
    api.emit({ id: 1, topic: 'system', type: 'clock.moved', data: { to: new Date(server.epochMs).toISOString() }, at: new Date().toISOString() });

    await waitFor(() => expect(screen.queryByTestId('bid-70-unavailable')).toBeNull(), { timeout: 15_000 });
    expect(screen.getByLabelText('报价（元）').closest('fieldset')!.disabled).toBe(false);
    expect(api.calls.filter((c) => c.path === 'project.get').length).toBeGreaterThan(1);
  }, 60_000);
});
