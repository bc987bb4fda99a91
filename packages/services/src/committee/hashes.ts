/**
 * The committee draw's hashes on the server (node:crypto), over the pure texts of
 * @ebid/domain committee/selection.ts; the browser computes the same with WebCrypto.
 */
import crypto from 'node:crypto';
import { eligibleListText, selectCommittee, type EligibleList, type HmacSha256, type SpecialtySelection } from '@ebid/domain';

export const nodeHmacSha256: HmacSha256 = (key, message) => new Uint8Array(crypto.createHmac('sha256', key).update(message).digest());

/** hex SHA-256 of the eligible list's canonical text: the commitment published before any witness entropy. */
export function eligibleListSha256(list: EligibleList): string {
  return crypto.createHash('sha256').update(eligibleListText(list), 'utf8').digest('hex');
}

/** The committee a digest draws from the frozen list (pseudonyms), with node:crypto. */
export function computeSelection(list: EligibleList, eligibleSha256: string, digestHex: string): Promise<SpecialtySelection[]> {
  return selectCommittee({ list, eligibleSha256, digestHex }, nodeHmacSha256);
}
