// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AppProviders, createQueryClient } from '../App.tsx';
import { createFakeApi, demoServer, type Handler } from '../test/fakeApi.ts';
import { SaleApplicationsPage } from './SaleApplicationsPage.tsx';

const deposit = (status: string) => ({
  id: 9, requiredFen: 104_000_000_00, receivedFen: null, form: 'cash', status, receivedAt: null, refundDueAt: null, refundDueProvisional: false,
  refundedAt: null, overdue: false, reference: null, guaranteeIssuer: null, guaranteeVerification: null, guaranteeVerifiedAt: null,
});
const applicant = (id: number, name: string, status = 'applied', decisionNote: string | null = null) => ({
  id, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: 'R21-07地块', bidderOrgId: id, bidderName: name, status,
  appliedAt: '2026-03-02T02:00:00.000Z', decidedAt: null, decisionNote, deposit: deposit('received'), depositSecret: false, paymentReference: null, version: 1,
});

function server(): Record<string, Handler> {
  const reviewed: Record<number, { decision: string; note?: string }> = {};
  return {
    ...demoServer(),
    'registration.saleReviewQueue': () => [
      { projectId: 7, unifiedDealCode: '330100-2026-L000007', name: '示范市R21-07地块挂牌出让', tradeType: 'land', method: 'listing', status: 'PUBLISHED', reviewClosesAt: '2026-04-03T02:00:00.000Z', pending: 2 },
    ],
    'registration.saleApplicants': () =>
      [applicant(1, '甲置业有限公司'), applicant(2, '乙置业有限公司')].map((a) =>
        reviewed[a.id] ? { ...a, status: reviewed[a.id]!.decision, decisionNote: reviewed[a.id]!.note ?? null, version: 2 } : a,
      ),
    'registration.review': (input: unknown) => {
      const i = input as { registrationId: number; decision: string; note?: string };
      reviewed[i.registrationId] = i;
      return { ...applicant(i.registrationId, '甲置业有限公司'), status: i.decision, decisionNote: i.note ?? null, version: 2 };
    },
  };
}

function mount(handlers: Record<string, Handler>) {
  const api = createFakeApi(handlers);
  render(<AppProviders api={api.client} queryClient={createQueryClient()} lang="zh"><SaleApplicationsPage /></AppProviders>);
  return api;
}

describe('竞买（受让）申请审核 (issue 18 §4)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('lists the projects in review with the land words; approves one, refuses the other with its reason', async () => {
    const api = mount(server());
    const queue = await screen.findByTestId('sale-review-queue');
    expect(within(queue).getByText('示范市R21-07地块挂牌出让（330100-2026-L000007）')).toBeTruthy();
    expect(within(queue).getByText('待审核 2 家')).toBeTruthy();
    expect(screen.getByText('申请人身份对出让人（转让方）、其他申请人和公众保密，直至竞价结束。')).toBeTruthy();
    fireEvent.click(within(queue).getByRole('button', { name: '审核 示范市R21-07地块挂牌出让 的申请' }));
    const table = await screen.findByTestId('sale-applicants');
    expect(await within(table).findByText('甲置业有限公司')).toBeTruthy();
    expect(within(table).getAllByText('竞买保证金').length).toBeGreaterThan(0); // the deposit column in the land words

    fireEvent.click(within(table).getByTestId('qualify-1'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'registration.review')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'registration.review')!.input).toEqual({ registrationId: 1, decision: 'qualified', expectedVersion: 1 });

    fireEvent.click(within(table).getByTestId('disqualify-2'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '确认不予通过' }));
    expect(await within(dialog).findByText('请填写理由')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'registration.review')).toHaveLength(1); // nothing sent without a reason
    fireEvent.change(within(dialog).getByTestId('disqualify-reason'), { target: { value: '竞买申请书未加盖公章' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认不予通过' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'registration.review')).toHaveLength(2));
    expect(api.calls.filter((c) => c.path === 'registration.review')[1]!.input).toEqual({ registrationId: 2, decision: 'disqualified', expectedVersion: 1, note: '竞买申请书未加盖公章' });
    expect(await within(await screen.findByTestId('sale-applicants')).findByText('竞买申请书未加盖公章')).toBeTruthy();
  });

  it('an empty queue says so', async () => {
    mount({ ...server(), 'registration.saleReviewQueue': () => [] });
    expect(await screen.findByText('暂无待审核的土地或产权交易项目')).toBeTruthy();
  });
});
