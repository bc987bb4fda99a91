import { useCallback, useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useT } from '../i18n.ts';

/**
 * Keyset paging (newest first, `beforeId` cursors): the cursors of the pages walked so far, so "previous"
 * returns exactly to the page it came from even while new rows arrive at the top.
 */
export function useKeyset() {
  const [stack, setStack] = useState<(number | undefined)[]>([undefined]);
  const beforeId = stack[stack.length - 1];
  const next = useCallback((cursor: number) => setStack((s) => [...s, cursor]), []);
  const prev = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { beforeId, page: stack.length, next, prev, reset };
}

export function KeysetPager({
  page,
  nextBeforeId,
  onPrev,
  onNext,
  disabled,
}: {
  page: number;
  nextBeforeId: number | null | undefined;
  onPrev: () => void;
  onNext: (cursor: number) => void;
  disabled?: boolean;
}) {
  const t = useT();
  return (
    <nav aria-label={t('pager.label')} className="ebid-pager">
      <Space>
        <Button icon={<LeftOutlined aria-hidden />} onClick={onPrev} disabled={disabled || page <= 1} data-testid="pager-prev">
          {t('pager.prev')}
        </Button>
        <Typography.Text data-testid="pager-page">{t('pager.page', { n: page })}</Typography.Text>
        <Button
          onClick={() => nextBeforeId != null && onNext(nextBeforeId)}
          disabled={disabled || nextBeforeId == null}
          data-testid="pager-next"
        >
          {t('pager.next')} <RightOutlined aria-hidden />
        </Button>
      </Space>
    </nav>
  );
}
