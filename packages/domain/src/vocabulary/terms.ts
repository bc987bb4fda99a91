/**
 * Each trade and method by its own words (issue 18 §1; ux.md "Words"): the parties and things a screen,
 * notice, record, PDF, notification or error names are called differently per trade type and, in
 * government procurement, per method — 招标人 / 采购人 / 出让人 / 转让方 are one concept, `tenderee`.
 *
 * A *dialect* is the set of words one kind of procedure speaks:
 * - `engineering`: 工程建设 (招标人, 投标人, 投标文件, 招标控制价 …);
 * - `procurement`: 政府采购 公开招标 / 邀请招标 (采购人, 供应商, 投标文件, 最高限价 …);
 * - `procurement_response`: 政府采购 谈判 / 磋商 / 询价 / 单一来源 (采购人, 供应商, 响应文件 …);
 * - `land`: 国有建设用地使用权出让 (出让人, 竞买人, 竞买申请, 起始价 …);
 * - `property`: 产权交易 (转让方, 意向受让方, 受让申请, 转让底价 …).
 *
 * Code asks for a term of a project: `termWord('zh', 'bidder', p.tradeType, p.method)`, `termPair(…)`
 * for bilingual messages, or `termKey(…)` for the web's `t()`. The words themselves are vocabulary
 * entries (`term.<term>.<dialect>` in zh.ts / en.ts), so a missing word fails the build.
 */
import type { ProcedureMethod, TradeType } from '../procedure/flags.ts';
import type { VocabularyKey } from './keys.ts';
import type { NoticeKindWord } from './values.ts';
import { VOCABULARY, type VocabularyLang } from './index.ts';

export const DIALECTS = ['engineering', 'procurement', 'procurement_response', 'land', 'property'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * The terms that differ by dialect:
 * - `tenderee` 招标人 / 采购人 / 出让人 / 转让方 — the owner side;
 * - `bidder` 投标人 / 供应商 / 竞买人 / 意向受让方;
 * - `bid` 投标文件 / 响应文件 / 竞买文件 / 受让申请文件 — what a bidder submits;
 * - `bidDeadline` 投标截止时间 / 响应文件提交截止时间 / 竞买申请截止时间 / 受让申请截止时间;
 * - `ceiling` 招标控制价 / 最高限价 / 起始价 / 转让底价 — the price the section states (a floor for sales);
 * - `security` 投标保证金 / 响应保证金 / 竞买保证金 / 交易保证金;
 * - `tenderDocs` 招标文件 / 采购文件 / 出让文件 / 交易文件 — the documents bidders obtain;
 * - `registration` 报名 / 获取采购文件 / 竞买申请 / 受让申请;
 * - `opening` 开标 / 响应文件开启 / 开标（招标出让）… — the act of opening submissions;
 * - `winner` 中标人 / 成交供应商 / 竞得人 / 受让方;
 * - `award` 中标 / 成交;
 * - `law` the trade's own law, for citations: 招标投标法 / 政府采购法 / 土地出让规定 / 国有资产交易办法;
 * - `summary` the part of a bid read at the opening: 开标一览表 / 报价一览表 (谈判 / 磋商 / 询价) / 报价单 (property);
 * - `failure` what a failed procedure is called: 流标 / 废标 (CG §36) / 采购失败 / 流拍 (land sales are mostly
 *   拍卖 / 挂牌; a failed land 招标 is strictly 流标) / 未成交.
 */
export const TERMS = [
  'tenderee',
  'bidder',
  'bid',
  'bidDeadline',
  'ceiling',
  'security',
  'tenderDocs',
  'registration',
  'opening',
  'winner',
  'award',
  'law',
  'summary',
  'failure',
] as const;
export type Term = (typeof TERMS)[number];

/** The procurement methods that take responses (响应文件) rather than bids (投标文件): CG §38–§40, R74, R214. */
const RESPONSE_METHODS: readonly ProcedureMethod[] = ['negotiation', 'consultation', 'inquiry', 'single_source'];

/** The dialect a trade type and method speak. */
export function dialectOf(tradeType: TradeType, method: ProcedureMethod | string): Dialect {
  if (tradeType === 'procurement') return RESPONSE_METHODS.includes(method as ProcedureMethod) ? 'procurement_response' : 'procurement';
  return tradeType;
}

/** The vocabulary key of a term in the dialect of a trade type and method (for the web's `t()`). */
export function termKey(term: Term, tradeType: TradeType, method: ProcedureMethod | string): VocabularyKey {
  // A land 招标出让 fails as a tender does (流标), not as a sale (流拍): the one word that differs by land method.
  if (term === 'failure' && tradeType === 'land' && method === 'tender') return 'term.failure.engineering';
  return `term.${term}.${dialectOf(tradeType, method)}`;
}

/** The word of a term for a trade type and method in one language. */
export function termWord(lang: VocabularyLang, term: Term, tradeType: TradeType, method: ProcedureMethod | string): string {
  return VOCABULARY[lang][termKey(term, tradeType, method)];
}

/** Both languages of a term, for bilingual messages (AppError, notifications). */
export function termPair(term: Term, tradeType: TradeType, method: ProcedureMethod | string): { zh: string; en: string } {
  const key = termKey(term, tradeType, method);
  return { zh: VOCABULARY.zh[key], en: VOCABULARY.en[key] };
}

/** Every term of a trade type and method in one language: `{ tenderee: '采购人', bidder: '供应商', … }`. */
export function termsOf(lang: VocabularyLang, tradeType: TradeType, method: ProcedureMethod | string): Readonly<Record<Term, string>> {
  return Object.fromEntries(TERMS.map((t) => [t, termWord(lang, t, tradeType, method)])) as Record<Term, string>;
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * A notice kind as the documents of a trade type and method name it: a failure notice is a 流标公告 /
 * 废标公告 / 采购失败公告 by the trade's `failure` term; the tender notice of 谈判 / 磋商 / 询价 is the method's
 * own notice (竞争性磋商公告); every other kind is its vocabulary word (`notice.kind.<kind>`).
 */
export function noticeKindWord(lang: VocabularyLang, kind: NoticeKindWord, tradeType: TradeType, method: ProcedureMethod | string): string {
  if (kind === 'failure') {
    const w = termWord(lang, 'failure', tradeType, method);
    return lang === 'zh' ? `${w}公告` : `${capitalized(w)} notice`;
  }
  if (kind === 'tender' && dialectOf(tradeType, method) === 'procurement_response') {
    const m = VOCABULARY[lang][`method.${method as ProcedureMethod}`];
    if (m) return lang === 'zh' ? `${m}公告` : `${m} notice`;
  }
  return VOCABULARY[lang][`notice.kind.${kind}`];
}

/** Both languages of `noticeKindWord`. */
export function noticeKindPair(kind: NoticeKindWord, tradeType: TradeType, method: ProcedureMethod | string): { zh: string; en: string } {
  return { zh: noticeKindWord('zh', kind, tradeType, method), en: noticeKindWord('en', kind, tradeType, method) };
}
