/**
 * The opening room's pure helpers (issue 7): the status steps, the tag texts of the decryption and
 * confirmation states, the countdown of the moment, the live event log lines, float points as percent,
 * and the reasons a button is not available yet. No React, no crypto: unit-tested in opening.test.tsx.
 */
import type { RouterOutputs } from '../api.ts';
import type { Tone } from '../components/StatusTag.tsx';

export type OpeningView = RouterOutputs['opening']['get'];
export type OpeningBid = OpeningView['bids'][number];
export type OpeningObjection = OpeningView['objections'][number];
export type OpeningStatus = OpeningView['status'];
export type DecryptStatus = OpeningBid['decryptStatus'];
export type ConfirmStatus = OpeningBid['confirmStatus'];
export type Words = { zh: string; en: string };

export const OPENING_KEYS = {
  get: (projectId: number) => ['opening', 'get', projectId] as const,
};

export const openingTopic = (projectId: number): string => `opening.${projectId}`;

/** 签到 → 开标 → 解密 → 唱标 → 开标记录 → 结束 (the session's steps as the room shows them). */
export const OPENING_STEPS: readonly Words[] = [
  { zh: '签到', en: 'Sign-in' },
  { zh: '开标', en: 'Opening' },
  { zh: '解密', en: 'Decryption' },
  { zh: '唱标', en: 'Results read out' },
  { zh: '开标记录', en: 'Opening record' },
  { zh: '结束', en: 'Closed' },
];

export type StepState = 'wait' | 'process' | 'finish' | 'error';

/** Where the session is on the steps bar. */
export function openingStep(v: Pick<OpeningView, 'status' | 'record'>): { current: number; status: StepState } {
  switch (v.status) {
    case 'waiting':
      return { current: 0, status: 'process' };
    case 'failed':
      return { current: 1, status: 'error' };
    case 'decrypting':
      return { current: 2, status: 'process' };
    case 'published':
      return v.record ? { current: 4, status: 'process' } : { current: 3, status: 'process' };
    case 'closed':
      return { current: 5, status: 'finish' };
  }
}

export const OPENING_STATUS_LABELS: Record<OpeningStatus, Words & { tone: Tone }> = {
  waiting: { zh: '待开标', en: 'Not opened', tone: 'default' },
  decrypting: { zh: '解密中', en: 'Decrypting', tone: 'blue' },
  published: { zh: '已唱标', en: 'Results published', tone: 'green' },
  closed: { zh: '开标结束', en: 'Closed', tone: 'default' },
  failed: { zh: '开标失败（流标）', en: 'Failed (too few bids)', tone: 'red' },
};

/** 撤销 is the bidder's fault, 撤回 is not (O3; ux.md words). */
export const DECRYPT_LABELS: Record<DecryptStatus, Words & { tone: Tone }> = {
  pending: { zh: '待解密', en: 'Not decrypted', tone: 'orange' },
  decrypted: { zh: '已解密', en: 'Decrypted', tone: 'green' },
  revoked: { zh: '撤销', en: 'Revoked', tone: 'red' },
  withdrawn_external: { zh: '撤回', en: 'Withdrawn', tone: 'default' },
};

export const CONFIRM_LABELS: Record<ConfirmStatus, Words & { tone: Tone }> = {
  pending: { zh: '待确认', en: 'Not confirmed', tone: 'orange' },
  confirmed: { zh: '已确认', en: 'Confirmed', tone: 'green' },
  objected: { zh: '已提出异议', en: 'Objected', tone: 'red' },
  deemed_accepted: { zh: '视为认可', en: 'Deemed accepted', tone: 'default' },
};

export const FAILURE_CAUSE_LABELS: Record<'bidder' | 'platform' | 'third_party', Words> = {
  bidder: { zh: '投标人原因', en: "The bidder's fault" },
  platform: { zh: '平台原因', en: 'Platform fault' },
  third_party: { zh: '第三方原因', en: 'Third-party fault' },
};

export const DEPOSIT_STATUS_LABELS: Record<string, Words> = {
  pending: { zh: '待缴纳', en: 'Pending' },
  received: { zh: '已到账', en: 'Received' },
  refunded: { zh: '已退还', en: 'Refunded' },
  forfeited: { zh: '已没收', en: 'Forfeited' },
  /** The tender waived the security (issue 16 §5). */
  waived: { zh: '不收取（招标文件免收）', en: 'Waived by the tender' },
};

export function depositLabel(status: string | null): Words {
  if (status === null) return { zh: '无需缴纳', en: 'None required' };
  return DEPOSIT_STATUS_LABELS[status] ?? { zh: status, en: status };
}

/** The moment the room counts down to: the opening (bid deadline) while waiting, the window's end while decrypting. */
export function countdownTarget(v: Pick<OpeningView, 'status' | 'bidDeadline' | 'decryptDeadline'>): { label: Words; iso: string } | null {
  if (v.status === 'waiting' && v.bidDeadline) return { label: { zh: '距开标（投标截止）', en: 'Until the opening (bid deadline)' }, iso: v.bidDeadline };
  if (v.status === 'decrypting' && v.decryptDeadline) return { label: { zh: '解密剩余时间', en: 'Decryption time left' }, iso: v.decryptDeadline };
  return null;
}

/** "1 天 02:03:04" / "02:03:04" of a positive duration; "00:00:00" when it is over. */
export function formatCountdown(ms: number, lang: 'zh' | 'en'): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  if (d === 0) return hms;
  return lang === 'zh' ? `${d} 天 ${hms}` : `${d} d ${hms}`;
}

/** Basis points of a percent ×100 (150 = 1.50 %) as "1.50%". */
export function formatBp(bp: number): string {
  return `${(bp / 100).toFixed(2)}%`;
}

/** K = 1 − bp/10000 as the server writes it ("0.9875"). */
export function kOfBp(bp: number): string {
  return ((10_000 - bp) / 10_000).toFixed(4);
}

/**
 * "1.5, 1.25 1%；0.75" → [150, 125, 100, 75]; an empty text → []; null for anything that is not a list
 * of percentages with at most two decimals between 0 and 20 (the server checks count and uniqueness too).
 */
export function parsePercentList(text: string): number[] | null {
  const items = text.split(/[\s,，;；、]+/).map((s) => s.replace(/[%％]$/, '')).filter(Boolean);
  const out: number[] = [];
  for (const it of items) {
    const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(it);
    if (!m) return null;
    const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    if (bp > 2000) return null;
    out.push(bp);
  }
  return out;
}

export function percentListText(bps: readonly number[]): string {
  return bps.map((bp) => (bp / 100).toFixed(2).replace(/\.?0+$/, '')).join(', ');
}

export const EVENT_LABELS: Record<string, Words> = {
  signed_in: { zh: '签到', en: 'signed in' },
  started: { zh: '开标，解密开始', en: 'Opening started; decryption open' },
  failed: { zh: '投标人不足3家，开标失败', en: 'Fewer than 3 bids: the opening failed' },
  decrypting: { zh: '正在解密', en: 'decrypting' },
  decrypted: { zh: '解密成功', en: 'decrypted' },
  decrypt_refused: { zh: '解密被拒绝（密钥不正确）', en: 'decryption refused (wrong key)' },
  failure_recorded: { zh: '已记录非投标人原因', en: 'a fault not of the bidder recorded' },
  bid_terminal: { zh: '解密时限结束', en: 'decryption window over' },
  contributed: { zh: '参与方提交随机数', en: 'A participant contributed entropy' },
  k_drawn: { zh: '浮动点已抽取', en: 'K drawn' },
  draw_created: { zh: '浮动点抽取已公布时间安排和平台份额承诺', en: 'K draw announced: timeline and platform share commitment' },
  draw_committed: { zh: '参与方提交随机数承诺', en: 'A participant committed' },
  draw_revealed: { zh: '参与方公开随机数', en: 'A participant revealed its value' },
  draw_result: { zh: '公开截止，浮动点自动抽取', en: 'Reveals closed: K drawn automatically' },
  published: { zh: '全部投标文件解密或终止，唱标结果公布', en: 'Every bid decrypted or terminal: results published' },
  record: { zh: '开标记录表已生成', en: 'Opening record generated' },
  confirmed: { zh: '投标人确认开标记录表', en: 'A bidder confirmed the record' },
  objection: { zh: '投标人提出异议', en: 'A bidder raised an objection' },
  answered: { zh: '异议已答复', en: 'Objection answered' },
  closed: { zh: '开标结束', en: 'Opening closed' },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** One line of the live log: "投标人2 解密成功", "开标记录表已生成（第2版）", "浮动点已抽取：1.25%，K = 0.9875". */
export function eventText(ev: { type: string; data?: unknown }, lang: 'zh' | 'en'): string {
  const w = EVENT_LABELS[ev.type] ?? { zh: ev.type, en: ev.type };
  const base = lang === 'zh' ? w.zh : w.en;
  const d = isRecord(ev.data) ? ev.data : {};
  const who = typeof d.label === 'string' ? d.label : null;
  let extra = '';
  if (ev.type === 'bid_terminal' && typeof d.status === 'string' && d.status in DECRYPT_LABELS) {
    const l = DECRYPT_LABELS[d.status as DecryptStatus];
    extra = lang === 'zh' ? `：${l.zh}` : `: ${l.en}`;
  } else if (ev.type === 'k_drawn' && typeof d.resultBp === 'number') {
    extra = lang === 'zh' ? `：${formatBp(d.resultBp)}，K = ${String(d.kValue ?? kOfBp(d.resultBp))}` : `: ${formatBp(d.resultBp)}, K = ${String(d.kValue ?? kOfBp(d.resultBp))}`;
  } else if (ev.type === 'draw_result' && typeof d.option === 'number') {
    extra = lang === 'zh' ? `：${formatBp(d.option)}，K = ${kOfBp(d.option)}` : `: ${formatBp(d.option)}, K = ${kOfBp(d.option)}`;
  } else if ((ev.type === 'draw_committed' || ev.type === 'draw_revealed') && typeof d.count === 'number') {
    extra = lang === 'zh' ? `（共${d.count}个）` : ` (${d.count} in all)`;
  } else if (ev.type === 'record' && typeof d.version === 'number') {
    extra = lang === 'zh' ? `（第${d.version}版）` : ` (version ${d.version})`;
  } else if (ev.type === 'contributed' && typeof d.count === 'number') {
    extra = lang === 'zh' ? `（共${d.count}个）` : ` (${d.count} in all)`;
  }
  if (who) return lang === 'zh' ? `${who} ${base}${extra}` : `${who} ${base}${extra}`;
  return `${base}${extra}`;
}

/** Why 开始开标 is not available now (null: it is). O1: not a second before the deadline, by server time. */
export function startBlock(v: Pick<OpeningView, 'status' | 'bidDeadline'>, nowMs: number | undefined): Words | null {
  if (v.status !== 'waiting') return { zh: '本项目已开标', en: 'Already opened' };
  if (!v.bidDeadline) return { zh: '项目未设置投标截止时间', en: 'The project has no bid deadline' };
  if (nowMs === undefined) return { zh: '正在校准服务器时间', en: 'Measuring the server clock' };
  if (nowMs < Date.parse(v.bidDeadline)) {
    return { zh: '投标截止时间未到，不能开标（以平台服务器时间为准）', en: 'The bid deadline has not passed (server time): the opening cannot start yet' };
  }
  return null;
}

/** Why 结束解密 is not available now (null: it is). */
export function endWindowBlock(v: Pick<OpeningView, 'status' | 'decryptDeadline'>, nowMs: number | undefined): Words | null {
  if (v.status !== 'decrypting') return { zh: '不在解密阶段', en: 'Not decrypting' };
  if (nowMs === undefined) return { zh: '正在校准服务器时间', en: 'Measuring the server clock' };
  if (v.decryptDeadline && nowMs <= Date.parse(v.decryptDeadline)) {
    return { zh: '解密时限尚未结束', en: 'The decryption window has not ended' };
  }
  return null;
}

/** Why the bidder cannot sign in now (null: it can). */
export function signInBlock(v: Pick<OpeningView, 'status' | 'signInOpensAt' | 'decryptDeadline' | 'me'>, nowMs: number | undefined): Words | null {
  if (v.me.signedInAt) return { zh: '已签到', en: 'Signed in' };
  if (v.status !== 'waiting' && v.status !== 'decrypting') return { zh: '签到已结束', en: 'Sign-in has closed' };
  if (nowMs === undefined) return { zh: '正在校准服务器时间', en: 'Measuring the server clock' };
  if (v.signInOpensAt && nowMs < Date.parse(v.signInOpensAt)) return { zh: '签到尚未开始', en: 'Sign-in has not opened yet' };
  if (v.status === 'decrypting' && v.decryptDeadline && nowMs > Date.parse(v.decryptDeadline)) return { zh: '签到已结束', en: 'Sign-in has closed' };
  return null;
}

/** The caller's own bid lines (a company may bid in several sections). */
export function myBids(v: Pick<OpeningView, 'bids'>): OpeningBid[] {
  return v.bids.filter((b) => b.mine);
}

/** Counts for the console's header: signed in / decrypted / terminal / pending. */
export function progressCounts(bids: readonly OpeningBid[]): { total: number; signedIn: number; decrypted: number; failed: number; pending: number } {
  return {
    total: bids.length,
    signedIn: bids.filter((b) => b.signedInAt).length,
    decrypted: bids.filter((b) => b.decryptStatus === 'decrypted').length,
    failed: bids.filter((b) => b.decryptStatus === 'revoked' || b.decryptStatus === 'withdrawn_external').length,
    pending: bids.filter((b) => b.decryptStatus === 'pending').length,
  };
}

/** `开标记录表-<统一交易标识码>.pdf` (ux.md: official documents download with such a name). */
export function recordFileName(code: string, version?: number): string {
  return `开标记录表-${code}${version && version > 1 ? `-v${version}` : ''}.pdf`;
}

export function confirmationFileName(code: string, label: string): string {
  return `开标记录表确认-${code}-${label}.p7s`;
}
