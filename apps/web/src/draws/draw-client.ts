/**
 * The participant's side of a public commit–reveal draw in the browser (issue 14 §2): a fresh 32-byte
 * value from the browser's CSPRNG, kept locally (localStorage, keyed by draw and user) from before its
 * commitment is sent until it is revealed; the commitment and the verification of a drawn draw computed
 * here with WebCrypto over the very texts the server uses (@ebid/domain draws/draw.ts).
 */
import { commitmentText, pickIndex, PLATFORM_PARTICIPANT, resultText } from '@ebid/domain';
import type { RouterOutputs } from '../api.ts';

export type DrawView = RouterOutputs['draw']['get'];

const enc = new TextEncoder();
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (h: string): Uint8Array<ArrayBuffer> => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));

export async function sha256HexOf(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text))));
}

async function hmac(keyHex: string, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', unhex(keyHex), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}

/** 64 lower-case hex digits from the browser's CSPRNG. */
export function randomValueHex(random: (a: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (a) => crypto.getRandomValues(a)): string {
  return hex(random(new Uint8Array(32)));
}

/** SHA-256 of the commitment text binding the draw and the participant. */
export function commitmentOf(drawId: number, participant: string, valueHex: string): Promise<string> {
  return sha256HexOf(commitmentText(drawId, participant, valueHex));
}

/** The draw's result index from the platform share and the reveals (same as the server's computeDraw). */
export async function computeIndex(input: { drawId: number; n: number; platformShareHex: string; reveals: { commitmentId: number; participant: string; valueHex: string }[] }): Promise<{ index: number; digestHex: string }> {
  const digest = await hmac(input.platformShareHex, enc.encode(resultText(input)));
  let block = digest;
  let index = pickIndex(block, input.n);
  while (index === null) {
    block = await hmac(input.platformShareHex, block);
    index = pickIndex(block, input.n);
  }
  return { index, digestHex: hex(digest) };
}

export interface BrowserCheck {
  /** the platform share opens the commitment published at creation */
  platform: boolean;
  /** every revealed value opens its participant's commitment */
  reveals: boolean;
  /** the recomputed index (and digest) equal the recorded result */
  result: boolean;
  ok: boolean;
}

/** Recompute a drawn draw in this browser from its public view; null while not drawn. */
export async function verifyInBrowser(d: DrawView): Promise<BrowserCheck | null> {
  if (!d.result || !d.platformShare) return null;
  try {
    const platform = (await commitmentOf(d.id, PLATFORM_PARTICIPANT, d.platformShare)) === d.platformCommitment;
    let reveals = true;
    for (const c of d.commitments) {
      if (c.valueHex !== null && (await commitmentOf(d.id, c.participant, c.valueHex)) !== c.commitment) reveals = false;
    }
    const r = await computeIndex({
      drawId: d.id,
      n: d.options.length,
      platformShareHex: d.platformShare,
      reveals: d.commitments.filter((c) => c.valueHex !== null).map((c) => ({ commitmentId: c.id, participant: c.participant, valueHex: c.valueHex! })),
    });
    const result = r.index === d.result.index && r.digestHex === d.result.digestHex;
    return { platform, reveals, result, ok: platform && reveals && result };
  } catch {
    return { platform: false, reveals: false, result: false, ok: false };
  }
}

/** Where this browser keeps a participant's value until it is revealed. */
export const valueKey = (drawId: number, userId: number): string => `ebid-draw:${drawId}:user:${userId}`;

export interface ValueStore {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

const browserStore = (): ValueStore | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

export function storedValue(drawId: number, userId: number, store: ValueStore | null = browserStore()): string | null {
  const v = store?.getItem(valueKey(drawId, userId)) ?? null;
  return v && /^[0-9a-f]{64}$/.test(v) ? v : null;
}

/** The value to commit to: the one already kept for this draw (a retried commitment), or a fresh one kept now. */
export function valueToCommit(drawId: number, userId: number, store: ValueStore | null = browserStore()): string {
  const old = storedValue(drawId, userId, store);
  if (old) return old;
  const v = randomValueHex();
  store?.setItem(valueKey(drawId, userId), v);
  return v;
}

export type DrawPhaseNow = 'commit' | 'reveal' | 'closed' | 'drawn';

/** The phase by the (measured) server clock: the close instants belong to the earlier phase (T1). */
export function phaseAt(d: Pick<DrawView, 'commitCloseAt' | 'revealCloseAt' | 'result'>, nowMs: number): DrawPhaseNow {
  if (d.result) return 'drawn';
  if (nowMs <= Date.parse(d.commitCloseAt)) return 'commit';
  if (nowMs <= Date.parse(d.revealCloseAt)) return 'reveal';
  return 'closed';
}

/** What this browser should do now for the draw: commit, reveal, or nothing. */
export function nextAction(d: Pick<DrawView, 'commitCloseAt' | 'revealCloseAt' | 'result' | 'me'>, nowMs: number | undefined, hasValue: boolean): 'commit' | 'reveal' | null {
  if (nowMs === undefined || !d.me.mayContribute) return null;
  const phase = phaseAt(d, nowMs);
  if (phase === 'commit' && !d.me.committed) return 'commit';
  if (phase === 'reveal' && d.me.committed && !d.me.revealed && hasValue) return 'reveal';
  return null;
}
