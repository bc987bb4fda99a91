/**
 * The re-run of a committee draw from its published inputs (issue 21 §3; E2) — what a supervisor does
 * before publication and anyone after: the draw itself (verifyDraw: the platform share against its
 * commitment, each revealed value against its commitment, the digest), the eligible list against the
 * hash published before any witness entropy, and the committee recomputed with the same pure selection.
 * Anything altered gives false.
 */
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '@ebid/domain';
import type { CommitteeVerification } from '@ebid/contracts';
import { verifyDraw } from '../draws/crypto.ts';
import { computeSelection, eligibleListSha256 } from './hashes.ts';

export async function verifyCommitteeDraw(v: CommitteeVerification): Promise<boolean> {
  try {
    const d = v.draw;
    if (d.platformShareHex === null || d.resultIndex === null || d.digestHex === null || v.selection === null) return false;
    if (v.list.committeeId !== v.committeeId) return false;
    if (eligibleListSha256(v.list) !== v.eligibleSha256) return false;
    if (d.n !== v.list.specialties.reduce((n, s) => n + s.eligible.length, 0)) return false;
    const drawOk = verifyDraw({
      drawId: d.drawId,
      n: d.n,
      commitCloseAt: d.commitCloseAt,
      revealCloseAt: d.revealCloseAt,
      platformCommitment: d.platformCommitment,
      platformShareHex: d.platformShareHex,
      commitments: d.commitments,
      resultIndex: d.resultIndex,
      digestHex: d.digestHex,
      ...(d.inputsSha256 ? { inputsSha256: d.inputsSha256 } : {}),
    });
    if (!drawOk) return false;
    const again = await computeSelection(v.list, v.eligibleSha256, d.digestHex);
    return isDeepStrictEqual(again, v.selection);
  } catch (e) {
    if (e instanceof AppError) return false;
    throw e;
  }
}
