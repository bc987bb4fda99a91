// @vitest-environment jsdom
/**
 * Issue 18 §1: the tendering panels of a project page — registration and security, the registrations
 * list, the documents, the clarifications — name parties and things by the project's trade and method.
 */
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { renderWithApi, testProject } from '../test/render.tsx';
import { ClarificationsPanel } from './ClarificationsPanel.tsx';
import { DocumentsPanel } from './DocumentsPanel.tsx';
import { RegistrationPanel } from './RegistrationPanel.tsx';
import { RegistrationsTable } from './RegistrationsTable.tsx';

const ACCOUNT = { bank: '示范银行示范市分行营业部', accountName: '示范市公共资源交易中心', accountNo: '3301 0000 0000 0000 001' };
const deposit = { id: 1, requiredFen: 16_000_000, receivedFen: null, form: null, status: 'pending', receivedAt: null, refundDueAt: null, refundDueProvisional: false, refundedAt: null, overdue: false, reference: null, guaranteeIssuer: null, guaranteeVerification: null, guaranteeVerifiedAt: null };

const CASES = [
  {
    name: 'procurement consultation',
    trade: { tradeType: 'procurement', method: 'consultation', subject: null },
    words: { registration: '获取采购文件', security: '响应保证金', bidder: '供应商', docs: '采购文件' },
  },
  {
    name: 'land listing',
    trade: { tradeType: 'land', method: 'listing', subject: null },
    words: { registration: '竞买申请', security: '竞买保证金', bidder: '竞买人', docs: '出让文件' },
  },
  {
    name: 'property transfer',
    trade: { tradeType: 'property', method: 'online_bidding', subject: null },
    words: { registration: '受让申请', security: '交易保证金', bidder: '意向受让方', docs: '交易文件' },
  },
] as const;

const ENGINEERING = ['投标人', '招标人', '投标保证金', '招标文件', '投标文件'];

function projectOf(trade: (typeof CASES)[number]['trade']) {
  return testProject({
    ...trade,
    status: 'PUBLISHED',
    schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' },
    sections: [
      { id: 70, code: '001', name: '一号地块', ceilingFen: null, securityFen: 16_000_000, status: 'open', failureReason: null, failureNoticeId: null },
      { id: 71, code: '002', name: '二号地块', ceilingFen: null, securityFen: 16_000_000, status: 'open', failureReason: null, failureNoticeId: null },
    ],
  });
}

describe('tendering panels by trade and method', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it.each(CASES)('$name: registration and security (bidder)', async ({ trade, words }) => {
    const project = projectOf(trade);
    const mine = {
      id: 9, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: '一号地块', bidderOrgId: 5, bidderName: '华东建工集团有限公司', status: 'applied',
      appliedAt: '2026-03-01T02:00:00.000Z', decidedAt: null, decisionNote: null, deposit, depositSecret: false, paymentReference: 'BZJ7K2M9Q4T1X', version: 1,
      project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范项目', status: 'PUBLISHED', tradeType: trade.tradeType, method: trade.method, deadline: '2099-03-30T01:30:00.000Z' },
      security: { waived: false, allowedForms: ['cash', 'guarantee'], account: ACCOUNT },
    };
    renderWithApi(<RegistrationPanel project={project} />, { 'registration.mine': () => [mine] });
    const card = await screen.findByTestId('security-card-001');
    expect(card.textContent).toContain(words.security);
    expect(screen.getByRole('button', { name: `${words.registration} 002` })).toBeTruthy();
    const text = document.body.textContent ?? '';
    expect(text).toContain(`${words.registration}与${words.security}`);
    for (const w of ENGINEERING) expect(text, w).not.toContain(w);
  });

  it.each(CASES)('$name: the registrations list (owner side)', async ({ trade, words }) => {
    renderWithApi(<RegistrationsTable project={projectOf(trade)} />, {
      'registration.forProject': () => [{ id: 9, sectionId: 70, sectionCode: '001', sectionName: '一号地块', bidderOrgId: 5, bidderName: '华东建工集团有限公司', status: 'applied', appliedAt: '2026-03-01T02:00:00.000Z', deposit: null, depositSecret: false }],
    });
    const table = await screen.findByTestId('registrations-table');
    await screen.findByText('华东建工集团有限公司');
    expect(table.textContent).toContain(`${words.registration}情况`);
    expect(screen.getByRole('columnheader', { name: words.bidder })).toBeTruthy();
    for (const w of ENGINEERING) expect(table.textContent, w).not.toContain(w);
  });

  it.each(CASES)('$name: documents and clarifications', async ({ trade, words }) => {
    renderWithApi(
      <>
        <DocumentsPanel project={projectOf(trade)} mode="bidder" />
        <ClarificationsPanel project={{ ...projectOf(trade), status: 'DRAFT' }} mode="owner" />
      </>,
      { 'document.list': () => [], 'clarification.list': () => [] },
    );
    await screen.findByTestId('clarifications-panel');
    const text = document.body.textContent ?? '';
    expect(text).toContain(words.docs);
    expect(text).toContain(`公告发布前直接修改${words.docs}即可`);
    for (const w of ENGINEERING) expect(text, w).not.toContain(w);
  });
});
