import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LAWS, citeRule, parseRuleRef, ruleSentence, zhNumber } from './laws.ts';

/** A rule key as users must never see it: a §, or a bare domain.md key or rule ID. */
const KEY_IN_TEXT = /§|\b(?:ZTBT?|CGT?|R87|R74|R94|R214|R39L|R114|R32|MFD|N\d+)\b/;

describe('a rule key becomes the citation a user reads (issue 19 §6)', () => {
  it.each([
    ['ZTB §24', '《中华人民共和国招标投标法》第二十四条', 'Article 24 of the Bidding Law'],
    ['ZTBT §21', '《中华人民共和国招标投标法实施条例》第二十一条', 'Article 21 of the Regulation on the Implementation of the Bidding Law'],
    [
      'ZTB §23, ZTBT §21',
      '《中华人民共和国招标投标法》第二十三条、《中华人民共和国招标投标法实施条例》第二十一条',
      'Article 23 of the Bidding Law and Article 21 of the Regulation on the Implementation of the Bidding Law',
    ],
    ['CG §52–53', '《中华人民共和国政府采购法》第五十二条至第五十三条', 'Articles 52–53 of the Government Procurement Law'],
    ['CG §52-53', '《中华人民共和国政府采购法》第五十二条至第五十三条', 'Articles 52–53 of the Government Procurement Law'],
    ['CGT §31', '《中华人民共和国政府采购法实施条例》第三十一条', 'Article 31 of the Regulation on the Implementation of the Government Procurement Law'],
    ['R214 §10', '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十条', 'Article 10 of the Interim Measures on Competitive Consultation (Cai Ku [2014] 214)'],
    ['R87 §29', '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第二十九条', 'Article 29 of the Measures on Tendering for Government Procurement of Goods and Services (MOF Order 87)'],
    [
      'R87 §16, §18',
      '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第十六条、第十八条',
      'Articles 16 and 18 of the Measures on Tendering for Government Procurement of Goods and Services (MOF Order 87)',
    ],
    ['R39L', '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）', 'the Provisions on Granting State-Owned Construction Land Use Rights by Tender, Auction and Listing (MLR Order 39)'],
    ['N8', '《中华人民共和国招标投标法实施条例》第二十二条', 'Article 22 of the Regulation on the Implementation of the Bidding Law'],
    ['ZTBT §22 (N8)', '《中华人民共和国招标投标法实施条例》第二十二条', 'Article 22 of the Regulation on the Implementation of the Bidding Law'],
    [
      'CGT §38; R74 §39 (K)',
      '《中华人民共和国政府采购法实施条例》第三十八条、《政府采购非招标采购方式管理办法》（财政部令第74号）第三十九条',
      'Article 38 of the Regulation on the Implementation of the Government Procurement Law and Article 39 of the Measures on Non-Tender Government Procurement Methods (MOF Order 74)',
    ],
    ['CG §38; R74', '《中华人民共和国政府采购法》第三十八条、《政府采购非招标采购方式管理办法》（财政部令第74号）', 'Article 38 of the Government Procurement Law and the Measures on Non-Tender Government Procurement Methods (MOF Order 74)'],
    ['ORDER', '时间先后顺序', 'chronological order'],
  ])('%s → %s', (ref, zh, en) => {
    expect(citeRule(ref)).toEqual({ zh, en });
  });

  it.each([
    ['an unknown law', 'XYZ §3'],
    ['no law before the article', '§24'],
    ['a range that runs backwards', 'CG §53–52'],
    ['article zero', 'ZTB §0'],
    ['an unknown rule ID', 'N99'],
    ['free text', '招标投标法第二十四条'],
    ['empty', ''],
  ])('refuses %s (%s): parse null, and the user reads 相关规定, never the key', (_what, ref) => {
    expect(parseRuleRef(ref)).toBeNull();
    expect(citeRule(ref)).toEqual({ zh: '相关规定', en: 'the applicable rules' });
  });

  it.each([
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [19, '十九'],
    [20, '二十'],
    [31, '三十一'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [245, '二百四十五'],
  ])('article %i is written 第%s条', (n, zh) => {
    expect(zhNumber(n)).toBe(zh);
  });

  it('a described rule reads citation + description, never its key', () => {
    const s = ruleSentence({ ruleRef: 'ZTBT §22', descriptionZh: '对招标文件有异议的，应当在投标截止时间10日前提出', descriptionEn: 'an objection is raised 10 days before the deadline' });
    expect(s.zh).toBe('《中华人民共和国招标投标法实施条例》第二十二条：对招标文件有异议的，应当在投标截止时间10日前提出');
    expect(s.en).toBe('Article 22 of the Regulation on the Implementation of the Bidding Law: an objection is raised 10 days before the deadline');
  });

  it('every law has both titles, the Chinese one in 《》', () => {
    for (const [key, law] of Object.entries(LAWS)) {
      expect(law.zh, key).toMatch(/^《[^《》]+》/);
      expect(law.en, key).toMatch(/^the /);
      expect(citeRule(key).zh, key).not.toMatch(KEY_IN_TEXT);
    }
  });
});

// ---- every rule key written in the code formats (a new unknown key fails here) ----

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOTS = [join(HERE, '..'), join(HERE, '../../../services/src')];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') out.push(...sources(path));
    } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * The rule keys in the source: every string literal on a line that names a `ruleRef` (a field, a
 * constant), calls `citeRule(…)` / a limit's `cite(…)`, or a procedure citation `cite('V' | 'K', …)`.
 */
function ruleRefLiterals(): { ref: string; where: string }[] {
  const found: { ref: string; where: string }[] = [];
  for (const root of ROOTS) {
    for (const file of sources(root)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        const code = line.replace(/\/\/.*$/, '');
        const where = `${relative(join(HERE, '../../..'), file)}:${i + 1}`;
        const strings = (s: string): string[] => [...s.matchAll(/'([^'\\]*)'/g)].map((m) => m[1] ?? '');
        const onRuleRef = /\bruleRef\b\s*:/.test(code);
        // `ruleRef: 'KEY'` or `ruleRef: cond === 'x' ? 'KEY A' : 'KEY B'` (the keys are the branches).
        for (const m of code.matchAll(/\bruleRef\b\s*:\s*(?:[^?,]*?\?\s*)?'([^']*)'(?:\s*:\s*'([^']*)')?/g)) {
          for (const s of [m[1], m[2]]) if (s !== undefined) found.push({ ref: s, where });
        }
        for (const m of code.matchAll(/\b(?:citeRule|cite)\(\s*(?:'[VK]',\s*)?'([^']*)'/g)) found.push({ ref: m[1] ?? '', where });
        if (!onRuleRef && /_RULE\s*=\s*'/.test(code)) for (const s of strings(code)) found.push({ ref: s, where });
      });
    }
  }
  return found;
}

describe('every rule key in packages/domain and packages/services formats (issue 19 §6)', () => {
  const literals = ruleRefLiterals();

  it('the scan finds the keys the code writes (it is not scanning nothing)', () => {
    const refs = new Set(literals.map((l) => l.ref));
    for (const known of ['ZTB §24', 'ZTBT §22', 'ZTBT §21', 'ZTB §23, ZTBT §21', 'CGT §31', 'CG §52, CGT §53', 'R87 §16, §18', 'R39L', 'CGT §38; R74 §39 (K)', 'ZTB §28; ZTBT §44', 'ORDER']) {
      expect(refs, known).toContain(known);
    }
    expect(literals.length).toBeGreaterThan(40);
  });

  it.each(literals.map((l) => [l.ref, l.where] as const))('%s (%s) is a known key and reads without it', (ref) => {
    expect(parseRuleRef(ref), `${ref} is not a rule key citeRule knows`).not.toBeNull();
    const c = citeRule(ref);
    expect(c.zh).not.toMatch(KEY_IN_TEXT);
    expect(c.en).not.toMatch(KEY_IN_TEXT);
    expect(c.zh).not.toBe('相关规定');
  });
});
