import { Tag } from 'antd';
import { useT, type MessageKey } from '../i18n.ts';
import type { MyBid } from './my-bids.ts';

const STATUS: Record<string, { color: string; key: MessageKey }> = {
  current: { color: 'green', key: 'bids.status.current' },
  superseded: { color: 'default', key: 'bids.status.superseded' },
  withdrawn: { color: 'orange', key: 'bids.status.withdrawn' },
};

/** A bid version's state: 有效（当前版本） / 已被替换 / 已撤回 (an unknown state shows as it is). */
export function BidStatusTag({ status }: { status: MyBid['status'] }) {
  const t = useT();
  const m = STATUS[status];
  return m ? <Tag color={m.color}>{t(m.key)}</Tag> : <Tag color="default">{status}</Tag>;
}
