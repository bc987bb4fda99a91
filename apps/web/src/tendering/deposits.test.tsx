// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError } from '@ebid/domain';
import { type Handler } from '../test/fakeApi.ts';
import { DepositsPage } from './DepositsPage.tsx';
import { RegistrationPanel } from './RegistrationPanel.tsx';
import { renderWithApi, testProject } from '../test/render.tsx';

const project = testProject({
  schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' },
  sections: [
    { id: 70, code: '001', name: '一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 },
    { id: 71, code: '002', name: '二标段', ceilingFen: null, securityFen: null },
  ],
});

const renderWith = (ui: React.ReactNode, handlers: Record<string, Handler>) => renderWithApi(ui, handlers);

const deposit = (over: Record<string, unknown>) => ({
  id: 1,
  registrationId: 1,
  projectId: 7,
  projectCode: '330100-2026-E000007',
  projectName: '示范工程',
  tradeType: 'engineering',
  sectionId: 70,
  sectionCode: '001',
  sectionName: '一标段',
  bidderOrgId: 5,
  bidderName: '华东建工集团有限公司',
  requiredFen: 16_000_000,
  receivedFen: null,
  form: null,
  payerName: null,
  payerAccount: null,
  reference: null,
  paymentReference: 'BZJ7K2M9Q4T1X',
  guaranteeIssuer: null,
  guaranteeVerification: null,
  guaranteeVerifiedAt: null,
  status: 'pending',
  source: null,
  importId: null,
  receivedAt: null,
  refundDueAt: null,
  refundReason: null,
  refundedAt: null,
  forfeitedAt: null,
  forfeitReason: null,
  overdue: false,
  version: 1,
  ...over,
});

// The staff page renders four antd cards and tables: slow on a loaded machine.
describe('DepositsPage (staff)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('shows statuses with words, a red 已超期 tag for an overdue refund, and the refund due day', async () => {
    renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [
        deposit({ id: 1 }),
        deposit({ id: 2, bidderName: '江南路桥建设有限公司', status: 'received', receivedFen: 16_000_000, form: 'cash', refundDueAt: '2026-03-10T16:00:00.000Z', overdue: true }),
      ],
    });
    const table = await screen.findByTestId('deposits-table');
    await within(table).findByText('江南路桥建设有限公司');
    expect(within(table).getByTestId('deposit-overdue').textContent).toContain('已超期');
    expect(within(table).getByText('2026-03-10')).toBeTruthy();
    expect(within(table).getByTestId('record-1')).toBeTruthy();
    expect(within(table).getByTestId('refund-2')).toBeTruthy();
  });

  it('fits 1366 px: five columns (issue 19 §3) — payer, reference, guarantee and times in the row\'s drawer, opened by its 详情 button', async () => {
    renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [
        deposit({
          id: 3,
          status: 'received',
          receivedFen: 16_000_000,
          form: 'e_guarantee',
          payerName: '华东建工集团有限公司',
          payerAccount: '6222 0000 1111',
          reference: 'EG-2026-000123',
          guaranteeIssuer: '示范财产保险股份有限公司',
          guaranteeVerification: '核验码 7F3K9Q',
          guaranteeVerifiedAt: '2026-02-25T01:45:00.000Z',
          receivedAt: '2026-02-25T01:40:00.000Z',
        }),
      ],
    });
    const table = await screen.findByTestId('deposits-table');
    await within(table).findByText('华东建工集团有限公司');
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['参与单位 / 项目', '应缴 / 到账', '状态', '付款附言', '操作']);
    // The table asks no horizontal scroll: no min width, no scroll region.
    expect(table.querySelector('.ant-table-content')?.getAttribute('style') ?? '').not.toContain('overflow');
    expect(within(table).queryByText('EG-2026-000123')).toBeNull();
    fireEvent.click(within(table).getByRole('button', { name: '华东建工集团有限公司 · 330100-2026-E000007 001 的详情' }));
    const drawer = await screen.findByTestId('deposits-table-drawer');
    expect(within(drawer).getByText('6222 0000 1111', { exact: false })).toBeTruthy();
    expect(within(drawer).getByText('EG-2026-000123')).toBeTruthy();
    expect(within(drawer).getByTestId('guarantee-3').textContent).toContain('示范财产保险股份有限公司');
    expect(within(drawer).getByText('2026-02-25 09:40', { exact: false })).toBeTruthy();
    expect(screen.getByRole('dialog').textContent).toContain('华东建工集团有限公司 · 330100-2026-E000007 001');
  });

  it('an empty table is not a scroll region (axe scrollable-region-focusable, issue 19 §3) and says why it is empty', async () => {
    renderWith(<DepositsPage />, { 'project.list': () => [], 'deposit.list': () => [], 'deposit.unmatched': () => [] });
    const table = await screen.findByTestId('deposits-table');
    await within(table).findByText('没有符合条件的保证金');
    const unmatched = await screen.findByTestId('unmatched-table');
    await within(unmatched).findByText('没有未匹配的款项');
    for (const region of document.querySelectorAll('.ant-table-content, .ant-table-body')) {
      expect(region.getAttribute('style') ?? '').not.toMatch(/overflow/);
      expect(region.getAttribute('tabindex')).toBeNull();
    }
  });

  it('before the deadline: a project\'s list says 截止时间前不公开; staff find one security by reference and record it (issue 13 §2)', async () => {
    const api = renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': (input) => {
        if ((input as { projectId?: number } | undefined)?.projectId) {
          throw new AppError('INVALID_STATE', { zh: '投标截止时间前不公开', en: 'Not disclosed before the bid deadline' }, { reason: 'SECRET_UNTIL_DEADLINE', fact: 'deposits' });
        }
        return [];
      },
      'deposit.lookup': () => deposit({ id: 5, bidderName: '钱塘市政工程有限公司' }),
    });
    expect((await screen.findByTestId('deposits-secret-hint')).textContent).toContain('投标截止时间前的项目不在此列出');
    const lookup = screen.getByTestId('deposit-lookup');
    fireEvent.change(within(lookup).getByTestId('lookup-reference'), { target: { value: ' BANK-9 ' } });
    fireEvent.click(within(lookup).getByTestId('lookup-submit'));
    const result = await screen.findByTestId('deposit-lookup-result');
    await within(result).findByText('钱塘市政工程有限公司');
    expect(api.calls.find((c) => c.path === 'deposit.lookup')?.input).toEqual({ reference: 'BANK-9' });
    expect(within(result).getByTestId('record-5')).toBeTruthy();
  });

  it('a rejected bank statement lists every bad row with its line number and message', async () => {
    const api = renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [],
      'deposit.import': () => {
        throw new AppError('VALIDATION', { zh: '银行流水中有2处错误，未导入任何记录', en: '2 problems' }, {
          reason: 'IMPORT_ROWS',
          rows: [
            { line: 3, field: 'amount', reason: 'AMOUNT_FORMAT', messageZh: '第3行：金额“16万”格式错误', messageEn: 'Line 3: invalid amount' },
            { line: 4, field: 'reference', reason: 'REFERENCE_USED', messageZh: '第4行：交易流水号“BANK-1”已导入或登记过', messageEn: 'Line 4: already recorded' },
          ],
        });
      },
    });
    const input = screen.getByLabelText('银行流水文件（.csv）');
    fireEvent.change(input, { target: { files: [new File(['交易日期\n'], 'bank.csv', { type: 'text/csv' })] } });
    fireEvent.click(screen.getByTestId('deposit-import-submit'));
    const errors = await screen.findByTestId('import-errors');
    expect(within(errors).getByText('第3行：金额“16万”格式错误')).toBeTruthy();
    expect(within(errors).getByText('REFERENCE_USED')).toBeTruthy();
    expect(screen.getAllByTestId('error-code')[0]!.textContent).toBe('VALIDATION');
    expect(api.calls.find((c) => c.path === 'deposit.import')?.input).toMatchObject({ fileName: 'bank.csv', csv: '交易日期\n' });
  });
});

const ACCOUNT = { bank: '示范银行示范市分行营业部', accountName: '示范市公共资源交易中心', accountNo: '3301 0000 0000 0000 001' };
const pendingDeposit = {
  id: 1,
  requiredFen: 16_000_000,
  receivedFen: null,
  form: null,
  status: 'pending',
  receivedAt: null,
  refundDueAt: null,
  refundDueProvisional: false,
  refundedAt: null,
  overdue: false,
  reference: null,
  guaranteeIssuer: null,
  guaranteeVerification: null,
  guaranteeVerifiedAt: null,
};
const mine = (over: Record<string, unknown>) => ({
  id: 9,
  projectId: 7,
  sectionId: 70,
  sectionCode: '001',
  sectionName: '一标段',
  bidderOrgId: 5,
  bidderName: '华东建工集团有限公司',
  status: 'applied',
  appliedAt: '2026-03-01T02:00:00.000Z',
  decidedAt: null,
  decisionNote: null,
  deposit: pendingDeposit,
  depositSecret: false,
  paymentReference: 'BZJ7K2M9Q4T1X',
  version: 1,
  project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'PUBLISHED', tradeType: 'engineering', method: 'open', deadline: '2099-03-30T01:30:00.000Z' },
  security: { waived: false, allowedForms: ['cash', 'guarantee', 'e_guarantee'], account: ACCOUNT },
  ...over,
});

describe('the security card (bidder, issue 16 §5)', () => {
  afterEach(cleanup);

  it('shows the amount, the forms allowed, the receiving account and 转账附言请填写：its payment reference', async () => {
    renderWith(<RegistrationPanel project={project} />, { 'registration.mine': () => [mine({})] });
    const card = await screen.findByTestId('security-card-001');
    expect(within(card).getByTestId('security-amount').textContent).toBe('¥160,000.00');
    expect(within(card).getByTestId('security-forms').textContent).toBe('现金（基本账户转账）、保函、电子保函');
    const account = within(card).getByTestId('security-account').textContent!;
    for (const part of ['示范市公共资源交易中心', '示范银行示范市分行营业部', '3301 0000 0000 0000 001']) expect(account).toContain(part);
    expect(within(card).getByTestId('payment-reference-line').textContent).toContain('转账附言请填写：BZJ7K2M9Q4T1X');
    expect(within(card).getByTestId('payment-reference-line').textContent).toContain('现金须从本单位基本账户转出');
  });

  it('procurement: non-cash forms only; a recorded e-guarantee shows its issuer, number and verification, no payment line', async () => {
    const received = { ...pendingDeposit, status: 'received', receivedFen: 16_000_000, form: 'e_guarantee', reference: 'EG-2026-000123', guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: '核验码 7F3K9Q', guaranteeVerifiedAt: '2026-02-25T01:45:00.000Z' };
    renderWith(<RegistrationPanel project={project} />, {
      'registration.mine': () => [mine({ deposit: received, security: { waived: false, allowedForms: ['guarantee', 'e_guarantee'], account: ACCOUNT } })],
    });
    const card = await screen.findByTestId('security-card-001');
    expect(within(card).getByTestId('security-forms').textContent).toBe('保函、电子保函');
    const g = within(card).getByTestId('security-guarantee').textContent!;
    for (const part of ['示范财产保险股份有限公司', 'EG-2026-000123', '核验码 7F3K9Q', '2026-02-25 09:45']) expect(g).toContain(part);
    expect(within(card).queryByTestId('payment-reference-line')).toBeNull();
  });

  it('a waived security: 本项目不收取投标保证金, no account and no reference', async () => {
    renderWith(<RegistrationPanel project={project} />, { 'registration.mine': () => [mine({ deposit: null, security: { waived: true, allowedForms: ['cash', 'guarantee', 'e_guarantee'], account: ACCOUNT } })] });
    const card = await screen.findByTestId('security-card-001');
    expect(within(card).getByTestId('security-waived').textContent).toContain('本项目不收取投标保证金');
    expect(within(card).queryByTestId('security-account')).toBeNull();
    expect(within(card).queryByTestId('payment-reference')).toBeNull();
  });
});

describe('unmatched payments and guarantees (staff, issue 16 §5)', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  const unmatched = { id: 3, importId: 2, line: 4, receivedAt: '2026-02-25T00:30:00.000Z', payerName: '钱塘市政工程有限公司', payerAccount: '330100 700003 100003', amountFen: 16_000_000, reference: 'BANK-0003', remark: '钱塘市政江滨路保证金', status: 'open', depositId: null, resolvedAt: null, note: null, version: 1 };

  it('lists the unmatched payments and assigns one by the payment reference staff confirmed', async () => {
    const api = renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [],
      'deposit.unmatched': () => [unmatched],
      'deposit.assignUnmatched': () => deposit({ id: 8, status: 'received' }),
    });
    const table = await screen.findByTestId('unmatched-table');
    await within(table).findByText('钱塘市政江滨路保证金');
    expect(within(table).getByText('BANK-0003')).toBeTruthy();
    fireEvent.click(within(table).getByTestId('assign-3'));
    fireEvent.change(await screen.findByTestId('assign-reference'), { target: { value: ' bzj7k2m9q4t1x ' } });
    fireEvent.click(screen.getByRole('button', { name: '分 配' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === 'deposit.assignUnmatched')?.input).toEqual({ unmatchedId: 3, paymentReference: 'bzj7k2m9q4t1x', form: 'cash', expectedVersion: 1 }),
    );
  });

  it('returns one to the payer with a note', async () => {
    const api = renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [],
      'deposit.unmatched': () => [unmatched],
      'deposit.returnUnmatched': () => ({ ...unmatched, status: 'returned', note: '已原路退回' }),
    });
    fireEvent.click(await screen.findByTestId('return-3'));
    fireEvent.change(await screen.findByTestId('return-note'), { target: { value: '已原路退回' } });
    fireEvent.click(screen.getByRole('button', { name: '退 回' }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'deposit.returnUnmatched')?.input).toEqual({ unmatchedId: 3, note: '已原路退回', expectedVersion: 1 }));
  });

  it('recording an e-guarantee asks for its issuer and verification and sends them; a duplicate number shows the typed error', async () => {
    const api = renderWith(<DepositsPage />, {
      'project.list': () => [],
      'deposit.list': () => [deposit({ id: 1 })],
      'deposit.unmatched': () => [],
      'deposit.record': () => {
        throw new AppError('CONFLICT', { zh: '该保函编号已登记', en: 'This guarantee number is already recorded' }, { reason: 'DUPLICATE_GUARANTEE', field: 'reference' });
      },
    });
    fireEvent.click(await screen.findByTestId('record-1'));
    expect(screen.queryByTestId('record-guarantee-issuer')).toBeNull();
    fireEvent.click(await screen.findByLabelText('电子保函'));
    fireEvent.change(await screen.findByTestId('record-guarantee-issuer'), { target: { value: '示范财产保险股份有限公司' } });
    fireEvent.change(screen.getByTestId('record-guarantee-verification'), { target: { value: '核验码 7F3K9Q' } });
    fireEvent.change(screen.getByTestId('record-reference'), { target: { value: 'EG-2026-000123' } });
    fireEvent.change(screen.getByLabelText('到账金额（元）'), { target: { value: '160000' } });
    fireEvent.click(screen.getByRole('button', { name: '登 记' }));
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === 'deposit.record')?.input).toMatchObject({ depositId: 1, form: 'e_guarantee', reference: 'EG-2026-000123', guaranteeIssuer: '示范财产保险股份有限公司', guaranteeVerification: '核验码 7F3K9Q' }),
    );
    expect((await screen.findByText('该保函编号已登记'))).toBeTruthy();
  });
});

describe('RegistrationPanel (bidder)', () => {
  afterEach(cleanup);

  it('per section: required security, 报名 for an open section, status and 撤回报名 for a registered one', async () => {
    const api = renderWith(<RegistrationPanel project={project} />, {
      'registration.mine': () => [mine({})],
      'registration.register': () => ({}),
    });
    await screen.findByTestId('withdraw-001');
    expect(screen.getAllByText('¥160,000.00').length).toBeGreaterThan(0);
    expect(screen.getByTestId('registration-status-applied').textContent).toContain('已报名');
    // In the table and on the security card below it.
    for (const tag of screen.getAllByTestId('deposit-status-pending')) expect(tag.textContent).toContain('待缴纳');
    fireEvent.click(screen.getByRole('button', { name: '报名 002' }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'registration.register')?.input).toEqual({ sectionId: 71 }));
  });
});
