// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { startApp } from '../test/app.tsx';

function typeIn(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function choose(label: string, option: string) {
  fireEvent.mouseDown(await screen.findByRole('combobox', { name: label }));
  fireEvent.click(await screen.findByTitle(option));
}

const created = (input: unknown) => ({ ...(input as object), id: 7, unifiedDealCode: '420100-2026-E000007' });

describe('新建项目: the project terms the rules need (issue 16 §2, §5, §8)', { timeout: 30_000 }, () => {
  beforeEach(() => localStorage.clear());
  afterEach(cleanup);

  it('an engineering project must say what it buys; the subject, price kind and waiver are sent', async () => {
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    typeIn('项目名称', '示范市中心医院门诊楼勘察');
    typeIn('标段名称', '勘察一标段');
    fireEvent.click(await screen.findByTestId('project-create'));
    expect(await screen.findByText('请选择招标内容')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'project.create')).toEqual([]);
    await choose('招标内容', '勘察');
    fireEvent.click(screen.getByLabelText('费率报价'));
    fireEvent.click(screen.getByRole('switch', { name: '免收投标保证金' }));
    // A waived security has no amount to fill in.
    await waitFor(() => expect(screen.queryByLabelText('投标保证金（元）')).toBeNull());
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'project.create')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'project.create')!.input).toMatchObject({
      tradeType: 'engineering',
      subject: 'survey',
      priceKind: 'rate',
      securityWaived: true,
      sections: [{ name: '勘察一标段', securityFen: null }],
    });
  });

  it('a procurement project needs its budget before anything is sent (R87 §63)', async () => {
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    await choose('交易类型', '政府采购');
    await waitFor(() => expect(screen.queryByLabelText('招标内容')).toBeNull());
    typeIn('项目名称', '示范市教育局办公设备采购');
    typeIn('标段名称', '包1');
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(screen.getAllByText('政府采购项目须填写采购预算，各包最高限价不得超过预算')).toHaveLength(2)); // the hint and the error
    expect(api.calls.filter((c) => c.path === 'project.create')).toEqual([]);
    // Issue 18 §1: procurement's own words: 采购预算, 最高限价, 投标保证金 — never the engineering 招标控制价.
    expect(screen.getByLabelText('最高限价（元）')).toBeTruthy();
    expect(screen.queryByLabelText('招标控制价（元）')).toBeNull();
    expect(screen.queryByLabelText('预算金额（元）')).toBeNull();
    typeIn('采购预算（元）', '500,000');
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'project.create')).toHaveLength(1));
    const input = api.calls.find((c) => c.path === 'project.create')!.input as Record<string, unknown>;
    expect(input).toMatchObject({ tradeType: 'procurement', budgetFen: 50_000_000, priceKind: 'amount', securityWaived: false });
    expect(input).not.toHaveProperty('subject');
  });

  it('the form speaks the chosen trade and asks only what it has (issue 18 §1)', async () => {
    startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    // Engineering: 招标控制价 and 投标保证金.
    expect(await screen.findByLabelText('招标控制价（元）')).toBeTruthy();
    expect(screen.getByLabelText('投标保证金（元）')).toBeTruthy();
    await choose('交易类型', '土地使用权');
    // Land: 起始价 and 竞买保证金; no budget, no price kind, no waiver, no subject.
    expect(await screen.findByLabelText('起始价（元）')).toBeTruthy();
    expect(screen.getByLabelText('竞买保证金（元）')).toBeTruthy();
    for (const gone of ['招标控制价（元）', '投标保证金（元）', '预算金额（元）', '采购预算（元）', '招标内容', '报价方式']) expect(screen.queryByLabelText(gone)).toBeNull();
    expect(screen.queryByRole('switch', { name: /免收/ })).toBeNull();
    await choose('交易类型', '产权交易');
    expect(await screen.findByLabelText('转让底价（元）')).toBeTruthy();
    expect(screen.getByLabelText('交易保证金（元）')).toBeTruthy();
    expect(screen.queryByLabelText('起始价（元）')).toBeNull();
  });

  it('a single source asks for its one supplier among approved supplier companies and sends it; other methods never send one (issue 18 §3)', async () => {
    const suppliers = [{ id: 41, name: '之江智能科技有限公司', creditCode: '91330100MA0000011X' }];
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created, 'org.supplierChoices': () => suppliers } });
    await screen.findByTestId('project-form');
    await choose('交易类型', '政府采购');
    await waitFor(() => expect(screen.queryByLabelText('招标内容')).toBeNull());
    expect(screen.queryByLabelText('拟定的唯一供应商')).toBeNull(); // 公开招标: open to competition
    await choose('交易方式', '单一来源');
    await screen.findByLabelText('拟定的唯一供应商');
    typeIn('项目名称', '示范市疾控中心专用检测设备采购');
    typeIn('采购预算（元）', '500,000');
    typeIn('标段名称', '包1');
    fireEvent.click(screen.getByTestId('project-create'));
    expect(await screen.findByText('请选择唯一供应商')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'project.create')).toEqual([]);
    await choose('拟定的唯一供应商', '之江智能科技有限公司（91330100MA0000011X）');
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'project.create')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'project.create')!.input).toMatchObject({ tradeType: 'procurement', method: 'single_source', singleSourceSupplierOrgId: 41 });
  });

  it('an open procurement sends no supplier', async () => {
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    await choose('交易类型', '政府采购');
    await waitFor(() => expect(screen.queryByLabelText('招标内容')).toBeNull());
    typeIn('项目名称', '示范市教育局办公设备采购');
    typeIn('采购预算（元）', '500,000');
    typeIn('标段名称', '包1');
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'project.create')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === 'project.create')!.input).not.toHaveProperty('singleSourceSupplierOrgId');
    expect(api.calls.some((c) => c.path === 'org.supplierChoices')).toBe(false);
  });

  it('a land plot asks for 起始价, 加价幅度 and 竞买保证金 instead of a ceiling; both are required (issue 18 §4)', async () => {
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    await choose('交易类型', '土地使用权');
    expect(await screen.findByLabelText('起始价（元）')).toBeTruthy();
    expect(screen.queryByLabelText('最高限价（元）')).toBeNull();
    expect(screen.getByLabelText('竞买保证金（元）')).toBeTruthy();
    typeIn('项目名称', '示范市R21-07地块挂牌出让');
    typeIn('地块名称', 'R21-07地块');
    typeIn('起始价（元）', '52,000,000');
    fireEvent.click(screen.getByTestId('project-create'));
    expect(await screen.findByText('请填写加价幅度（元）')).toBeTruthy();
    typeIn('加价幅度（元）', '0');
    fireEvent.click(screen.getByTestId('project-create'));
    expect(await screen.findByText('加价幅度（元）须大于零')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'project.create')).toEqual([]);
    typeIn('加价幅度（元）', '500,000');
    typeIn('竞买保证金（元）', '10,400,000');
    fireEvent.click(screen.getByTestId('project-create'));
    await waitFor(() => expect(api.calls.filter((c) => c.path === 'project.create')).toHaveLength(1));
    const input = api.calls.find((c) => c.path === 'project.create')!.input as { sections: Record<string, unknown>[] };
    expect(input).toMatchObject({ tradeType: 'land', method: 'tender' });
    expect(input.sections).toEqual([{ name: 'R21-07地块', startingPriceFen: 5_200_000_000, incrementFen: 50_000_000, securityFen: 1_040_000_000 }]);
  });

  it('a property item asks for the deal kind, 转让底价, 评估值 and 评估基准日 (issue 18 §4, L7)', async () => {
    const { api } = startApp('/workspace/tenderee/project-new', { as: 'tenderee', handlers: { 'project.create': created } });
    await screen.findByTestId('project-form');
    await choose('交易类型', '产权交易');
    expect(await screen.findByLabelText('转让底价（元）')).toBeTruthy();
    expect(screen.getByLabelText('评估值（元）')).toBeTruthy();
    expect(screen.getByLabelText('评估基准日')).toBeTruthy();
    expect(screen.getByLabelText('批准文件文号')).toBeTruthy();
    expect(screen.getByLabelText('交易保证金（元）')).toBeTruthy();
    expect(screen.queryByLabelText('最高限价（元）')).toBeNull();
    typeIn('项目名称', '示范市城投物业40%股权转让');
    typeIn('标的名称', '40%股权');
    typeIn('转让底价（元）', '36,800,000');
    typeIn('评估值（元）', '36,800,000');
    fireEvent.click(screen.getByTestId('project-create'));
    expect(await screen.findByText('请选择产权交易类别')).toBeTruthy();
    expect(await screen.findByText('请填写评估基准日')).toBeTruthy();
    expect(api.calls.filter((c) => c.path === 'project.create')).toEqual([]);
  });
});
