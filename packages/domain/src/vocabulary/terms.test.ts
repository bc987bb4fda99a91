import { describe, expect, it } from 'vitest';
import { METHODS_BY_TRADE_TYPE, TRADE_TYPES } from '../procedure/flags.ts';
import { DIALECTS, TERMS, dialectOf, noticeKindPair, noticeKindWord, termKey, termPair, termWord, termsOf } from './terms.ts';
import { VOCABULARY } from './index.ts';

describe('each trade and method by its own words (issue 18 §1)', () => {
  it.each([
    ['engineering', 'open', 'engineering'],
    ['engineering', 'invited', 'engineering'],
    ['procurement', 'open', 'procurement'],
    ['procurement', 'invited', 'procurement'],
    ['procurement', 'negotiation', 'procurement_response'],
    ['procurement', 'consultation', 'procurement_response'],
    ['procurement', 'inquiry', 'procurement_response'],
    ['procurement', 'single_source', 'procurement_response'],
    ['land', 'listing', 'land'],
    ['property', 'online_bidding', 'property'],
  ] as const)('%s %s speaks %s', (trade, method, dialect) => {
    expect(dialectOf(trade, method)).toBe(dialect);
  });

  it('has every term of every dialect in both languages', () => {
    for (const term of TERMS) for (const d of DIALECTS) for (const lang of ['zh', 'en'] as const) {
      expect(VOCABULARY[lang][`term.${term}.${d}`], `${lang} term.${term}.${d}`).toBeTruthy();
    }
  });

  it.each([
    ['engineering', 'open', { tenderee: '招标人', bidder: '投标人', bid: '投标文件', ceiling: '招标控制价' }],
    ['procurement', 'open', { tenderee: '采购人', bidder: '供应商', bid: '投标文件', ceiling: '最高限价' }],
    ['procurement', 'consultation', { tenderee: '采购人', bidder: '供应商', bid: '响应文件', security: '响应保证金' }],
    ['land', 'auction', { tenderee: '出让人', bidder: '竞买人', ceiling: '起始价', security: '竞买保证金' }],
    ['property', 'listing', { tenderee: '转让方', bidder: '意向受让方', ceiling: '转让底价' }],
  ] as const)('%s %s: the glossary words of ux.md', (trade, method, expected) => {
    const terms = termsOf('zh', trade, method);
    for (const [term, w] of Object.entries(expected)) expect(terms[term as keyof typeof terms]).toBe(w);
  });

  it('gives keys, words and pairs that agree', () => {
    for (const trade of TRADE_TYPES) for (const method of METHODS_BY_TRADE_TYPE[trade]) {
      const key = termKey('bidder', trade, method);
      expect(termWord('zh', 'bidder', trade, method)).toBe(VOCABULARY.zh[key]);
      expect(termPair('bidder', trade, method)).toEqual({ zh: VOCABULARY.zh[key], en: VOCABULARY.en[key] });
    }
  });

  it.each([
    ['engineering', 'open', 'failure', '流标公告', 'Failed tender notice'],
    ['procurement', 'open', 'failure', '废标公告', 'Rejected tender notice'],
    ['procurement', 'consultation', 'failure', '采购失败公告', 'Failed procurement notice'],
    ['land', 'tender', 'failure', '流标公告', 'Failed tender notice'],
    ['land', 'auction', 'failure', '流拍公告', 'No sale notice'],
    ['property', 'listing', 'failure', '未成交公告', 'No deal notice'],
    ['engineering', 'open', 'tender', '招标公告', 'Tender notice'],
    ['procurement', 'open', 'tender', '招标公告', 'Tender notice'],
    ['procurement', 'consultation', 'tender', '竞争性磋商公告', 'Competitive consultation notice'],
    ['procurement', 'negotiation', 'tender', '竞争性谈判公告', 'Competitive negotiation notice'],
    ['procurement', 'inquiry', 'tender', '询价公告', 'Inquiry notice'],
    ['property', 'listing', 'property_disclosure', '信息披露公告', 'Disclosure notice'],
    ['land', 'listing', 'termination', '终止公告', 'Termination notice'],
  ] as const)('%s %s: a %s notice is a %s', (trade, method, kind, zh, en) => {
    expect(noticeKindWord('zh', kind, trade, method)).toBe(zh);
    expect(noticeKindPair(kind, trade, method)).toEqual({ zh, en });
  });

  it('names the land tender method as the regulation does (招标出让, R39L)', () => {
    expect(VOCABULARY.zh['method.tender']).toBe('招标出让');
  });
});
