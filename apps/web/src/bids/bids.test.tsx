// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ACTORS, type Handler } from '../test/fakeApi.ts';
import { BidPanel } from './BidPanel.tsx';
import type { MyBid } from './my-bids.ts';
import { MyBidsPage, sortBids } from './MyBidsPage.tsx';
import { renderWithApi, testProject } from '../test/render.tsx';
import type { RouterOutputs } from '../api.ts';

type Project = RouterOutputs['project']['get'];

const project = testProject({
  status: 'BIDDING',
  schedule: { bidDeadline: '2099-03-30T01:30:00.000Z' },
  sections: [
    { id: 70, code: '001', name: '一标段', ceilingFen: null, securityFen: null },
    { id: 71, code: '002', name: '二标段', ceilingFen: null, securityFen: null },
  ],
});

const bid = (over: Partial<MyBid>): MyBid => ({
  id: 11,
  projectId: 7,
  sectionId: 70,
  sectionCode: '001',
  bidderOrgId: 5,
  version: 1,
  status: 'current',
  signerCertSerial: '0a',
  receivedAt: '2026-03-20T02:00:00.000Z',
  withdrawnAt: null,
  parts: [
    { part: 'summary', size: 5300, partHash: 'a'.repeat(64), headerSha256: 'b'.repeat(64), sha256: 'e'.repeat(64), sm3: 'f'.repeat(64) },
    { part: 'technical', size: 9 * 1024 * 1024, partHash: 'c'.repeat(64), headerSha256: 'd'.repeat(64), sha256: null, sm3: null },
  ],
  ...over,
});

const registration = { id: 1, projectId: 7, sectionId: 70, sectionCode: '001', sectionName: '一标段', status: 'applied', project: { id: 7, unifiedDealCode: '330100-2026-E000007', name: '示范工程', status: 'BIDDING', deadline: null } };

const renderWith = (ui: React.ReactNode, handlers: Record<string, Handler>) => renderWithApi(ui, { 'auth.me': () => ({ actor: ACTORS.bidder1 }), ...handlers }, { router: true });

describe('BidPanel', () => {
  afterEach(cleanup);

  it('shows the current bid with its parts, receipt downloads, rehearsal and withdrawal, the earlier versions, and a hint for an unregistered section', async () => {
    const api = renderWith(<BidPanel project={project} />, {
      'registration.mine': () => [registration],
      'bid.mine': () => [bid({}), bid({ id: 10, version: 1, status: 'superseded' }), bid({ id: 12, projectId: 8 })].map((b, i) => (i === 0 ? { ...b, version: 2 } : b)),
      'bid.withdraw': () => bid({ version: 2, status: 'withdrawn' }),
    });
    const section = await screen.findByTestId('bid-section-001');
    expect(within(section).getByTestId('bid-version').textContent).toBe('V2');
    expect(section.textContent).toContain('9.0 MB');
    for (const name of ['回执数据 JSON 001', '回执签名 CMS（.p7s） 001', '解密演练 001', '撤回投标文件 001', '加密并上传 001', '提交投标文件 001']) {
      expect(within(section).getByRole('button', { name })).toBeTruthy();
    }
    // Issue 16 §6: the receipt buttons say what they are; the PDF opens from the server.
    const pdf = within(section).getByRole('link', { name: '回执 PDF（平台签章） 001' });
    expect(pdf.getAttribute('href')).toBe('/bids/11/receipt.pdf');
    expect(pdf.textContent).toBe('回执 PDF（平台签章）');
    expect(within(section).getByRole('button', { name: '回执数据 JSON 001' }).textContent).toBe('回执数据 JSON');
    expect(within(section).getByLabelText('报价（元） 001')).toBeTruthy();
    expect(within(section).getByLabelText('上传技术标文件 001')).toBeTruthy();
    expect(within(section).getByRole('button', { name: '提交投标文件 001' }).hasAttribute('disabled')).toBe(true);
    expect(within(screen.getByTestId('bid-history')).getByText('已被替换')).toBeTruthy();
    expect(screen.getByTestId('bid-panel').textContent).toContain('贵公司尚未办理该标段的报名');
    expect(screen.queryByTestId('bid-section-002')).toBeNull();
    expect(screen.getByTestId('bid-panel').textContent).toContain('openssl cms -verify -binary -inform DER -in receipt-11.p7s -content receipt-11.json -CAfile root.pem');

    fireEvent.click(within(section).getByRole('button', { name: '撤回投标文件 001' }));
    fireEvent.click(await screen.findByRole('button', { name: '确定撤回' }));
    await waitFor(() => expect(api.calls.some((c) => c.path === 'bid.withdraw' && (c.input as { bidId: number }).bidId === 11)).toBe(true));
  }, 20_000);

  it('without keys in this browser the .p12 import form is offered and sealing is disabled', async () => {
    renderWith(<BidPanel project={{ ...project, sections: [project.sections[0]!] } as Project} />, { 'registration.mine': () => [registration], 'bid.mine': () => [] });
    await screen.findByTestId('bid-section-001');
    // keys are looked up in IndexedDB (none in jsdom): the import form is offered, sealing is disabled
    await screen.findByText(/本浏览器未保存您的证书/);
    expect(screen.getByRole('button', { name: '加密并上传' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByLabelText('签名证书备份（.p12）')).toBeTruthy();
    expect(screen.getByLabelText('加密证书口令')).toBeTruthy();
  });
});

describe('BidPanel: the price ceiling (issue 16 §2)', () => {
  afterEach(cleanup);
  const one = (over: Partial<Project>, ceilingFen: number | null) =>
    ({ ...project, priceKind: 'amount', budgetFen: null, ...over, sections: [{ ...project.sections[0]!, ceilingFen }] }) as Project;
  const typePrice = (v: string) => fireEvent.change(screen.getByLabelText('报价（元）'), { target: { value: v } });

  it('shows the public 最高投标限价 and warns at once, under the price, when the typed price is above it (equal is fine)', async () => {
    const api = renderWith(<BidPanel project={one({}, 500_000_00)} />, { 'registration.mine': () => [registration], 'bid.mine': () => [] });
    await screen.findByTestId('bid-section-001');
    expect(screen.getByTestId('bid-ceiling-001').textContent).toContain('最高投标限价（公开）：¥500,000.00');
    typePrice('500000.00');
    expect(screen.queryByTestId('bid-above-ceiling-001')).toBeNull();
    typePrice('500000.01');
    const warning = screen.getByTestId('bid-above-ceiling-001');
    expect(warning.textContent).toContain('报价高于最高投标限价（¥500,000.00）');
    expect(warning.textContent).toContain('开标时将被标注，可能被依法否决');
    expect(screen.getByLabelText('报价（元）').getAttribute('aria-describedby')).toBe(warning.id);
    typePrice('499999.99');
    expect(screen.queryByTestId('bid-above-ceiling-001')).toBeNull();
    // the price never leaves the browser: no call carries it
    expect(JSON.stringify(api.calls)).not.toContain('499999');
  });

  it('GP: the 最高限价 where set, otherwise the budget; a rate-priced project shows no ceiling and never warns', async () => {
    renderWith(<BidPanel project={one({ tradeType: 'procurement', budgetFen: 400_000_00 }, null)} />, { 'registration.mine': () => [registration], 'bid.mine': () => [] });
    await screen.findByTestId('bid-section-001');
    expect(screen.getByTestId('bid-ceiling-001').textContent).toContain('采购预算（公开）：¥400,000.00');
    typePrice('400000.01');
    expect(screen.getByTestId('bid-above-ceiling-001').textContent).toContain('报价高于采购预算');
    cleanup();

    renderWith(<BidPanel project={one({ tradeType: 'engineering', priceKind: 'rate' }, 500_000_00)} />, { 'registration.mine': () => [registration], 'bid.mine': () => [] });
    await screen.findByTestId('bid-section-001');
    expect(screen.queryByTestId('bid-ceiling-001')).toBeNull();
    typePrice('900000');
    expect(screen.queryByTestId('bid-above-ceiling-001')).toBeNull();
  });
});

describe('MyBidsPage', () => {
  afterEach(cleanup);

  it('lists my bids, current first, each linking to the project’s 我的投标 tab', async () => {
    renderWith(<MyBidsPage />, {
      'bid.mine': () => [bid({ id: 10, status: 'superseded' }), bid({ id: 11, version: 2 })],
      'registration.mine': () => [registration],
    });
    const table = await screen.findByTestId('my-bids');
    const projectLinks = () => within(table).getAllByRole('link').filter((a) => a.getAttribute('href')?.startsWith('/workspace/'));
    await waitFor(() => expect(projectLinks().length).toBe(2));
    const links = projectLinks();
    expect(links[0]!.getAttribute('href')).toBe('/workspace/bidder/projects/7?tab=bid');
    expect(links[0]!.getAttribute('aria-label')).toContain('V2');
    expect(table.textContent).toContain('有效（当前版本）');
    expect(table.textContent).toContain('已被替换');
    // Issue 16 §6: each submission offers its receipt in the three named forms.
    expect(within(table).getByRole('link', { name: '回执 PDF（平台签章） 001 V2' }).getAttribute('href')).toBe('/bids/11/receipt.pdf');
    expect(within(table).getByRole('button', { name: '回执数据 JSON 001 V1' })).toBeTruthy();
    expect(within(table).getByRole('button', { name: '回执签名 CMS（.p7s） 001 V1' })).toBeTruthy();
  });

  it('sorts current, withdrawn, superseded', () => {
    const s = sortBids([bid({ id: 1, status: 'superseded' }), bid({ id: 2, status: 'withdrawn' }), bid({ id: 3 })]);
    expect(s.map((b) => b.id)).toEqual([3, 2, 1]);
  });
});
