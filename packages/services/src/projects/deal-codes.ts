/** 统一交易标识码: the unified deal code every project carries (domain §4.8, issue 13 §9.7). */
import { sql } from 'drizzle-orm';
import { dealCodeCounters, type Tx } from '@ebid/db';
import { AppError, type TradeType } from '@ebid/domain';
import type { Deps } from '../deps.ts';

const TRADE_LETTER: Record<TradeType, string> = { engineering: 'E', procurement: 'P', land: 'L', property: 'R' };

/**
 * 统一交易标识码 in this platform's format: region (6) - year (4) - trade letter + sequence (6), e.g.
 * 330100-2026-E000042. The national data spec's exact layout is not in our sources (domain §4.8, K).
 */
export function unifiedDealCode(regionCode: string, year: number, tradeType: TradeType, seq: number): string {
  return `${regionCode}-${year}-${TRADE_LETTER[tradeType]}${String(seq).padStart(6, '0')}`;
}

/**
 * The next 统一交易标识码 of a region, trade type and the current year (北京时间), inside the creating
 * transaction (issue 13 §9.7): the counter row is bumped (or started at 1) and stays locked until the
 * transaction ends, so a create that fails later rolls the number back (no gaps) and concurrent creates of
 * one key take consecutive numbers in turn. Call it after the checks that may refuse the request.
 */
export async function allocateDealCode(tx: Tx, deps: Pick<Deps, 'clock'>, key: { regionCode: string; tradeType: TradeType }): Promise<string> {
  const year = new Date(deps.clock.now().getTime() + 8 * 3600_000).getUTCFullYear();
  const [row] = await tx
    .insert(dealCodeCounters)
    .values({ regionCode: key.regionCode, year, tradeType: key.tradeType, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [dealCodeCounters.regionCode, dealCodeCounters.year, dealCodeCounters.tradeType],
      set: { lastSeq: sql`${dealCodeCounters.lastSeq} + 1` },
    })
    .returning({ seq: dealCodeCounters.lastSeq });
  if (!row) throw new AppError('INTERNAL');
  return unifiedDealCode(key.regionCode, year, key.tradeType, row.seq);
}
