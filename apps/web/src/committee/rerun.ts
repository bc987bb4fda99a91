/**
 * The committee draw re-run in this browser (issue 21 §3; E2): from the published inputs only
 * (`committee.verification`: pseudonyms, hashes, the draw's commitments and values) and WebCrypto, the
 * same computation the server makes (services committee/verify.ts) with the same pure code
 * (@ebid/domain/committee-selection, draws/draw.ts through draw-client.ts). Each part is checked on its
 * own so a failure names what did not match:
 *  - list: the eligible list hashes to the SHA-256 published before any witness entropy, and the draw's
 *    option count is the list's length;
 *  - platform / reveals / result: the draw itself (draw-client.ts computeIndex);
 *  - selection: the members and backups recomputed from the digest equal the published selection;
 *  - roster: the seats the platform filled by the draw are those drawn, in drawn order (when given).
 */
import { eligibleListText, selectCommittee, type HmacSha256, type SpecialtySelection } from '@ebid/domain/committee-selection';
import { PLATFORM_PARTICIPANT } from '@ebid/domain';
import type { RouterOutputs } from '../api.ts';
import { commitmentOf, computeIndex, sha256HexOf } from '../draws/draw-client.ts';

export type CommitteeVerification = RouterOutputs['committee']['verification'];
export type CommitteeView = RouterOutputs['committee']['get'];

export const RERUN_PARTS = ['list', 'platform', 'reveals', 'result', 'selection', 'roster'] as const;
export type RerunPart = (typeof RERUN_PARTS)[number];

export interface Rerun {
  /** false for a part that did not match; absent when it could not be checked yet (not drawn) */
  parts: Partial<Record<RerunPart, boolean>>;
  /** drawn and every part matched */
  ok: boolean;
  drawn: boolean;
  /** the selection recomputed here (null until drawn or when it could not be computed) */
  selection: SpecialtySelection[] | null;
}

const webHmac: HmacSha256 = async (key, message) => {
  const k = await crypto.subtle.importKey('raw', new Uint8Array(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, new Uint8Array(message)));
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The drawn seats of each specialty (members and backups by rank, manual appointments left out) as pseudonyms. */
export function drawnSeats(c: Pick<CommitteeView, 'seats' | 'specialties'>): SpecialtySelection[] {
  return c.specialties
    .map((s) => {
      const seats = c.seats.filter((x) => x.specialty === s.specialty).sort((a, b) => a.rank - b.rank).slice(0, s.members + s.backups);
      return { specialty: s.specialty, members: seats.slice(0, s.members).map((x) => x.pseudonym), backups: seats.slice(s.members).map((x) => x.pseudonym) };
    })
    .sort((a, b) => (a.specialty < b.specialty ? -1 : a.specialty > b.specialty ? 1 : 0));
}

export async function rerunCommitteeDraw(v: CommitteeVerification, committee?: Pick<CommitteeView, 'seats' | 'specialties'>): Promise<Rerun> {
  const parts: Rerun['parts'] = {};
  try {
    const listSha = await sha256HexOf(eligibleListText(v.list));
    parts.list = v.list.committeeId === v.committeeId && listSha === v.eligibleSha256 && v.draw.n === v.list.specialties.reduce((n, s) => n + s.eligible.length, 0);
  } catch {
    parts.list = false;
  }
  const d = v.draw;
  if (d.platformShareHex === null || d.resultIndex === null || d.digestHex === null) return { parts, ok: false, drawn: false, selection: null };
  let selection: SpecialtySelection[] | null = null;
  try {
    parts.platform = (await commitmentOf(d.drawId, PLATFORM_PARTICIPANT, d.platformShareHex)) === d.platformCommitment;
    let reveals = true;
    for (const c of d.commitments) if (c.valueHex !== null && (await commitmentOf(d.drawId, c.participant, c.valueHex)) !== c.commitment) reveals = false;
    parts.reveals = reveals;
    const r = await computeIndex({
      drawId: d.drawId,
      n: d.n,
      platformShareHex: d.platformShareHex,
      reveals: d.commitments.filter((c) => c.valueHex !== null).map((c) => ({ commitmentId: c.id, participant: c.participant, valueHex: c.valueHex! })),
    });
    parts.result = r.index === d.resultIndex && r.digestHex === d.digestHex;
    selection = await selectCommittee({ list: v.list, eligibleSha256: v.eligibleSha256, digestHex: r.digestHex }, webHmac);
    parts.selection = v.selection !== null && same(selection, v.selection);
    if (committee && committee.seats.length) parts.roster = same(drawnSeats(committee), selection);
  } catch {
    for (const p of ['platform', 'reveals', 'result', 'selection'] as const) parts[p] ??= false;
  }
  const ok = RERUN_PARTS.every((p) => parts[p] !== false) && parts.selection === true;
  return { parts, ok, drawn: true, selection };
}
