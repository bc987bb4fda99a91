/**
 * Integration-test kit for the evaluation (issue 22): a project opened at its deadline with decrypted bids,
 * its committee requested, witnessed and drawn through the real services, every member confirmed, the
 * committee published, the section's method set, and the evaluation started — plus, per member, the
 * signing keys (certificates issued through `cert.issue`) and a certificate-session context.
 *
 * The method is written to the section directly: the project is past DRAFT, where `setEvaluationMethod`
 * rightly refuses (S1); that rule has its own test.
 */
import crypto from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { committeeMembers, openings, sections, users } from '@ebid/db';
import { userParticipant } from '@ebid/domain';
import { validateMethod, type EvaluationMethodSpec } from '@ebid/domain/evaluation';
import { apiClient } from '@ebid/api/test-client';
import { signCmsDetached } from '@ebid/pki';
import { bidderKeys, contextAs, openedProject, type TestDeps } from '@ebid/testing';
import { actorFromSessionToken } from '../auth/session.ts';
import type { RequestContext } from '../context.ts';
import { confirmSeat } from '../committee/respond.ts';
import { publishCommittee } from '../committee/publish.ts';
import { requestCommittee } from '../committee/request.ts';
import { commitToDraw, revealToDraw, runDraw } from '../draws/service.ts';
import { drawCommitment } from '../draws/crypto.ts';
import { methodSha256 } from './method.ts';
import { startEvaluation } from './start.ts';

const MIN = 60_000;

export interface KitMember {
  userId: number;
  username: string;
  sign: { keyPem: string; certPem: string };
  /** a fresh certificate-session context (the clock may have moved since) */
  ctx: () => Promise<RequestContext>;
  /** detached CMS (base64) over `bytes` with the member's signing key */
  signB64: (bytes: Uint8Array) => string;
}

export interface KitEvaluation {
  evaluationId: number;
  projectId: number;
  sectionId: number;
  committeeId: number;
  members: KitMember[];
  bids: { bidId: number; username: string; priceFen: number }[];
}

/** A certificate-session request context for `signer` (what the evaluation's acts need). */
export async function certContext(deps: TestDeps, signer: { keyPem: string; certPem: string }): Promise<RequestContext> {
  const c = apiClient(deps);
  const { challenge } = await (await c.call()).auth.certChallenge();
  await (await c.call()).auth.certLogin({ challenge, signature: signCmsDetached(Buffer.from(challenge, 'utf8'), signer).toString('base64') });
  const token = [...c.jar].find(([k]) => k.includes('session'))?.[1];
  const actor = token ? await actorFromSessionToken(deps.db, deps.clock, decodeURIComponent(token)) : null;
  if (!actor) throw new Error('certificate login gave no session');
  return { actor, clientAddress: '127.0.0.1', userAgent: 'vitest' };
}

export interface KitOptions {
  method: EvaluationMethodSpec;
  blindTechnical?: boolean;
  /** the bidders and prices (default: three) */
  bids?: { username: string; priceFen: number }[];
  /** expert seats by specialty (default municipal 3 + cost 2) */
  specialties?: { specialty: string; members: number }[];
  ownerReps?: number;
  /** start the evaluation (default true) */
  start?: boolean;
  /** project options passed to openedProject (e.g. tradeType) */
  project?: Parameters<typeof openedProject>[1];
}

export async function evaluationKit(deps: TestDeps, opts: KitOptions): Promise<KitEvaluation> {
  const { project, sectionId, bids } = await openedProject(deps, { ...(opts.project ?? {}), ...(opts.bids ? { bids: opts.bids } : {}) });
  const staff = () => contextAs(deps, 'staff');
  // Every bid decrypted: the opening published its results by itself (O4).
  const [o] = await deps.db.select().from(openings).where(eq(openings.projectId, project.id));
  if (o?.status !== 'published') throw new Error(`evaluationKit: the opening is ${o?.status ?? 'missing'}, not published`);
  const specialties = opts.specialties ?? [
    { specialty: 'municipal', members: 3 },
    { specialty: 'cost', members: 2 },
  ];
  const size = specialties.reduce((n, s) => n + s.members, 0) + (opts.ownerReps ?? 0);
  const t0 = deps.clock.now().getTime();
  const c = await requestCommittee(deps, await staff(), {
    sectionId,
    size,
    ownerReps: opts.ownerReps ?? 0,
    complex: false,
    specialties: specialties.map((s) => ({ ...s, backups: 0 })),
    respondMinutes: 120,
    sessionAt: new Date(t0 + 24 * 60 * MIN).toISOString(),
    sessionPlace: '示范市公共资源交易中心 第1评标室',
    commitMinutes: 10,
    revealMinutes: 5,
  });
  const drawId = c.drawId!;
  const values = new Map<string, string>();
  for (const u of ['supervisor', 'staff']) {
    const ctx = await contextAs(deps, u);
    const v = crypto.randomBytes(32).toString('hex');
    values.set(u, v);
    await commitToDraw(deps, ctx, { drawId, commitment: drawCommitment(drawId, userParticipant(ctx.actor!.userId), v) });
  }
  deps.clock.set(new Date(t0 + 11 * MIN));
  for (const u of ['supervisor', 'staff']) await revealToDraw(deps, await contextAs(deps, u), { drawId, valueHex: values.get(u)! });
  deps.clock.set(new Date(t0 + 17 * MIN));
  await runDraw(deps, { drawId });
  const seats = await deps.db
    .select({ id: committeeMembers.id, userId: committeeMembers.expertUserId, username: users.username })
    .from(committeeMembers)
    .innerJoin(users, eq(users.id, committeeMembers.expertUserId))
    .where(and(eq(committeeMembers.committeeId, c.id), eq(committeeMembers.status, 'invited')))
    .orderBy(asc(committeeMembers.id));
  for (const s of seats) await confirmSeat(deps, await contextAs(deps, s.username), { seatId: s.id });
  await publishCommittee(deps, await staff(), { committeeId: c.id });
  const spec = validateMethod(opts.method);
  await deps.db
    .update(sections)
    .set({ evaluationMethod: spec, evaluationMethodSha256: methodSha256(spec), blindTechnical: opts.blindTechnical ?? false })
    .where(eq(sections.id, sectionId));
  const members: KitMember[] = [];
  for (const s of seats) {
    const keys = await bidderKeys(deps, s.username);
    members.push({
      userId: s.userId,
      username: s.username,
      sign: keys.sign,
      ctx: () => certContext(deps, keys.sign),
      signB64: (bytes) => signCmsDetached(Buffer.from(bytes), keys.sign).toString('base64'),
    });
  }
  const evaluationId = opts.start === false ? 0 : (await startEvaluation(deps, await staff(), { committeeId: c.id, hours: 8 })).evaluationId;
  return {
    evaluationId,
    projectId: project.id,
    sectionId,
    committeeId: c.id,
    members,
    bids: bids.map((b) => ({ bidId: b.bid.id, username: b.username, priceFen: (opts.bids ?? []).find((x) => x.username === b.username)?.priceFen ?? 0 })),
  };
}
