/** The caller's bids as the API lists them, and the query key every bid view shares (refetched after submit and withdraw). */
import type { RouterOutputs } from '../api.ts';

export type MyBid = RouterOutputs['bid']['mine'][number];

export const BID_KEYS = {
  mine: ['bid', 'mine'] as const,
};
