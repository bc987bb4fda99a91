import { describe, expect, it } from 'vitest';
import { failureCitation, openingAcceptanceCitation, terminationCitation } from './citations.ts';
import { METHODS_BY_TRADE_TYPE, TRADE_TYPES } from './flags.ts';

const ENGINEERING_LAWS = /招标投标法/;

describe('the law each trade cites when it ends a procedure (issue 18 §1)', () => {
  it.each([
    ['engineering', 'open', '《中华人民共和国招标投标法实施条例》第三十一条', 'ZTBT §31', 'V'],
    ['engineering', 'invited', '《中华人民共和国招标投标法实施条例》第三十一条', 'ZTBT §31', 'V'],
    ['procurement', 'open', '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第二十九条', 'R87 §29', 'K'],
    ['procurement', 'invited', '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第二十九条', 'R87 §29', 'K'],
    ['procurement', 'negotiation', '《政府采购非招标采购方式管理办法》（财政部令第74号）', 'R74', 'K'],
    ['procurement', 'inquiry', '《政府采购非招标采购方式管理办法》（财政部令第74号）', 'R74', 'K'],
    ['procurement', 'single_source', '《政府采购非招标采购方式管理办法》（财政部令第74号）', 'R74', 'K'],
    ['procurement', 'consultation', '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）', 'R214', 'K'],
    ['land', 'tender', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', 'R39L', 'K'],
    ['land', 'auction', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', 'R39L', 'K'],
    ['land', 'listing', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', 'R39L', 'K'],
    ['property', 'listing', '《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）', 'R32', 'K'],
    ['property', 'online_bidding', '《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）', 'R32', 'K'],
  ] as const)('termination: %s %s cites %s (%s, %s)', (trade, method, zh, ref, source) => {
    expect(terminationCitation(trade, method)).toMatchObject({ zh, ref, source });
  });

  it.each([
    ['engineering', 'open', 'too_few_bids', '《中华人民共和国招标投标法》第二十八条、《中华人民共和国招标投标法实施条例》第四十四条', 'ZTB §28; ZTBT §44'],
    ['engineering', 'open', 'too_few_qualified', '《中华人民共和国招标投标法实施条例》第十九条', 'ZTBT §19'],
    ['engineering', 'invited', 'too_few_bids', '《中华人民共和国招标投标法》第二十八条、《中华人民共和国招标投标法实施条例》第四十四条', 'ZTB §28; ZTBT §44'],
    ['procurement', 'open', 'too_few_bids', '《中华人民共和国政府采购法》第三十六条、《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十一条', 'CG §36; R87 §41'],
    ['procurement', 'open', 'too_few_qualified', '《中华人民共和国政府采购法》第三十六条', 'CG §36'],
    ['procurement', 'invited', 'too_few_qualified', '《中华人民共和国政府采购法》第三十六条', 'CG §36'],
    ['engineering', 'open', 'too_few_compliant', '《中华人民共和国招标投标法》第四十二条', 'ZTB §42'],
    ['procurement', 'open', 'too_few_compliant', '《中华人民共和国政府采购法》第三十六条', 'CG §36'],
    ['procurement', 'invited', 'too_few_compliant', '《中华人民共和国政府采购法》第三十六条', 'CG §36'],
    ['procurement', 'negotiation', 'too_few_bids', '《中华人民共和国政府采购法》第三十八条、《政府采购非招标采购方式管理办法》（财政部令第74号）', 'CG §38; R74'],
    ['procurement', 'inquiry', 'too_few_bids', '《中华人民共和国政府采购法》第四十条、《政府采购非招标采购方式管理办法》（财政部令第74号）', 'CG §40; R74'],
    ['procurement', 'consultation', 'too_few_bids', '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）', 'R214'],
    ['procurement', 'single_source', 'too_few_bids', '《政府采购非招标采购方式管理办法》（财政部令第74号）', 'R74'],
    ['land', 'tender', 'too_few_bids', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', 'R39L'],
    ['property', 'listing', 'too_few_bids', '《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）', 'R32'],
  ] as const)('failure: %s %s %s cites %s (%s)', (trade, method, cause, zh, ref) => {
    expect(failureCitation(trade, method, cause)).toMatchObject({ zh, ref });
  });

  it('never cites the tendering law outside engineering, and always has both languages', () => {
    for (const trade of TRADE_TYPES) {
      for (const method of METHODS_BY_TRADE_TYPE[trade]) {
        const all = [terminationCitation(trade, method), failureCitation(trade, method, 'too_few_bids'), failureCitation(trade, method, 'too_few_qualified'), failureCitation(trade, method, 'too_few_compliant')];
        for (const c of all) {
          expect(c.zh, `${trade} ${method}`).toMatch(/^《.+》/);
          expect(c.en.length, `${trade} ${method}`).toBeGreaterThan(5);
          if (trade !== 'engineering') expect(c.zh, `${trade} ${method}`).not.toMatch(ENGINEERING_LAWS);
          else expect(c.zh).toMatch(ENGINEERING_LAWS);
        }
      }
    }
  });

  it('writes article numbers in Chinese numerals and English digits', () => {
    expect(terminationCitation('engineering', 'open').en).toBe('Article 31 of the Regulation on the Implementation of the Bidding Law');
    expect(failureCitation('engineering', 'open', 'too_few_qualified').zh).toContain('第十九条');
    expect(failureCitation('procurement', 'inquiry', 'too_few_bids').zh).toContain('第四十条');
  });

  it.each([
    ['procurement', 'open', '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十二条'],
    ['procurement', 'invited', '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十二条'],
    ['procurement', 'consultation', null],
    ['engineering', 'open', null],
    ['land', 'tender', null],
  ] as const)('deemed acceptance of the opening record: %s %s cites %s', (trade, method, zh) => {
    expect(openingAcceptanceCitation(trade, method)?.zh ?? null).toBe(zh);
  });
});
