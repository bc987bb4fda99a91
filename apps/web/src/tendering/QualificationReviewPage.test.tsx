// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AppProviders, createQueryClient } from '../App.tsx';
import { createFakeApi, demoServer, type Handler } from '../test/fakeApi.ts';
import { QualificationReviewPage } from './QualificationReviewPage.tsx';
import { QualificationAnswersPanel } from './QualificationAnswersPanel.tsx';

const criterion = { id: 11, projectId: 7, sectionId: null, code: 'Q1', category: 'licence', title: '施工总承包资质', requirement: '二级及以上', minValue: null, unit: null, evidenceRequired: true, sortOrder: 0 };
const answer = { id: 31, criterionId: 11, statement: '具备一级资质', value: null, evidence: [{ uploadId: 5, fileName: '资质证书.pdf', sha256: 'a'.repeat(64), size: 10 }], submittedAt: '2026-03-01T01:00:00.000Z', version: 1 };

function reviewServer(): Record<string, Handler> {
  const decisions: { pass: boolean; reason: string }[] = [];
  const applicant = (id: number, name: string) => ({
    registrationId: id, bidderOrgId: id, companyName: name, sectionId: 3, sectionCode: '001', sectionName: '一标段', status: 'applied', decidedAt: null, decisionNote: null,
    outcome: decisions.length > 0 && id === 1 ? (decisions[0]!.pass ? 'qualified' : 'disqualified') : 'pending',
    items: [{ criterionId: 11, answer: { ...answer, id: 30 + id }, hint: 'meets', decision: id === 1 && decisions[0] ? { criterionId: 11, ...decisions[0], decidedAt: '2026-03-13T01:00:00.000Z', reviewerName: '王审' } : null }],
  });
  return {
    ...demoServer(),
    'qualification.reviewQueue': () => [{ projectId: 7, name: '示范工程', unifiedDealCode: '330100-2026-E000007', prequalReviewEnd: '2026-03-16T09:00:00.000Z', applicantCount: 2 }],
    'project.get': () => ({ id: 7, name: '示范工程', unifiedDealCode: '330100-2026-E000007', sections: [{ id: 3, code: '001', name: '一标段', ceilingFen: null, securityFen: null }] }),
    'qualification.applicants': () => ({
      projectId: 7, projectStatus: 'PREQUALIFICATION', prequalification: true, reviewComplete: false, minQualified: 3,
      criteria: [criterion], applicants: [applicant(1, '甲建设公司'), applicant(2, '乙建设公司')],
    }),
    'qualification.decide': (input: unknown) => {
      const i = input as { pass: boolean; reason: string };
      decisions.push(i);
      return { criterionId: 11, ...i, decidedAt: '2026-03-13T01:00:00.000Z', reviewerName: '王审' };
    },
    'qualification.completeReview': () => ({ projectId: 7, status: 'FAILED', qualifiedCount: 1, qualified: [1], disqualified: [2], failureNoticeId: 9 }),
  };
}

function mount(node: React.ReactNode, handlers: Record<string, Handler>) {
  const api = createFakeApi(handlers);
  render(<AppProviders api={api.client} queryClient={createQueryClient()} lang="zh">{node}</AppProviders>);
  return api;
}

describe('资格审查 (staff)', () => {
  afterEach(cleanup);

  it('decides with a reason, then confirms completion showing that too few qualify', async () => {
    const api = mount(<QualificationReviewPage />, reviewServer());
    fireEvent.click(await screen.findByRole('button', { name: '审查 示范工程' }));
    const card = await screen.findByTestId('review-1-11');
    expect(within(card).getByTestId('answer-hint').textContent).toBe('提示：看似满足');
    expect(within(card).getByRole('link', { name: /资质证书\.pdf/ }).getAttribute('href')).toBe('/qualification/evidence/31/0');
    const save = within(card).getByRole('button', { name: '保存意见 甲建设公司 Q1' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // a decision and a written reason are required
    fireEvent.click(within(card).getByLabelText('通过'));
    fireEvent.change(within(card).getByLabelText('甲建设公司 Q1 理由'), { target: { value: '资质证书有效' } });
    fireEvent.click(save);
    await waitFor(() => expect(api.calls.some((c) => c.path === 'qualification.decide')).toBe(true));
    expect(api.calls.find((c) => c.path === 'qualification.decide')!.input).toEqual({ registrationId: 1, criterionId: 11, pass: true, reason: '资质证书有效' });
    fireEvent.click(screen.getByRole('button', { name: /完成资格审查/ }));
    const confirm = await screen.findByTestId('complete-confirm');
    expect(confirm.textContent).toContain('少于 3 家');
    expect(confirm.textContent).toContain('本项目将流标');
    fireEvent.click(screen.getByRole('button', { name: /确认完成/ }));
    expect((await screen.findByTestId('review-complete')).textContent).toContain('项目流标');
  });
});

describe('资格审查: sections stand alone (issue 16 §7)', () => {
  afterEach(cleanup);

  it('the confirmation names the section that would fail alone; the result says it failed while bidding opens', async () => {
    const decided = (id: number, sectionCode: string, outcome: string) => ({
      registrationId: id, bidderOrgId: id, companyName: `公司${id}`, sectionId: sectionCode === '001' ? 3 : 4, sectionCode, sectionName: `${sectionCode}标段`, status: 'applied', decidedAt: null, decisionNote: null, outcome,
      items: [{ criterionId: 11, answer: { ...answer, id: 30 + id }, hint: 'meets', decision: { criterionId: 11, pass: outcome === 'qualified', reason: '符合要求', decidedAt: '2026-03-13T01:00:00.000Z', reviewerName: '王审' } }],
    });
    const handlers = {
      ...reviewServer(),
      'project.get': () => ({ id: 7, name: '示范工程', unifiedDealCode: '330100-2026-E000007', sections: [{ id: 3, code: '001', name: '一标段' }, { id: 4, code: '002', name: '二标段' }] }),
      'qualification.applicants': () => ({
        projectId: 7, projectStatus: 'PREQUALIFICATION', prequalification: true, reviewComplete: false, minQualified: 3, criteria: [criterion],
        applicants: [decided(1, '001', 'qualified'), decided(2, '001', 'qualified'), decided(3, '001', 'qualified'), decided(4, '002', 'qualified'), decided(5, '002', 'qualified'), decided(6, '002', 'disqualified')],
      }),
      'qualification.completeReview': () => ({ projectId: 7, status: 'BIDDING', qualifiedCount: 3, qualified: [1, 2, 3, 4, 5], disqualified: [6], failureNoticeId: null, failedSections: ['002'] }),
    };
    mount(<QualificationReviewPage />, handlers);
    fireEvent.click(await screen.findByRole('button', { name: '审查 示范工程' }));
    await screen.findByTestId('review-6-11');
    fireEvent.click(screen.getByRole('button', { name: /完成资格审查/ }));
    const confirm = await screen.findByTestId('complete-confirm');
    expect(confirm.textContent).not.toContain('本项目将流标');
    expect(within(confirm).getByTestId('sections-will-fail').textContent).toContain('第002标段将流标，其他标段继续');
    fireEvent.click(screen.getByRole('button', { name: /确认完成/ }));
    const done = await screen.findByTestId('review-complete');
    expect(done.textContent).toContain('项目进入投标阶段');
    expect(done.textContent).toContain('第002标段合格申请人不足，单独流标');
  }, 30_000);
});

describe('资格条件答复 (bidder)', () => {
  afterEach(cleanup);

  it('shows the result with the reviewers’ reasons after the review', async () => {
    const handlers = {
      ...demoServer(),
      'qualification.mineForProject': () => [
        {
          registration: { id: 4, projectId: 7, sectionId: 3, sectionCode: '001', sectionName: '一标段', status: 'disqualified', decidedAt: '2026-03-13T01:00:00.000Z', decisionNote: '【Q1 施工总承包资质】证书已过期' },
          answersCloseAt: '2026-03-12T01:00:00.000Z',
          answersOpen: false,
          decided: true,
          items: [{ criterion, answer, decision: { criterionId: 11, pass: false, reason: '证书已过期', decidedAt: '2026-03-13T01:00:00.000Z', reviewerName: null } }],
        },
      ],
    };
    mount(<QualificationAnswersPanel project={{ id: 7 } as never} />, handlers);
    expect((await screen.findByTestId('qualification-result')).textContent).toBe('不合格');
    expect(screen.getByText('【Q1 施工总承包资质】证书已过期')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /保存答复/ })).toBeNull();
  });
});
