// @vitest-environment jsdom
/**
 * Issue 18 §1, §2: 我的投标 speaks the project's trade and method, and its 开标一览表 asks only what the
 * trade has — the period the project names (工期 / 服务期 / 交货期 / 交货期或服务期) or none, a quality or none.
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { ACTORS } from '../test/fakeApi.ts';
import { renderWithApi, testProject } from '../test/render.tsx';
import { BidPanel } from './BidPanel.tsx';

const registration = { id: 1, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: '一标段', status: 'applied', project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'BIDDING', deadline: null } };

function renderPanel(over: Record<string, unknown>) {
  const project = testProject({ status: 'BIDDING', schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' }, ...over });
  renderWithApi(<BidPanel project={project} />, { 'auth.me': () => ({ actor: ACTORS.bidder1 }), 'registration.mine': () => [registration], 'bid.mine': () => [] }, { router: true });
}

const ENGINEERING_WORDS = ['投标人', '招标人', '招标控制价', '最高投标限价', '工期'];

describe('我的投标 by trade and method', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it.each([
    ['engineering works', { tradeType: 'engineering', method: 'open', subject: 'works' }, '我的投标文件', '工期（日历天）', true, ['提交投标文件'], []],
    ['engineering design', { tradeType: 'engineering', method: 'open', subject: 'design' }, '我的投标文件', '服务期（日历天）', true, ['提交投标文件'], ['工期']],
    ['engineering goods', { tradeType: 'engineering', method: 'open', subject: 'goods' }, '我的投标文件', '交货期（日历天）', true, ['提交投标文件'], ['工期']],
    ['procurement consultation', { tradeType: 'procurement', method: 'consultation', subject: null, budgetFen: 50_000_000 }, '我的响应文件', '交货期或服务期（日历天）', true, ['提交响应文件', '响应文件提交截止时间', '采购预算'], ENGINEERING_WORDS],
    ['procurement open tender', { tradeType: 'procurement', method: 'open', subject: null, budgetFen: 50_000_000 }, '我的投标文件', '交货期或服务期（日历天）', true, ['提交投标文件', '采购预算'], ['投标人', '招标人', '招标控制价', '工期']],
    ['land listing', { tradeType: 'land', method: 'listing', subject: null }, '我的竞买文件', null, false, ['提交竞买文件', '竞买申请截止时间'], ENGINEERING_WORDS],
    ['property transfer', { tradeType: 'property', method: 'online_bidding', subject: null }, '我的受让申请文件', null, false, ['提交受让申请文件', '受让申请截止时间'], ENGINEERING_WORDS],
  ] as const)('%s', async (_name, over, title, period, quality, present, absent) => {
    renderPanel(over);
    const panel = await screen.findByTestId('bid-panel');
    const section = await screen.findByTestId('bid-section-001');
    expect(within(panel).getByRole('heading', { name: title })).toBeTruthy();
    for (const w of present) expect(panel.textContent).toContain(w);
    for (const w of absent) expect(panel.textContent, w).not.toContain(w);
    // The summary asks what the project has.
    if (period) expect(within(section).getByLabelText(period)).toBeTruthy();
    expect(within(section).queryAllByLabelText(/日历天/)).toHaveLength(period ? 1 : 0);
    expect(within(section).queryByLabelText('质量标准')).toEqual(quality ? expect.anything() : null);
  });
});
