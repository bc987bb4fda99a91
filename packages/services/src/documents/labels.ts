/**
 * The Chinese words official documents (the PDFs) print for trade types, methods, subjects and notice
 * kinds; the web has its own bilingual catalogs. vocabulary: H4 — these join the shared domain vocabulary
 * (issue 17 §4) when it lands.
 */
import type { ProcedureMethod, ProjectSubject, TradeType } from '@ebid/domain';
import type { NoticeKind } from '@ebid/contracts';

export const TRADE_LABELS: Record<TradeType, string> = { engineering: '工程建设', procurement: '政府采购', land: '土地使用权', property: '产权交易' };

export const METHOD_LABELS: Record<ProcedureMethod, string> = {
  open: '公开招标',
  invited: '邀请招标',
  negotiation: '竞争性谈判',
  consultation: '竞争性磋商',
  inquiry: '询价',
  single_source: '单一来源',
  tender: '招标出让',
  auction: '拍卖',
  listing: '挂牌',
  online_bidding: '网络竞价',
};

/** What an engineering project buys (issue 16 §8), as official documents say it. */
export const SUBJECT_LABELS: Record<ProjectSubject, string> = { works: '施工', goods: '货物', survey: '勘察', design: '设计', supervision: '监理', epc: '工程总承包' };

export const NOTICE_KIND_LABELS: Record<NoticeKind, { zh: string; en: string }> = {
  tender: { zh: '招标公告', en: 'Tender notice' },
  prequalification: { zh: '资格预审公告', en: 'Prequalification notice' },
  amendment: { zh: '变更公告', en: 'Amendment notice' },
  land_sale: { zh: '出让公告', en: 'Land sale notice' },
  property_disclosure: { zh: '挂牌披露公告', en: 'Listing disclosure notice' },
  single_source: { zh: '单一来源公示', en: 'Single-source publicity' },
  termination: { zh: '终止公告', en: 'Termination notice' },
  failure: { zh: '流标公告', en: 'Failed tender notice' },
  prequalification_result: { zh: '资格预审结果公告', en: 'Prequalification result notice' },
};
