// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AppError, creditCodeCheckChar } from '@ebid/domain';
import { startApp } from '../test/app.tsx';

function profile(userId: number, username: string, displayName: string, over: Record<string, unknown> = {}) {
  return {
    userId,
    username,
    displayName,
    active: true,
    pseudonym: `EXP-${String(userId).padStart(8, '0')}`,
    specialties: ['housing', 'water'],
    regionCode: '330100',
    title: '高级工程师',
    employer: '示范大学土木工程学院',
    employerCreditCode: null,
    yearsInField: 12,
    phone: null,
    email: null,
    available: true,
    unavailableReason: null,
    sanctionedUntil: null,
    sanctionReason: null,
    sanctioned: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

function poolServer() {
  const items = [profile(30, 'expert01', '孙立平'), profile(31, 'expert05', '王建军', { sanctioned: true, sanctionedUntil: '2026-06-30T16:00:00.000Z', sanctionReason: '违规评标' })];
  return {
    'expert.list': (input: unknown) => {
      const q = (input as { q?: string }).q;
      const found = q ? items.filter((p) => p.displayName.includes(q)) : items;
      return { items: found, total: found.length };
    },
    'expert.get': (input: unknown) => ({ profile: items.find((p) => p.userId === (input as { userId: number }).userId)!, ties: [] }),
    'expert.sanction': (input: unknown) => ({ ...items[0]!, sanctioned: true, sanctionedUntil: (input as { until: string }).until }),
  };
}

describe('专家库 (issue 21 §1)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('staff: the pool with specialties in words and states in words; searching asks the server', async () => {
    const { api } = startApp('/workspace/staff/expert-pool', { as: 'staff', handlers: poolServer() });
    const table = await screen.findByTestId('experts-table', {}, { timeout: 15_000 });
    await within(table).findByText('孙立平');
    expect(table.textContent).toContain('房屋建筑、水利工程');
    expect(table.textContent).toContain('EXP-00000030');
    expect(table.textContent).toMatch(/暂停至/);
    const search = within(screen.getByTestId('experts-search')).getByRole('searchbox');
    fireEvent.change(search, { target: { value: '孙' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(api.calls.some((c) => c.path === 'expert.list' && (c.input as { q?: string }).q === '孙')).toBe(true));
  }, 30_000);

  it('staff: a sanction needs an end and a reason before it is sent', async () => {
    const { api } = startApp('/workspace/staff/expert-pool', { as: 'staff', handlers: poolServer() });
    fireEvent.click(await screen.findByTestId('expert-sanction-expert01', {}, { timeout: 15_000 }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /暂停资格/ }));
    await within(dialog).findAllByText('此项必填');
    expect(api.calls.some((c) => c.path === 'expert.sanction')).toBe(false);
  }, 30_000);
});

describe('我的资料 (issue 21 §1)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  function expertServer() {
    const ties: unknown[] = [];
    return {
      'expert.mine': () => ({ profile: profile(30, 'expert01', '孙立平'), ties }),
      'expert.declareTie': (input: unknown) => {
        const i = input as { orgCreditCode: string };
        if (i.orgCreditCode.endsWith('0')) throw new AppError('VALIDATION', { zh: '统一社会信用代码无效', en: 'Invalid credit code' });
        const tie = { id: 1, expertUserId: 30, declaredBy: 30, counts: true, createdAt: '2026-01-01T00:00:00.000Z', startedOn: null, endedOn: null, ...(input as object) };
        ties.push(tie);
        return tie;
      },
    };
  }

  it('shows the pseudonym and the specialties; a wrong check character stays in the form, a right code is declared', async () => {
    const { api } = startApp('/workspace/expert/profile', { as: 'expert01', handlers: expertServer() });
    await screen.findByText('EXP-00000030', {}, { timeout: 15_000 });
    expect(screen.getByText('房屋建筑、水利工程')).toBeTruthy();
    fireEvent.click(screen.getByTestId('tie-declare'));
    const dialog = await screen.findByRole('dialog');
    const inputs = within(dialog).getAllByRole('textbox');
    const body = '91330100MA0000004';
    const right = body + creditCodeCheckChar(body)!;
    const wrong = body + (right.endsWith('1') ? '2' : '1');
    fireEvent.change(inputs[0]!, { target: { value: '华东建工集团有限公司' } });
    fireEvent.change(inputs[1]!, { target: { value: wrong } });
    fireEvent.click(within(dialog).getByRole('button', { name: /申报关联关系/ }));
    await within(dialog).findByText('校验码不符，请核对是否输错');
    expect(api.calls.some((c) => c.path === 'expert.declareTie')).toBe(false);
    fireEvent.change(inputs[1]!, { target: { value: right } });
    fireEvent.click(within(dialog).getByRole('button', { name: /申报关联关系/ }));
    await waitFor(() => expect(api.calls.find((c) => c.path === 'expert.declareTie')?.input).toEqual({ orgName: '华东建工集团有限公司', orgCreditCode: right, kind: 'employment', startedOn: null, endedOn: null }));
    await screen.findByText(/持续中/, {}, { timeout: 5_000 });
  }, 30_000);

  it('another role is refused the page', async () => {
    startApp('/workspace/expert/profile', { as: 'bidder1', handlers: expertServer() });
    await waitFor(() => expect(document.body.textContent).toMatch(/无权|403|权限/));
  });
});
