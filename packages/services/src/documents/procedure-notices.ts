/**
 * The texts of the notices and notifications the platform writes when a procedure ends early (issue 18
 * §1): the 终止公告 (termination) and the failure notice of a project or a section (流标 / 废标 / 采购失败
 * 公告: too few bids at the deadline, O2, too few prequalified, P4, or too few valid after the evaluation
 * committee's compliance review, O2) — in the words of the project's
 * trade and method (`termsOf`, vocabulary/terms.ts) and citing that trade's law (`terminationCitation`,
 * `failureCitation`, procedure/citations.ts). Pure: the callers render, seal and record them.
 */
import type { ProjectRow, SectionRow } from '@ebid/db';
import { beijingDateTimeZh, failureCitation, termsOf, terminationCitation, word, type FailureCitationCause, type ProcedureMethod, type Term, type TradeType } from '@ebid/domain';

type ProjectWords = Pick<ProjectRow, 'name' | 'unifiedDealCode' | 'tradeType' | 'method'>;
export interface NoticeText {
  title: string;
  body: string;
}
export interface MessageText {
  title: { zh: string; en: string };
  body: { zh: string; en: string };
}

const LAND_SALE = '出让';

/** What the procedure is, as "终止X" says it: 招标投标活动 / 竞争性磋商采购活动 / 国有建设用地使用权挂牌出让活动 / 产权交易活动. */
export function procedureActivity(tradeType: TradeType, method: ProcedureMethod): { zh: string; en: string } {
  const m = word('zh', `method.${method}`);
  switch (tradeType) {
    case 'engineering':
      return { zh: '招标投标活动', en: 'tendering' };
    case 'procurement':
      return { zh: `${m}采购活动`, en: `${word('en', `method.${method}`).toLowerCase()} procurement` };
    case 'land':
      return { zh: `国有建设用地使用权${m.endsWith(LAND_SALE) ? m : `${m}${LAND_SALE}`}活动`, en: 'land use right sale' };
    case 'property':
      return { zh: '产权交易活动', en: 'property transaction' };
  }
}

/** What the owner side may do after a failure: 重新招标 / 重新开展采购活动 / 重新组织出让 / 重新进行信息披露. */
function redo(tradeType: TradeType): { zh: string; en: string } {
  switch (tradeType) {
    case 'engineering':
      return { zh: '重新招标', en: 're-tender' };
    case 'procurement':
      return { zh: '重新开展采购活动', en: 'procure again' };
    case 'land':
      return { zh: '重新组织出让', en: 'offer the land again' };
    case 'property':
      return { zh: '重新进行信息披露', en: 'disclose the transaction again' };
  }
}

/** Both languages of the project's terms. */
function wordsOf(p: Pick<ProjectRow, 'tradeType' | 'method'>): { zh: Readonly<Record<Term, string>>; en: Readonly<Record<Term, string>> } {
  return { zh: termsOf('zh', p.tradeType, p.method), en: termsOf('en', p.tradeType, p.method) };
}

// ---------------------------------------------------------------- termination (终止公告)

/** The 终止公告 of a project: its own activity, its security and parties, the trade's law. */
export function terminationNoticeText(p: ProjectWords, tendereeName: string, reason: string, at: Date): NoticeText {
  const w = termsOf('zh', p.tradeType, p.method);
  const cite = terminationCitation(p.tradeType, p.method);
  return {
    title: `${p.name}终止公告`,
    body: [
      `${tendereeName}的${p.name}（统一交易标识码：${p.unifiedDealCode}）自${beijingDateTimeZh(at)}（北京时间）起终止${procedureActivity(p.tradeType, p.method).zh}。`,
      `终止原因：${reason}`,
      `已缴纳的${w.security}将依法退还（${cite.zh}）；已获取${w.tenderDocs}的${w.bidder}如有疑问，请与${w.tenderee}联系。`,
    ].join('\n\n'),
  };
}

/** What the registrants of a terminated project are told. */
export function terminationMessage(p: ProjectWords, reason: string): MessageText {
  const w = wordsOf(p);
  const activity = procedureActivity(p.tradeType, p.method);
  return {
    title: { zh: '项目已终止', en: 'A project was terminated' },
    body: {
      zh: `${p.name}（${p.unifiedDealCode}）已终止${activity.zh}。终止原因：${reason}。已缴纳的${w.zh.security}将依法退还。`,
      en: `The ${activity.en} of ${p.name} (${p.unifiedDealCode}) was terminated. Reason: ${reason}. Any ${w.en.security} paid will be refunded as the law requires.`,
    },
  };
}

// ---------------------------------------------------------------- failure (流标 / 废标 / 采购失败公告)

/**
 * Why too few remain, in the project's words: 递交投标文件的投标人 / 递交响应文件的供应商 / 通过资格预审的申请人 /
 * (after the committee's compliance review) 符合资格条件且实质性响应的供应商, or for engineering 有效投标.
 */
function shortOf(p: Pick<ProjectRow, 'tradeType' | 'method'>, cause: FailureCitationCause): { zh: string; en: string } {
  const w = wordsOf(p);
  switch (cause) {
    case 'too_few_bids':
      return { zh: `递交${w.zh.bid}的${w.zh.bidder}`, en: `${w.en.bidder}s submitting a ${w.en.bid}` };
    case 'too_few_qualified':
      return { zh: '通过资格预审的申请人', en: 'applicants who passed prequalification' };
    case 'too_few_compliant':
      return p.tradeType === 'engineering'
        ? { zh: `有效${w.zh.bid}`, en: `valid ${w.en.bid}s` }
        : { zh: `符合资格条件且实质性响应${w.zh.tenderDocs}的${w.zh.bidder}`, en: `qualified and responsive ${w.en.bidder}s` };
  }
}

/**
 * The first sentence of a failure: the deadline came (too few bids), the prequalification review ended, or
 * the evaluation committee's compliance review left too few valid bids (engineering: every bid rejected).
 */
function failureCause(p: Pick<ProjectRow, 'tradeType' | 'method'>, cause: FailureCitationCause, count: string, minBidders: number): string {
  const w = termsOf('zh', p.tradeType, p.method);
  const cite = failureCitation(p.tradeType, p.method, cause).zh;
  const who = shortOf(p, cause).zh;
  switch (cause) {
    case 'too_few_bids':
      return `至${w.bidDeadline}，${who}少于${minBidders}个（${count}），依据${cite}，不得${w.opening}`;
    case 'too_few_qualified':
      return `经资格审查，${who}少于${minBidders}个（${count}），依据${cite}`;
    case 'too_few_compliant':
      return p.tradeType === 'engineering'
        ? `经评标委员会评审，所有${w.bid}均被否决（${count}），依据${cite}`
        : `经评标委员会资格性和符合性审查，${who}不足${minBidders}家（${count}），依据${cite}，评标终止`;
  }
}

/** Where the procedure stood when it failed: the deadline passed / the prequalification ended / the evaluation stopped. */
function failureStage(p: ProjectWords, cause: FailureCitationCause): string {
  const w = termsOf('zh', p.tradeType, p.method);
  const id = `${p.name}（统一交易标识码：${p.unifiedDealCode}）`;
  switch (cause) {
    case 'too_few_bids':
      return `${id}已于${w.bidDeadline}截止递交${w.bid}。`;
    case 'too_few_qualified':
      return `${id}资格预审已结束。`;
    case 'too_few_compliant':
      return `${id}已${w.opening}并组建评标委员会进行评审。`;
  }
}

/** How many stayed valid after the review: GP counts suppliers (one per brand, R87 §31), engineering its valid bids. */
function compliantCount(p: ProjectWords, n: number, where: string): string {
  return p.tradeType === 'engineering' ? `${where}有效${termsOf('zh', p.tradeType, p.method).bid}${n}个` : `${where}为${n}家`;
}

/** The failure notice of the whole project (every section short). */
export function projectFailureNoticeText(p: ProjectWords, cause: FailureCitationCause, minCount: number, minBidders: number): NoticeText {
  const w = termsOf('zh', p.tradeType, p.method);
  return {
    title: `${p.name}${w.failure}公告`,
    body: [
      failureStage(p, cause),
      `${failureCause(p, cause, cause === 'too_few_compliant' ? compliantCount(p, minCount, '') : `最少的标段为${minCount}个`, minBidders)}，本项目${w.failure}，${w.tenderee}将依法${redo(p.tradeType).zh}。`,
      `已缴纳的${w.security}将按规定退还。`,
    ].join('\n\n'),
  };
}

/** The failure notice of one section that failed alone (issue 16 §7): the other sections go on. */
export function sectionFailureNoticeText(p: ProjectWords, s: Pick<SectionRow, 'code' | 'name'>, cause: FailureCitationCause, count: number, minBidders: number): NoticeText {
  const w = termsOf('zh', p.tradeType, p.method);
  return {
    title: `${p.name}第${s.code}标段（${s.name}）${w.failure}公告`,
    body: [
      `${p.name}（统一交易标识码：${p.unifiedDealCode}）第${s.code}标段（${s.name}）。`,
      `${failureCause(p, cause, cause === 'too_few_compliant' ? compliantCount(p, count, '本标段') : `本标段为${count}个`, minBidders)}，本标段${w.failure}。`,
      `本项目其他标段不受影响，按原定程序继续进行。${w.tenderee}可以依法对本标段${redo(p.tradeType).zh}。`,
      `本标段已缴纳的${w.security}将按规定退还。`,
    ].join('\n\n'),
  };
}

/** A failure message's reason: `title` short (投标人不足，不得开标), `fact` with the count (递交投标文件的投标人少于3个，不得开标). */
function failureHeadline(p: ProjectWords, cause: FailureCitationCause, minBidders: number): { title: { zh: string; en: string }; fact: { zh: string; en: string } } {
  const w = wordsOf(p);
  const who = shortOf(p, cause);
  const fewer = { zh: `${who.zh}少于${minBidders}个`, en: `fewer than ${minBidders} ${who.en}` };
  switch (cause) {
    case 'too_few_bids':
      return { title: { zh: `${w.zh.bidder}不足，不得${w.zh.opening}`, en: `Fewer than ${minBidders} ${who.en}` }, fact: { zh: `${fewer.zh}，不得${w.zh.opening}`, en: `${fewer.en}; there is no ${w.en.opening}` } };
    case 'too_few_qualified':
      return { title: { zh: '资格预审合格申请人不足', en: `Fewer than ${minBidders} ${who.en}` }, fact: fewer };
    case 'too_few_compliant': {
      const fact =
        p.tradeType === 'engineering'
          ? { zh: `经评标委员会评审，所有${w.zh.bid}均被否决`, en: `the evaluation committee rejected every ${w.en.bid}` }
          : { zh: `经评标委员会评审，${who.zh}不足${minBidders}家，评标终止`, en: `the evaluation committee found fewer than ${minBidders} ${who.en}; the evaluation stopped` };
      return { title: { zh: p.tradeType === 'engineering' ? `所有${w.zh.bid}均被否决` : `有效${w.zh.bid}不足${minBidders}家`, en: p.tradeType === 'engineering' ? `Every ${w.en.bid} rejected` : `Fewer than ${minBidders} valid ${w.en.bid}s` }, fact };
    }
  }
}

/** What the owner side is told when the whole project failed. */
export function projectFailureMessage(p: ProjectWords, cause: FailureCitationCause, minBidders: number): MessageText {
  const w = wordsOf(p);
  const again = redo(p.tradeType);
  const { title, fact } = failureHeadline(p, cause, minBidders);
  return {
    title: { zh: `${title.zh}，项目${w.zh.failure}`, en: `${title.en}: ${w.en.failure}` },
    body: {
      zh: `${p.name}（${p.unifiedDealCode}）${fact.zh}，项目已${w.zh.failure}并发布${w.zh.failure}公告。您可以依法${again.zh}。`,
      en: `${p.name} (${p.unifiedDealCode}): ${fact.en}; the project ended as a ${w.en.failure} and its notice was published. You may ${again.en}.`,
    },
  };
}

/** What the owner side and the section's companies are told when one section failed alone. */
export function sectionFailureMessage(p: ProjectWords, s: Pick<SectionRow, 'code' | 'name'>, cause: FailureCitationCause, minBidders: number): MessageText {
  const w = wordsOf(p);
  const { fact } = failureHeadline(p, cause, minBidders);
  return {
    title: { zh: `第${s.code}标段${w.zh.failure}`, en: `Section ${s.code}: ${w.en.failure}` },
    body: {
      zh: `${p.name}（${p.unifiedDealCode}）第${s.code}标段（${s.name}）${fact.zh}，本标段${w.zh.failure}并已发布${w.zh.failure}公告；其他标段继续进行。本标段的${w.zh.security}将按规定退还。`,
      en: `${p.name} (${p.unifiedDealCode}) section ${s.code}: ${fact.en}; the section ended as a ${w.en.failure} and its notice was published. The other sections go on; its ${w.en.security} will be refunded.`,
    },
  };
}

// ---------------------------------------------------------------- the opening

/** What the bidders are told when the opening starts: decrypt within the window. */
export function openingStartedMessage(p: ProjectWords, windowMinutes: number): MessageText {
  const w = wordsOf(p);
  return {
    title: { zh: `${w.zh.opening}已开始，请在解密时限内解密${w.zh.bid}`, en: `The ${w.en.opening} has started: decrypt your ${w.en.bid} within the window` },
    body: {
      zh: `${p.name}（${p.unifiedDealCode}）已${w.zh.opening}，请于${windowMinutes}分钟内（北京时间以平台服务器时间为准）完成${w.zh.bid}解密。逾期未解密的，视为撤销${w.zh.bid}。`,
      en: `The ${w.en.opening} of ${p.name} (${p.unifiedDealCode}) has started: decrypt your ${w.en.bid} within ${windowMinutes} minutes (server time). A ${w.en.bid} not decrypted in time is revoked.`,
    },
  };
}
