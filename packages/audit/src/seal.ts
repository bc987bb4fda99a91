/**
 * Checkpoint and root signatures checked as the platform's seal (issue 14 §3): each signed document is
 * judged at the time it states (its `at`), not today's, so a seal certificate that expired since does not
 * make every older checkpoint fail; and only the platform seal may have signed it — a user's
 * certificate from the same root (a bidder's key, an organization named like the platform) is refused.
 * The cryptography is the caller's (@ebid/pki verifyPlatformSeal); this module knows the documents.
 */
import { parseCheckpointDocument } from './checkpoint.ts';
import { parseAuditRootDocument } from './root.ts';
import type { SigCheck, VerifyOptions } from './verify.ts';

/** A platform-seal check of a detached CMS over `content` at `at` (undefined: the CMS signingTime). */
export type PlatformSealCheck = (signature: Buffer, content: Buffer, at: Date | undefined) => { ok: true } | { ok: false; reason: string };

/** The time a checkpoint or root document states; undefined if it is neither (the seal check then uses its signingTime). */
export function signedDocumentTime(content: Buffer): Date | undefined {
  const at = parseCheckpointDocument(content)?.at ?? parseAuditRootDocument(content)?.at;
  const d = at === undefined ? undefined : new Date(at);
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** verifyAudit's signature options for the platform seal: checkpoints, their roots and witnessed roots. */
export function platformSealVerifiers(check: PlatformSealCheck): Required<Pick<VerifyOptions, 'verifyCheckpointSignature' | 'verifyRootSignature'>> {
  const verify: SigCheck = (content, signature) => check(signature, content, signedDocumentTime(content));
  return { verifyCheckpointSignature: verify, verifyRootSignature: verify };
}
