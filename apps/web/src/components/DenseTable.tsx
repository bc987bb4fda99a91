/**
 * The platform's table (issue 19 §3): every list that must be usable at 1366 px goes through it, so a new
 * screen fits by default.
 *
 * - `size="small"`, no horizontal scroll: the few key columns a user scans, the rest of a row in a
 *   **details drawer** (`details`) opened by the row's 详情 button (keyboard) or a click on the row.
 * - The row's actions (`actions`) in a column fixed on the right, after which comes the 详情 button.
 * - An empty table says so in words (`empty`), and is never a scroll region.
 * - `minWidth` is the last resort for a table that cannot lose a column: the horizontal scroll appears only
 *   when there are rows, the first column and the action column stay fixed (visible), and the scrolled
 *   region is focusable and named, so a keyboard user can scroll it (axe `scrollable-region-focusable`).
 */
import { useEffect, useRef, useState, type Key, type ReactNode } from 'react';
import { Button, Drawer, Empty, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import { ProfileOutlined } from '@ant-design/icons';
import { useT } from '../i18n.ts';

export interface DenseTableDetails<T> {
  /** The drawer's title (also names the row on its 详情 button for screen readers). */
  title: (row: T) => string;
  /** The drawer's body: everything the columns leave out. */
  render: (row: T) => ReactNode;
}

export interface DenseTableProps<T extends object> extends Omit<TableProps<T>, 'columns' | 'size' | 'scroll' | 'locale' | 'rowKey'> {
  rowKey: (keyof T & string) | ((row: T) => Key);
  columns: TableColumnsType<T>;
  /** The table's data-testid (also the prefix of its rows' 详情 buttons: `${testId}-details-${key}`). */
  testId?: string;
  /** What an empty table says (a sentence, or a node such as the "secret until the deadline" notice). */
  empty?: ReactNode;
  /** The rest of a row, shown in a drawer. */
  details?: DenseTableDetails<T>;
  /** The row's actions, in the action column fixed on the right. */
  actions?: (row: T) => ReactNode;
  /** The action column's width (px); fits two small buttons and 详情 by default. */
  actionsWidth?: number;
  /** Last resort: the table's minimum width in px (scrolls horizontally, first and action columns fixed). */
  minWidth?: number;
  /** The name of the scrolled region for screen readers (with `minWidth`). */
  regionLabel?: string;
}

/** Elements a click on a row must leave alone (they do their own thing). */
const INTERACTIVE = 'a, button, input, textarea, select, label, [role="button"], [role="checkbox"], [role="radio"], .ant-select, .ant-popover';

function keyOf<T extends object>(rowKey: DenseTableProps<T>['rowKey'], row: T): Key {
  return typeof rowKey === 'function' ? rowKey(row) : (row[rowKey] as Key);
}

export function DenseTable<T extends object>({ rowKey, columns, testId, empty, details, actions, actionsWidth, minWidth, regionLabel, dataSource, onRow, className, ...rest }: DenseTableProps<T>) {
  const t = useT();
  const [open, setOpen] = useState<T | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const rows = dataSource ?? [];
  const scrolls = minWidth !== undefined && rows.length > 0;

  // A region that scrolls must take the keyboard focus and have a name (WCAG 2.1.1).
  const name = regionLabel ?? t('tables.scrollRegion');
  useEffect(() => {
    const root = wrap.current;
    if (!root) return;
    for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
      if (scrolls) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', name);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  });

  const cols: TableColumnsType<T> = columns.map((c, i) => (scrolls && i === 0 ? { ...c, fixed: 'left' as const } : c));
  if (actions || details) {
    cols.push({
      key: 'actions',
      title: t('table.actions'),
      fixed: 'right',
      width: actionsWidth ?? (actions ? 200 : 88),
      render: (_: unknown, row: T) => (
        <Space size={4} wrap>
          {actions?.(row)}
          {details && (
            <Button
              size="small"
              type="link"
              icon={<ProfileOutlined aria-hidden />}
              onClick={() => setOpen(row)}
              aria-label={t('tables.detailsOf', { name: details.title(row) })}
              data-testid={testId ? `${testId}-details-${String(keyOf(rowKey, row))}` : undefined}
            >
              {t('tables.details')}
            </Button>
          )}
        </Space>
      ),
    });
  }

  return (
    <div ref={wrap} className="ebid-dense-table">
      <Table<T>
        {...rest}
        className={className}
        rowKey={rowKey}
        size="small"
        dataSource={dataSource}
        columns={cols}
        data-testid={testId}
        locale={{ emptyText: typeof empty === 'string' || empty === undefined ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('tables.empty')} /> : empty }}
        {...(scrolls ? { scroll: { x: minWidth } } : {})}
        onRow={(row, index) => {
          const own = onRow?.(row, index) ?? {};
          if (!details) return own;
          return {
            ...own,
            style: { cursor: 'pointer', ...own.style },
            onClick: (e) => {
              own.onClick?.(e);
              if (!(e.target as HTMLElement).closest(INTERACTIVE)) setOpen(row);
            },
          };
        }}
      />
      {details && (
        <Drawer
          open={open !== null}
          onClose={() => setOpen(null)}
          title={open ? details.title(open) : ''}
          size={560}
          destroyOnHidden
          closable={{ 'aria-label': t('tables.closeDetails') }}
        >
          {open && <div data-testid={testId ? `${testId}-drawer` : undefined}>{details.render(open)}</div>}
        </Drawer>
      )}
    </div>
  );
}
