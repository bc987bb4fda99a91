/**
 * The opening room's pure helpers (issue 7): the status steps, the tag texts of the decryption and
 * confirmation states, the countdown of the moment, the live event log lines, float points as percent,
 * and the reasons a button is not available yet, as catalog keys (i18n/zh|en/opening.ts and the shared
 * vocabulary). No components, no crypto: unit-tested in opening.test.tsx.
 */
import type { RouterOutputs } from '../api.ts';
import { translate, type Lang, type MessageKey, type Params } from '../i18n.ts';

export type OpeningView = RouterOutputs['opening']['get'];
export type OpeningBid = OpeningView['bids'][number];
export type OpeningObjection = OpeningView['objections'][number];
export type OpeningStatus = OpeningView['status'];
export type DecryptStatus = OpeningBid['decryptStatus'];
export type ConfirmStatus = OpeningBid['confirmStatus'];

export const OPENING_KEYS = {
  get: (projectId: number) => ['opening', 'get', projectId] as const,
};

export const openingTopic = (projectId: number): string => `opening.${projectId}`;

/** 签到 → 开标 → 解密 → 唱标 → 开标记录 → 结束 (the session's steps as the room shows them). */
export const OPENING_STEPS: readonly MessageKey[] = ['opening.step.signIn', 'opening.step.opening', 'opening.step.decryption', 'opening.step.readOut', 'opening.step.record', 'opening.step.closed'];

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

/** A status's words; its colour is its family's (domain statusFamilyOf, components/StatusTag). */
type Label = { label: MessageKey };

export const OPENING_STATUS_LABELS: Record<OpeningStatus, Label> = {
  waiting: { label: 'opening.status.waiting' },
  decrypting: { label: 'opening.status.decrypting' },
  published: { label: 'opening.status.published' },
  closed: { label: 'opening.status.closed' },
  failed: { label: 'opening.status.failed' },
};

/** 撤销 is the bidder's fault, 撤回 is not (O3; ux.md words). */
export const DECRYPT_LABELS: Record<DecryptStatus, Label> = {
  pending: { label: 'decrypt.status.pending' },
  decrypted: { label: 'decrypt.status.decrypted' },
  revoked: { label: 'decrypt.status.revoked' },
  withdrawn_external: { label: 'decrypt.status.withdrawn_external' },
};

export const CONFIRM_LABELS: Record<ConfirmStatus, Label> = {
  pending: { label: 'confirm.status.pending' },
  confirmed: { label: 'confirm.status.confirmed' },
  objected: { label: 'confirm.status.objected' },
  deemed_accepted: { label: 'confirm.status.deemed_accepted' },
};

export const FAILURE_CAUSE_LABELS: Record<'bidder' | 'platform' | 'third_party', MessageKey> = {
  bidder: 'failureCause.bidder',
  platform: 'failureCause.platform',
  third_party: 'failureCause.third_party',
};

export const DEPOSIT_STATUS_LABELS: Record<string, MessageKey> = {
  pending: 'deposit.status.pending',
  received: 'deposit.status.received',
  refunded: 'deposit.status.refunded',
  forfeited: 'deposit.status.forfeited',
  /** The tender waived the security (issue 16 §5). */
  waived: 'deposit.status.waived',
};

/** The security column of the opening: the deposit's status in words (an unknown status as it is). */
export function depositLabel(status: string | null, lang: Lang): string {
  if (status === null) return translate(lang, 'deposit.status.none');
  const key = DEPOSIT_STATUS_LABELS[status];
  return key ? translate(lang, key) : status;
}

/** The moment the room counts down to: the opening (bid deadline) while waiting, the window's end while decrypting. */
export function countdownTarget(v: Pick<OpeningView, 'status' | 'bidDeadline' | 'decryptDeadline'>): { label: MessageKey; iso: string } | null {
  if (v.status === 'waiting' && v.bidDeadline) return { label: 'opening.countdown.untilOpening', iso: v.bidDeadline };
  if (v.status === 'decrypting' && v.decryptDeadline) return { label: 'opening.countdown.decryptionLeft', iso: v.decryptDeadline };
  return null;
}

/** "1 天 02:03:04" / "02:03:04" of a positive duration; "00:00:00" when it is over. */
export function formatCountdown(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const rest = s % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  if (d === 0) return hms;
  return translate(lang, 'opening.countdown.days', { d, hms });
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

/** The live events the log names (other types show as they are). */
const EVENT_KEYS: Record<string, MessageKey> = {
  signed_in: 'opening.event.signed_in',
  started: 'opening.event.started',
  failed: 'opening.event.failed',
  decrypting: 'opening.event.decrypting',
  decrypted: 'opening.event.decrypted',
  decrypt_refused: 'opening.event.decrypt_refused',
  failure_recorded: 'opening.event.failure_recorded',
  bid_terminal: 'opening.event.bid_terminal',
  contributed: 'opening.event.contributed',
  k_drawn: 'opening.event.k_drawn',
  draw_created: 'opening.event.draw_created',
  draw_committed: 'opening.event.draw_committed',
  draw_revealed: 'opening.event.draw_revealed',
  draw_result: 'opening.event.draw_result',
  published: 'opening.event.published',
  record: 'opening.event.record',
  confirmed: 'opening.event.confirmed',
  objection: 'opening.event.objection',
  answered: 'opening.event.answered',
  closed: 'opening.event.closed',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** One line of the live log: "投标人2 解密成功", "开标记录表已生成（第2版）", "浮动点已抽取：1.25%，K = 0.9875". */
export function eventText(ev: { type: string; data?: unknown }, lang: Lang, terms?: Params): string {
  const key = Object.hasOwn(EVENT_KEYS, ev.type) ? EVENT_KEYS[ev.type] : undefined;
  // `terms`: the project's words (termParams, issue 18 §1) — 供应商不足3家, 竞买人确认….
  const base = key ? translate(lang, key, terms) : ev.type;
  const d = isRecord(ev.data) ? ev.data : {};
  const who = typeof d.label === 'string' ? d.label : null;
  let extra = '';
  if (ev.type === 'bid_terminal' && typeof d.status === 'string' && d.status in DECRYPT_LABELS) {
    const status = translate(lang, DECRYPT_LABELS[d.status as DecryptStatus].label);
    extra = translate(lang, 'opening.event.terminalStatus', { status });
  } else if (ev.type === 'k_drawn' && typeof d.resultBp === 'number') {
    extra = translate(lang, 'opening.event.kResult', { bp: formatBp(d.resultBp), k: String(d.kValue ?? kOfBp(d.resultBp)) });
  } else if (ev.type === 'draw_result' && typeof d.option === 'number') {
    extra = translate(lang, 'opening.event.kResult', { bp: formatBp(d.option), k: kOfBp(d.option) });
  } else if ((ev.type === 'draw_committed' || ev.type === 'draw_revealed' || ev.type === 'contributed') && typeof d.count === 'number') {
    extra = translate(lang, 'opening.event.count', { count: d.count });
  } else if (ev.type === 'record' && typeof d.version === 'number') {
    extra = translate(lang, 'opening.event.version', { version: d.version });
  }
  if (who) return `${who} ${base}${extra}`;
  return `${base}${extra}`;
}

/** Why 开始开标 is not available now (null: it is). O1: not a second before the deadline, by server time. */
export function startBlock(v: Pick<OpeningView, 'status' | 'bidDeadline'>, nowMs: number | undefined): MessageKey | null {
  if (v.status !== 'waiting') return 'opening.block.alreadyOpened';
  if (!v.bidDeadline) return 'opening.block.noBidDeadline';
  if (nowMs === undefined) return 'opening.block.measuringClock';
  if (nowMs < Date.parse(v.bidDeadline)) {
    return 'opening.block.beforeDeadline';
  }
  return null;
}

/** Why 结束解密 is not available now (null: it is). */
export function endWindowBlock(v: Pick<OpeningView, 'status' | 'decryptDeadline'>, nowMs: number | undefined): MessageKey | null {
  if (v.status !== 'decrypting') return 'opening.block.notDecrypting';
  if (nowMs === undefined) return 'opening.block.measuringClock';
  if (v.decryptDeadline && nowMs <= Date.parse(v.decryptDeadline)) {
    return 'opening.block.windowNotEnded';
  }
  return null;
}

/** Why the bidder cannot sign in now (null: it can). */
export function signInBlock(v: Pick<OpeningView, 'status' | 'signInOpensAt' | 'decryptDeadline' | 'me'>, nowMs: number | undefined): MessageKey | null {
  if (v.me.signedInAt) return 'opening.block.signedIn';
  if (v.status !== 'waiting' && v.status !== 'decrypting') return 'opening.block.signInClosed';
  if (nowMs === undefined) return 'opening.block.measuringClock';
  if (v.signInOpensAt && nowMs < Date.parse(v.signInOpensAt)) return 'opening.block.signInNotOpen';
  if (v.status === 'decrypting' && v.decryptDeadline && nowMs > Date.parse(v.decryptDeadline)) return 'opening.block.signInClosed';
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
