// @vitest-environment jsdom
import '../test/dom.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Button } from 'antd';
import { renderWithApi } from '../test/render.tsx';
import { DenseTable } from './DenseTable.tsx';

interface Row {
  id: number;
  name: string;
  note: string;
}
const ROWS: Row[] = [
  { id: 1, name: '华东建工集团有限公司', note: '备注一' },
  { id: 2, name: '江南路桥建设有限公司', note: '备注二' },
];
const columns = [{ key: 'name', title: '名称', dataIndex: 'name' }];
const regions = () => [...document.querySelectorAll('.ant-table-content, .ant-table-body')];

// Issue 19 §3: the shared table's defaults — no needless scroll, words when empty, a fixed action column, details in a drawer.
describe('DenseTable', { timeout: 30_000 }, () => {
  afterEach(cleanup);

  it('an empty table says so in words and is no scroll region, even with a last-resort minimum width (axe scrollable-region-focusable)', async () => {
    renderWithApi(<DenseTable<Row> rowKey="id" columns={columns} dataSource={[]} minWidth={1400} testId="t" empty="没有数据行" />, {});
    expect(await screen.findByText('没有数据行')).toBeTruthy();
    for (const r of regions()) {
      expect(r.getAttribute('style') ?? '').not.toMatch(/overflow/);
      expect(r.getAttribute('tabindex')).toBeNull();
    }
  });

  it('without a minimum width there is no horizontal scroll at all', async () => {
    renderWithApi(<DenseTable<Row> rowKey="id" columns={columns} dataSource={ROWS} testId="t" />, {});
    await screen.findByText('华东建工集团有限公司');
    for (const r of regions()) expect(r.getAttribute('style') ?? '').not.toMatch(/overflow/);
  });

  it('a last-resort scroll: first and action columns fixed, the region focusable and named', async () => {
    renderWithApi(
      <DenseTable<Row> rowKey="id" columns={columns} dataSource={ROWS} testId="t" minWidth={1400} regionLabel="保证金列表" actions={(r) => <Button size="small">退还 {r.id}</Button>} />,
      {},
    );
    await screen.findByText('华东建工集团有限公司');
    await waitFor(() => expect(regions().some((r) => r.getAttribute('tabindex') === '0')).toBe(true));
    const region = regions().find((r) => r.getAttribute('tabindex') === '0')!;
    expect(region.getAttribute('role')).toBe('region');
    expect(region.getAttribute('aria-label')).toBe('保证金列表');
    const row = screen.getByText('华东建工集团有限公司').closest('tr')!;
    const cells = row.querySelectorAll('td');
    expect(cells[0]!.className).toMatch(/ant-table-cell-fix-(left|start)/);
    expect(cells[cells.length - 1]!.className).toMatch(/ant-table-cell-fix-(right|end)/);
  });

  it('详情 opens the row in a drawer titled for it (a button per row, named for screen readers); a click on the row does too, a click on its buttons does not', async () => {
    let refunded = 0;
    renderWithApi(
      <DenseTable<Row>
        rowKey="id"
        columns={columns}
        dataSource={ROWS}
        testId="t"
        actions={() => <Button size="small" onClick={() => (refunded += 1)}>退还</Button>}
        details={{ title: (r) => r.name, render: (r) => <p>{r.note}</p> }}
      />,
      {},
    );
    const headers = (await screen.findAllByRole('columnheader')).map((h) => h.textContent);
    expect(headers).toEqual(['名称', '操作']);
    fireEvent.click(screen.getByRole('button', { name: '江南路桥建设有限公司 的详情' }));
    const drawer = await screen.findByTestId('t-drawer');
    expect(drawer.textContent).toBe('备注二');
    expect(within(screen.getByRole('dialog')).getByText('江南路桥建设有限公司')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '关闭详情' }));
    await waitFor(() => expect(screen.queryByTestId('t-drawer')).toBeNull());

    fireEvent.click(screen.getAllByRole('button', { name: '退 还' })[0]!);
    expect(refunded).toBe(1);
    expect(screen.queryByTestId('t-drawer')).toBeNull();
    fireEvent.click(screen.getByText('华东建工集团有限公司'));
    expect((await screen.findByTestId('t-drawer')).textContent).toBe('备注一');
  });
});
