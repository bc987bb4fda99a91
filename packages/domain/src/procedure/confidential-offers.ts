/**
 * Offers opened for the group, never read out (issue 18 §2). In 竞争性谈判 the group negotiates with each
 * supplier separately and no party may disclose another supplier's technical data, prices or other
 * information (CG §38 (4); R74); 询价 suppliers each give one fixed price to the inquiry group (CG §40);
 * 竞争性磋商 likewise (R214); 单一来源 negotiates with the one named supplier (CG §39; R74). There is no
 * public reading of names and prices (unlike ZTB §36 / R87 §40): the responses are opened for the group,
 * the opening record is not public, and a supplier reads only its own line.
 */
import type { ProcedureMethod, TradeType } from './flags.ts';

/** The methods whose responses are opened for the group only (government procurement). */
export const CONFIDENTIAL_OFFER_METHODS: Readonly<Partial<Record<TradeType, readonly ProcedureMethod[]>>> = {
  procurement: ['negotiation', 'consultation', 'inquiry', 'single_source'],
};

const CONFIDENTIAL: ReadonlySet<string> = new Set(Object.entries(CONFIDENTIAL_OFFER_METHODS).flatMap(([t, ms]) => (ms ?? []).map((m) => `${t}/${m}`)));

/** Are the offers of this trade type × method confidential among the suppliers (CG §38, §40; R74; R214)? */
export function offersConfidential(tradeType: string, method: string): boolean {
  return CONFIDENTIAL.has(`${tradeType}/${method}`);
}

/** Who reads an opening's lines: the center, the supervisor, the owner side, a bidder, or the public. */
export type OpeningReader = 'center' | 'supervisor' | 'owner' | 'bidder' | 'public';

/**
 * Whose lines of a published opening (names, offers, record) the reader may see: `all`, only its `own`,
 * or `none`. A public reading (ZTB §36) shows every line to the bidders, and the closed record to the
 * public (O5); where offers are confidential only the owner side, the center and the supervisor read the
 * group's lines, a supplier its own line, the public nothing.
 */
export function openingLinesVisible(p: { tradeType: string; method: string }, reader: OpeningReader): 'all' | 'own' | 'none' {
  if (reader === 'center' || reader === 'supervisor' || reader === 'owner') return 'all';
  if (!offersConfidential(p.tradeType, p.method)) return 'all';
  return reader === 'bidder' ? 'own' : 'none';
}
