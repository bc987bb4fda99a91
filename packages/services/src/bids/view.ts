/** A bid as its company sees it (the contract's BidView): the parts in their canonical order. */
import type { BidPartRow, BidRow } from '@ebid/db';
import type { BidView } from '@ebid/contracts';
import { BID_PARTS, type BidPart } from '@ebid/pki/constants';

export const partOrder = (p: BidPart): number => BID_PARTS.indexOf(p);

export function bidView(b: BidRow, sectionCode: string, parts: BidPartRow[]): BidView {
  return {
    id: b.id,
    projectId: b.projectId,
    sectionId: b.sectionId,
    sectionCode,
    bidderOrgId: b.bidderOrgId,
    version: b.version,
    status: b.status,
    signerCertSerial: b.signerCertSerial,
    receivedAt: b.receivedAt.toISOString(),
    withdrawnAt: b.withdrawnAt?.toISOString() ?? null,
    parts: parts
      .filter((p) => p.bidId === b.id)
      .sort((x, y) => partOrder(x.part) - partOrder(y.part))
      .map((p) => ({ part: p.part, size: p.size, partHash: p.partHash, headerSha256: p.headerSha256, sha256: p.sha256, sm3: p.sm3 })),
  };
}
