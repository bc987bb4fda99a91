import { statusFamilyOrNeutral } from '@ebid/domain';
import { StatusTag } from '../components/StatusTag.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import type { MyBid } from './my-bids.ts';

const STATUS: Partial<Record<string, MessageKey>> = {
  current: 'bids.status.current',
  superseded: 'bids.status.superseded',
  withdrawn: 'bids.status.withdrawn',
};

/** A bid version's state: 有效（当前版本） / 已被替换 / 已撤回 in its family's colours (an unknown state shows as it is, grey). */
export function BidStatusTag({ status }: { status: MyBid['status'] }) {
  const t = useT();
  const key = STATUS[status];
  return (
    <StatusTag family={statusFamilyOrNeutral('bid', status)} testId="bid-status">
      {key ? t(key) : status}
    </StatusTag>
  );
}
