/**
 * The failure notices and messages per cause and trade (issue 18 §1; O2 at the deadline and after the
 * evaluation committee's compliance review, P4): each cites its trade's law, in its trade's words.
 */
import { describe, expect, it } from 'vitest';
import { projectFailureMessage, projectFailureNoticeText, sectionFailureMessage, sectionFailureNoticeText } from './procedure-notices.ts';

const eng = { name: '滨江大道快速路工程', unifiedDealCode: 'E3301000001', tradeType: 'engineering', method: 'open' } as const;
const gp = { name: '市政务云服务采购', unifiedDealCode: 'G3301000002', tradeType: 'procurement', method: 'open' } as const;
const section = { code: '001', name: '第一标段' };

describe('failure notices by cause (O2, P4)', () => {
  it.each([
    ['engineering, too few bids', eng, 'too_few_bids', 3, '流标公告', ['《中华人民共和国招标投标法》第二十八条', '不得开标']],
    ['engineering, too few prequalified', eng, 'too_few_qualified', 3, '流标公告', ['《中华人民共和国招标投标法实施条例》第十九条', '资格审查']],
    ['engineering, every bid rejected', eng, 'too_few_compliant', 1, '流标公告', ['《中华人民共和国招标投标法》第四十二条', '所有投标文件均被否决', '评标委员会', '有效投标文件0个']],
    ['GP, too few bids', gp, 'too_few_bids', 3, '废标公告', ['《中华人民共和国政府采购法》第三十六条', '不得开标']],
    ['GP, fewer than 3 compliant', gp, 'too_few_compliant', 3, '废标公告', ['《中华人民共和国政府采购法》第三十六条', '不足3家', '为2家）', '评标终止']],
  ] as const)('%s: the project notice and the section notice cite the law', (_name, p, cause, min, title, phrases) => {
    const whole = projectFailureNoticeText(p, cause, cause === 'too_few_compliant' ? min - 1 : 1, min);
    const alone = sectionFailureNoticeText(p, section, cause, cause === 'too_few_compliant' ? min - 1 : 1, min);
    expect(whole.title).toBe(`${p.name}${title}`);
    expect(alone.title).toBe(`${p.name}第001标段（第一标段）${title}`);
    for (const phrase of phrases) {
      expect(whole.body).toContain(phrase);
      expect(alone.body).toContain(phrase);
    }
    if (p.tradeType === 'procurement') expect(whole.body).not.toContain('招标投标法');
  });

  it.each([
    ['engineering, every bid rejected', eng, 'too_few_compliant', 1, '所有投标文件均被否决，项目流标', 'Every bid rejected'],
    ['GP, fewer than 3 compliant', gp, 'too_few_compliant', 3, '不足3家，项目废标', 'Fewer than 3 valid'],
    ['GP, too few bids', gp, 'too_few_bids', 3, '不得开标，项目废标', 'Fewer than 3'],
  ] as const)('%s: the messages say why in both languages', (_name, p, cause, min, zh, en) => {
    const m = projectFailureMessage(p, cause, min);
    expect(m.title.zh).toContain(zh);
    expect(m.title.en).toContain(en);
    const s = sectionFailureMessage(p, section, cause, min);
    expect(s.body.zh).toContain('第001标段');
    expect(s.body.en).toContain('section 001');
  });
});
