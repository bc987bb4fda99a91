/**
 * The words official documents (the PDFs) print for trade types, methods, subjects and notice kinds: the
 * shared vocabulary (`@ebid/domain` vocabulary, issue 17 §4), said once there for the web and the
 * documents alike (issue 18 §1). Decisions where the documents used to differ: the land tender method is
 * 招标出让 (R39L's own word, `method.tender`), the property notice is the 信息披露公告 (R32), and a failure
 * notice is named by the trade (流标 / 废标 / 采购失败公告, `noticeKindWord`).
 */
import { noticeKindWord, termPair, termWord, word, type NoticeKindWord, type ProcedureMethod, type ProjectSubject, type TradeType } from '@ebid/domain';

/** 交易类型 as a document prints it: 工程建设 · 公开招标, 土地使用权 · 招标出让. */
export function tradeMethodLabel(tradeType: TradeType, method: ProcedureMethod): string {
  return `${word('zh', `trade.${tradeType}`)} · ${word('zh', `method.${method}`)}`;
}

/** What an engineering project buys (issue 16 §8): 施工, 货物 … */
export function subjectLabel(subject: ProjectSubject): string {
  return word('zh', `subject.${subject}`);
}

/** A notice kind as the documents of the project's trade and method name it (the subtitle, the seal reason). */
export function noticeKindLabel(kind: NoticeKindWord, p: { tradeType: TradeType; method: ProcedureMethod }): string {
  return noticeKindWord('zh', kind, p.tradeType, p.method);
}

/** A bidder named by its order of arrival, in the trade's word: 投标人2 / 供应商2 / 竞买人2 (the opening record). */
export function bidderOrdinalLabel(p: { tradeType: TradeType; method: ProcedureMethod }, ordinal: number | string): string {
  return `${termWord('zh', 'bidder', p.tradeType, p.method)}${ordinal}`;
}

/** Both languages of the opening's word (开标 / 响应文件开启 …), for messages. */
export function openingPair(p: { tradeType: TradeType; method: ProcedureMethod }): { zh: string; en: string } {
  return termPair('opening', p.tradeType, p.method);
}
