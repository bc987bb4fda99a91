/**
 * 我的投标 (bidder menu 'bids'): my company's bids across projects (bid.mine) — every version, the
 * current one first — with a link to the project page's 我的投标 tab (`?tab=bid`).
 */
import { Space } from 'antd';
import { formatBeijingDateTime } from '../clock.ts';
import { useT } from '../i18n.ts';
import { formatBytes } from '../tendering/DocumentsPanel.tsx';
import { BidListCard } from './BidListCard.tsx';
import { BidStatusTag } from './BidStatusTag.tsx';
import type { MyBid } from './my-bids.ts';
import { ReceiptButtons } from './ReceiptButtons.tsx';

export const bidTabLink = (projectId: number) => `/workspace/bidder/projects/${projectId}?tab=bid`;

const STATUS_ORDER: Record<MyBid['status'], number> = { current: 0, withdrawn: 1, superseded: 2 };

/** Current bids first, then by project, section and newest version. */
export function sortBids(bids: readonly MyBid[]): MyBid[] {
  return [...bids].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.projectId - a.projectId || a.sectionCode.localeCompare(b.sectionCode) || b.version - a.version,
  );
}

export function MyBidsPage() {
  const t = useT();
  return (
    <BidListCard<MyBid>
      title={'bids.myBidsPage.myBids'}
      testId="my-bids"
      intro={'bids.myBidsPage.everySubmissionKept'}
      empty={'bids.myBidsPage.bidsYet'}
      rowKey="id"
      rows={sortBids}
      link={(b, p) => ({
        to: bidTabLink(b.projectId),
        ariaLabel: `${t('bids.myBidsPage.viewBid')} ${p?.name ?? b.projectId} ${b.sectionCode} V${b.version}`,
      })}
      statusKey="pstatus"
      columns={[
        { key: 'section', title: t('bids.myBidsPage.section'), render: (_, b) => b.sectionCode },
        { key: 'version', title: t('bids.myBidsPage.version'), render: (_, b) => `V${b.version}` },
        { key: 'status', title: t('bids.myBidsPage.state'), render: (_, b) => <BidStatusTag status={b.status} /> },
        { key: 'at', title: t('bids.myBidsPage.received'), render: (_, b) => formatBeijingDateTime(Date.parse(b.receivedAt)) },
        {
          key: 'parts',
          title: t('bids.myBidsPage.partsSealedSize'),
          render: (_, b) => b.parts.map((p) => `${t(`bidPart.${p.part}`)} ${formatBytes(p.size)}`).join('；'),
        },
        {
          key: 'receipt',
          title: t('bids.myBidsPage.receipt'),
          render: (_, b) => (
            <Space wrap size={4}>
              <ReceiptButtons bidId={b.id} size="small" sfx={` ${b.sectionCode} V${b.version}`} />
            </Space>
          ),
        },
      ]}
    />
  );
}
