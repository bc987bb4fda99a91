// @vitest-environment jsdom
/**
 * Issue 18 §1: the project page — its facts and the tabs of each viewer — names parties and things by
 * the project's trade and method: 采购人 / 采购预算 / 最高限价 / 响应文件 for a procurement consultation,
 * 出让人 / 起始价 / 竞买保证金 for land, not 招标人 / 投标人 / 招标控制价.
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { startApp } from '../test/app.tsx';
import { testProject } from '../test/render.tsx';

const SECTION = { id: 70, code: '001', name: '一包', ceilingFen: 400_000_00, securityFen: 8_000_00, status: 'open', failureReason: null, failureNoticeId: null };

const CASES = [
  {
    name: 'procurement consultation',
    project: { tradeType: 'procurement', method: 'consultation', subject: null, budgetFen: 500_000_00 },
    facts: ['采购人', '采购预算（元）', '最高限价（元）', '响应保证金（元）', '响应文件提交截止时间'],
    ownerTabs: ['采购文件', '获取采购文件情况', '响应文件开启'],
    bidderTabs: ['采购文件', '获取采购文件与响应保证金', '我的响应文件', '响应文件开启'],
  },
  {
    name: 'land listing',
    project: { tradeType: 'land', method: 'listing', subject: null, budgetFen: null },
    facts: ['出让人', '起始价（元）', '竞买保证金（元）', '竞买申请截止时间'],
    ownerTabs: ['出让文件', '竞买申请情况'],
    bidderTabs: ['出让文件', '竞买申请与竞买保证金', '我的竞买文件'],
  },
] as const;

const ENGINEERING = ['招标人', '投标人', '招标控制价', '投标保证金', '招标文件', '投标截止'];

const handlers = (project: Record<string, unknown>) => ({
  'project.get': () => testProject({ ...project, tendereeName: '示范市机关事务管理局', status: 'BIDDING', schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' }, sections: [SECTION] }),
  'project.scheduleReview': () => ({ ok: true, violations: [] }),
  'notice.forProject': () => [],
  'document.list': () => [],
});

describe('the project page by trade and method', { timeout: 60_000 }, () => {
  afterEach(cleanup);

  it.each(CASES)('$name, as the tenderee', async ({ project, facts, ownerTabs }) => {
    startApp('/workspace/tenderee/projects/7', { as: 'tenderee', handlers: handlers(project) });
    const factsTable = await screen.findByTestId('project-facts', {}, { timeout: 20_000 });
    for (const w of facts) expect(factsTable.textContent).toContain(w);
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    for (const w of ownerTabs) expect(tabs).toContain(w);
    for (const w of ENGINEERING) {
      expect(factsTable.textContent, w).not.toContain(w);
      expect(tabs.join(' '), w).not.toContain(w);
    }
    if (project.tradeType === 'land') expect(within(factsTable).queryByText(/预算/)).toBeNull();
    // The schedule names the deadline by the trade too; its other fields keep their statutory names.
    const schedule = await screen.findByTestId('schedule-card');
    for (const w of ENGINEERING) expect(schedule.textContent, w).not.toContain(w);
    if (project.tradeType === 'procurement') expect(within(schedule).getByText('响应文件提交截止时间')).toBeTruthy();
  });

  it.each(CASES)('$name, as a bidder', async ({ project, facts, bidderTabs }) => {
    startApp('/workspace/bidder/projects/7', { as: 'bidder1', handlers: handlers(project) });
    const factsTable = await screen.findByTestId('project-facts', {}, { timeout: 20_000 });
    for (const w of facts) expect(factsTable.textContent).toContain(w);
    const tabs = screen.getAllByRole('tab').map((t) => t.textContent);
    for (const w of bidderTabs) expect(tabs).toContain(w);
    for (const w of ENGINEERING) expect(`${factsTable.textContent} ${tabs.join(' ')}`, w).not.toContain(w);
  });
});
