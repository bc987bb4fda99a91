// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { AppError } from '@ebid/domain';
import { ApiProvider, type RouterOutputs } from '../api.ts';
import { LangProvider } from '../i18n.ts';
import { createFakeApi, type Handler } from '../test/fakeApi.ts';
import { DepositsPage } from './DepositsPage.tsx';
import { RegistrationPanel } from './RegistrationPanel.tsx';

type Project = RouterOutputs['project']['get'];
const project = {
  id: 7,
  unifiedDealCode: '330100-2026-E000007',
  tradeType: 'engineering',
  method: 'open',
  prequalification: false,
  name: '示范工程',
  tendereeOrgId: 1,
  tendereeName: '示范招标人',
  agentOrgId: null,
  status: 'PUBLISHED',
  statusDetail: {},
  regionCode: '330100',
  budgetFen: null,
  schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' },
  sections: [
    { id: 70, code: '001', name: '一标段', ceilingFen: 800_000_000, securityFen: 16_000_000 },
    { id: 71, code: '002', name: '二标段', ceilingFen: null, securityFen: null },
  ],
  steps: [],
  previousProjectId: null,
  version: 3,
  createdAt: '2026-02-25T02:00:00.000Z',
} as unknown as Project;

function renderWith(ui: React.ReactNode, handlers: Record<string, Handler>) {
  const api = createFakeApi(handlers);
  render(
    <LangProvider initial="zh">
      <AntApp>
        <ApiProvider client={api.client}>
          <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>
        </ApiProvider>
      </AntApp>
    </LangProvider>,
  );
  return api;
}

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

describe('DepositsPage (staff)', () => {
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
            { line: 4, field: 'projectCode', reason: 'PROJECT_NOT_FOUND', messageZh: '第4行：项目编号不存在', messageEn: 'Line 4: no project' },
          ],
        });
      },
    });
    const input = screen.getByLabelText('银行流水文件（.csv）');
    fireEvent.change(input, { target: { files: [new File(['交易日期\n'], 'bank.csv', { type: 'text/csv' })] } });
    fireEvent.click(screen.getByTestId('deposit-import-submit'));
    const errors = await screen.findByTestId('import-errors');
    expect(within(errors).getByText('第3行：金额“16万”格式错误')).toBeTruthy();
    expect(within(errors).getByText('PROJECT_NOT_FOUND')).toBeTruthy();
    expect(screen.getAllByTestId('error-code')[0]!.textContent).toBe('VALIDATION');
    expect(api.calls.find((c) => c.path === 'deposit.import')?.input).toMatchObject({ fileName: 'bank.csv', csv: '交易日期\n' });
  });
});

describe('RegistrationPanel (bidder)', () => {
  afterEach(cleanup);

  it('per section: required security, 报名 for an open section, status and 撤回报名 for a registered one', async () => {
    const api = renderWith(<RegistrationPanel project={project} />, {
      'registration.mine': () => [
        {
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
          deposit: { id: 1, requiredFen: 16_000_000, receivedFen: null, form: null, status: 'pending', receivedAt: null, refundDueAt: null, refundedAt: null, overdue: false },
          version: 1,
          project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'PUBLISHED', tradeType: 'engineering', method: 'open', deadline: '2099-03-30T01:30:00.000Z' },
        },
      ],
      'registration.register': () => ({}),
    });
    await screen.findByTestId('withdraw-001');
    expect(screen.getByText('¥160,000.00')).toBeTruthy();
    expect(screen.getByTestId('registration-status-applied').textContent).toContain('已报名');
    expect(screen.getByTestId('deposit-status-pending').textContent).toContain('待缴纳');
    fireEvent.click(screen.getByRole('button', { name: '报名 002' }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'registration.register')?.input).toEqual({ sectionId: 71 }));
  });
});
