/**
 * The laws the platform cites and THE one way a rule key becomes a citation a user reads (issue 19 §6).
 *
 * Code, tests and audit payloads name rules by the short keys of domain.md §0 ('ZTB §24', 'ZTBT §21',
 * 'ZTB §23, ZTBT §21', 'CG §52–53', 'R87 §16, §18', 'R39L', 'CGT §38; R74 §39 (K)') or by a platform
 * rule ID ('N8'). A user never sees a key: every message, error, notice, PDF and screen that cites a rule
 * passes the key through `citeRule`:
 *
 *   'ZTB §24'          → 《中华人民共和国招标投标法》第二十四条 / Article 24 of the Bidding Law
 *   'R87 §16, §18'     → 《…（财政部令第87号）》第十六条、第十八条 / Articles 16 and 18 of …
 *   'CG §52–53'        → 《中华人民共和国政府采购法》第五十二条至第五十三条 / Articles 52–53 of …
 *   'ZTB §28; ZTBT §44'→ 《…招标投标法》第二十八条、《…实施条例》第四十四条 / … and …
 *   'R39L'             → the regulation without an article (its article is not verified, domain.md §0 K)
 *
 * The full title 《中华人民共和国…》 is used everywhere (notices, PDFs and errors alike). Source notes in
 * parentheses — '(K)', '(V)', '(N8)' — are for readers of the code and are dropped.
 */

export interface Law {
  /** As a citation prints it: 《中华人民共和国招标投标法》 */
  readonly zh: string;
  /** As a sentence names it: 'the Bidding Law' */
  readonly en: string;
}

/** domain.md §0 keys → the law. One home: procedure citations, calendar limits and messages read it. */
export const LAWS = {
  ZTB: { zh: '《中华人民共和国招标投标法》', en: 'the Bidding Law' },
  ZTBT: { zh: '《中华人民共和国招标投标法实施条例》', en: 'the Regulation on the Implementation of the Bidding Law' },
  CG: { zh: '《中华人民共和国政府采购法》', en: 'the Government Procurement Law' },
  CGT: { zh: '《中华人民共和国政府采购法实施条例》', en: 'the Regulation on the Implementation of the Government Procurement Law' },
  MFD: { zh: '《中华人民共和国民法典》', en: 'the Civil Code' },
  R87: {
    zh: '《政府采购货物和服务招标投标管理办法》（财政部令第87号）',
    en: 'the Measures on Tendering for Government Procurement of Goods and Services (MOF Order 87)',
  },
  R74: { zh: '《政府采购非招标采购方式管理办法》（财政部令第74号）', en: 'the Measures on Non-Tender Government Procurement Methods (MOF Order 74)' },
  R94: { zh: '《政府采购质疑和投诉办法》（财政部令第94号）', en: 'the Measures on Government Procurement Challenges and Complaints (MOF Order 94)' },
  R214: {
    zh: '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）',
    en: 'the Interim Measures on Competitive Consultation (Cai Ku [2014] 214)',
  },
  R39L: {
    zh: '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）',
    en: 'the Provisions on Granting State-Owned Construction Land Use Rights by Tender, Auction and Listing (MLR Order 39)',
  },
  R114: {
    zh: '《招标拍卖挂牌出让国有土地使用权规范（试行）》（国土资发〔2006〕114号）',
    en: 'the Norms on Granting State-Owned Land Use Rights by Tender, Auction and Listing (Trial) (Guo Tu Zi Fa [2006] 114)',
  },
  R32: {
    zh: '《企业国有资产交易监督管理办法》（国务院国资委 财政部令第32号）',
    en: 'the Measures on the Supervision of State-Owned Enterprise Asset Transactions (SASAC/MOF Order 32)',
  },
} as const satisfies Record<string, Law>;

export type LawKey = keyof typeof LAWS;

/** Platform rule IDs of domain.md §8 that stand for one provision, when code names a rule by its ID. */
const RULE_IDS: Readonly<Record<string, string>> = {
  N8: 'ZTBT §22',
};

/** Not a law: the ordering rules of a schedule ("the notice comes before the documents"). */
export const ORDER_RULE = 'ORDER';

/** One cited provision: the law, and the article (or article range) when the key names one. */
export interface RulePart {
  law: LawKey;
  /** First article; absent = the law as a whole. */
  article?: number;
  /** Last article of a range ('§52–53'). */
  through?: number;
}

const SEGMENT = /^(?:([A-Z][A-Z0-9]*)\s*)?(?:§\s*(\d{1,3})(?:\s*[–-]\s*(\d{1,3}))?)?$/;

function isLawKey(k: string): k is LawKey {
  return Object.hasOwn(LAWS, k);
}

/**
 * The provisions a rule key names, or null when it is not a key the platform knows (an unknown law, a
 * malformed article). `ORDER` names no provision: [].
 */
export function parseRuleRef(ref: string): RulePart[] | null {
  const key = ref.replace(/\s*\((?:[A-Z]\d*)\)/g, '').trim();
  if (key === ORDER_RULE) return [];
  const aliased = RULE_IDS[key] ?? key;
  const parts: RulePart[] = [];
  let law: LawKey | undefined;
  for (const raw of aliased.split(/\s*[;,，、]\s*/)) {
    const m = SEGMENT.exec(raw.trim());
    if (!m || (!m[1] && !m[2])) return null;
    if (m[1]) {
      if (!isLawKey(m[1])) return null;
      law = m[1];
    }
    if (!law) return null;
    const part: RulePart = { law };
    if (m[2]) part.article = Number(m[2]);
    if (m[3]) {
      part.through = Number(m[3]);
      if (part.article === undefined || part.through <= part.article) return null;
    }
    if (part.article === 0) return null;
    parts.push(part);
  }
  return parts.length > 0 ? parts : null;
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–999 in Chinese numerals as article numbers are written: 19 → 十九, 31 → 三十一, 105 → 一百零五. */
export function zhNumber(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const tens = Math.floor(rest / 10);
  const ones = rest % 10;
  const onesZh = ones === 0 ? '' : (ZH_DIGITS[ones] ?? '');
  if (hundreds === 0) return `${tens === 0 ? '' : tens === 1 ? '十' : `${ZH_DIGITS[tens] ?? ''}十`}${onesZh}`;
  const restZh = rest === 0 ? '' : tens === 0 ? `零${onesZh}` : `${ZH_DIGITS[tens] ?? ''}十${onesZh}`;
  return `${ZH_DIGITS[hundreds] ?? ''}百${restZh}`;
}

function articleZh(p: RulePart): string {
  if (p.article === undefined) return '';
  const first = `第${zhNumber(p.article)}条`;
  return p.through === undefined ? first : `${first}至第${zhNumber(p.through)}条`;
}

function articleEn(parts: RulePart[]): string {
  const numbered = parts.filter((p) => p.article !== undefined);
  if (numbered.length === 0) return '';
  const nums = numbered.map((p) => (p.through === undefined ? String(p.article) : `${p.article}–${p.through}`));
  const plural = nums.length > 1 || numbered.some((p) => p.through !== undefined);
  const list = nums.length > 1 ? `${nums.slice(0, -1).join(', ')} and ${nums.at(-1) ?? ''}` : (nums[0] ?? '');
  return `${plural ? 'Articles' : 'Article'} ${list} of `;
}

/** Consecutive parts of one law, so 'R87 §16, §18' reads 第十六条、第十八条 under one title. */
function byLaw(parts: RulePart[]): RulePart[][] {
  const groups: RulePart[][] = [];
  for (const p of parts) {
    const last = groups.at(-1);
    if (last?.[0]?.law === p.law) last.push(p);
    else groups.push([p]);
  }
  return groups;
}

export interface RuleCitation {
  zh: string;
  en: string;
}

const UNKNOWN: RuleCitation = { zh: '相关规定', en: 'the applicable rules' };
const ORDER: RuleCitation = { zh: '时间先后顺序', en: 'chronological order' };

/**
 * The citation as a user reads it, for any rule key the code uses. Never returns the key: an unknown key
 * (which the source scan in laws.test.ts makes impossible in the code) reads as 相关规定.
 */
export function citeRule(ref: string): RuleCitation {
  const parts = parseRuleRef(ref);
  if (parts === null) return UNKNOWN;
  if (parts.length === 0) return ORDER;
  const groups = byLaw(parts);
  return {
    zh: groups.map((g) => `${LAWS[g[0]?.law ?? 'ZTB'].zh}${g.map(articleZh).join('、')}`).join('、'),
    en: groups.map((g) => `${articleEn(g)}${LAWS[g[0]?.law ?? 'ZTB'].en}`).join(' and '),
  };
}

/** A rule as data: its key (for code, audit payloads, tests) and what it says in words. */
export interface DescribedRule {
  readonly ruleRef: string;
  readonly descriptionZh: string;
  readonly descriptionEn: string;
}

/** The rule as a sentence a user reads: 《…》第二十二条：招标文件异议应在… / Article 22 of …: objections … */
export function ruleSentence(rule: DescribedRule): RuleCitation {
  const c = citeRule(rule.ruleRef);
  return { zh: `${c.zh}：${rule.descriptionZh}`, en: `${c.en.charAt(0).toUpperCase()}${c.en.slice(1)}: ${rule.descriptionEn}` };
}
