/** Downloading one evidence file of a qualification answer (GET /qualification/evidence/:answerId/:index). */
import { eq } from 'drizzle-orm';
import { qualificationAnswers, registrations, uploads } from '@ebid/db';
import { AppError } from '@ebid/domain';
import { readerOf, readScope } from '../../access/before-deadline.ts';
import { requireActor, type RequestContext } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { loadProject } from '../../projects/index.ts';
import { applicantsFact, isCenter, isOwnerSide, reviewCompleteOf } from './readers.ts';
import { evidenceOf } from './views.ts';

/** One evidence file of an answer: the answering company, the center, and the owner side after the review. */
export async function qualificationEvidence(
  deps: Pick<Deps, 'db' | 'clock' | 'storage'>,
  ctx: RequestContext,
  input: { answerId: number; index: number },
): Promise<{ stream: NodeJS.ReadableStream; size: number; fileName: string; contentType: string }> {
  const actor = requireActor(ctx);
  const found = await deps.db.transaction(async (tx) => {
    const [a] = await tx.select().from(qualificationAnswers).where(eq(qualificationAnswers.id, input.answerId));
    if (!a) return null;
    const [reg] = await tx.select().from(registrations).where(eq(registrations.id, a.registrationId));
    if (!reg) return null;
    const p = await loadProject(tx, reg.projectId);
    const own = actor.role === 'bidder' && actor.orgId === reg.bidderOrgId;
    // Anyone else only once the applicants may be seen (the table), the same 404 before that.
    if (!own && readScope(applicantsFact(p), readerOf(actor.role), p, deps.clock.now()) !== 'open') return null;
    let allowed = isCenter(actor, p) || own;
    if (!allowed) {
      if (await isOwnerSide(tx, deps, actor, p)) {
        const regs = await tx.select({ status: registrations.status }).from(registrations).where(eq(registrations.projectId, p.id));
        allowed = reviewCompleteOf(regs);
      }
    }
    if (!allowed) return null;
    const e = evidenceOf(a)[input.index];
    if (!e) return null;
    const [u] = await tx.select({ contentType: uploads.contentType }).from(uploads).where(eq(uploads.id, e.uploadId));
    return { e, contentType: u?.contentType ?? 'application/octet-stream' };
  });
  if (!found) throw new AppError('NOT_FOUND');
  return { stream: await deps.storage.get(found.e.sha256, { expectedSize: found.e.size }), size: found.e.size, fileName: found.e.fileName, contentType: found.contentType };
}
