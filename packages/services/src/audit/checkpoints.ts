/**
 * Checkpoints at every legally significant moment (issue 13 §6, DESIGN §7), beside the hourly one:
 * notice, clarification and platform-notice publication, the bid deadline, the opening's start, its
 * results, each record version and its close — and, for later issues, the evaluation report and the
 * award (call `requestCheckpoint` in the transaction of the act).
 *
 * `requestCheckpoint(tx, deps, { reason, projectId })` asks for a checkpoint right after the caller's
 * transaction commits: it joins the pending request job if there is one, else enqueues one (the runner
 * is woken by NOTIFY on commit). A burst of acts gives one checkpoint that lists every reason. The join
 * is race-free: joining UPDATEs the job row, which stays locked until the act commits, so
 *   - a queued job is not claimed before the act commits (the runner claims with SKIP LOCKED), and
 *   - a job already claimed releases its dedupe key as its first statement, which waits for that lock;
 *     it reads the chain heads only afterwards, so every act that joined it is in its checkpoint. An act
 *     that comes after the release finds no pending job and enqueues the next one.
 * The audit event of the act itself stays in the act's transaction, as always; only the checkpoint (object
 * I/O and signing) runs after it. Call it late in the transaction, after the act's own row locks: two
 * acts that both find no pending request serialize on the new job row until the first commits.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { jobs, projects, type ProjectRow, type Tx } from '@ebid/db';
import { writeCheckpoint, type AuditEvent, type CheckpointReason, type PublishedAuditRoot } from '@ebid/audit';
import { AppError } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { bidDeadlineOf } from '../bids/bidding-window.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { recordPublicChange } from '../projects/index.ts';

/** The hourly checkpoint's job kind and interval (also its dedupe key: one pending at a time). */
export const HOURLY_CHECKPOINT_JOB = 'audit.checkpoint';
export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;
export const CHECKPOINT_REQUEST_JOB = 'audit.checkpoint_request';
export const DEADLINE_CHECKPOINT_JOB = 'audit.deadline_checkpoint';
/** One pending request at a time (jobs.dedupe_key is unique among queued and running jobs). */
const REQUEST_KEY = CHECKPOINT_REQUEST_JOB;
const REASON_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;
/** A request job lists at most this many reasons (a longer burst is still one checkpoint). */
const MAX_REASONS = 100;

/** The legal moments that ask for a checkpoint today; later issues add 'report.*' and 'award.*'. */
export type CheckpointMoment =
  | 'notice.publish'
  | 'clarification.publish'
  | 'bid.deadline'
  | 'opening.start'
  | 'opening.publish'
  | 'opening.record'
  | 'opening.close'
  | (string & {});

/** Ask for a checkpoint right after `tx` commits (see the file comment). Call it inside the act's transaction. */
export async function requestCheckpoint(tx: Tx, deps: Pick<Deps, 'clock'>, input: { reason: CheckpointMoment; projectId?: number | null }): Promise<void> {
  if (typeof input.reason !== 'string' || input.reason.length > 64 || !REASON_RE.test(input.reason)) {
    throw new AppError('VALIDATION', { zh: '检查点原因无效', en: 'Invalid checkpoint reason' }, { field: 'reason' });
  }
  const projectId = input.projectId ?? null;
  if (projectId !== null && (!Number.isSafeInteger(projectId) || projectId <= 0)) {
    throw new AppError('VALIDATION', { zh: '项目编号无效', en: 'Invalid project id' }, { field: 'projectId' });
  }
  const entry: CheckpointReason[] = [{ reason: input.reason, projectId }];
  const now = deps.clock.now();
  const reasons = sql`coalesce(${jobs.payload}->'reasons', '[]'::jsonb)`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const joined = await tx
      .update(jobs)
      .set({
        runAt: sql`least(${jobs.runAt}, ${now.toISOString()}::timestamptz)`,
        payload: sql`case when jsonb_array_length(${reasons}) < ${MAX_REASONS}
                          then jsonb_set(${jobs.payload}, '{reasons}', ${reasons} || ${JSON.stringify(entry)}::jsonb)
                          else ${jobs.payload} end`,
      })
      .where(and(eq(jobs.dedupeKey, REQUEST_KEY), inArray(jobs.status, ['queued', 'running'])))
      .returning({ id: jobs.id });
    if (joined.length > 0) return;
    const made = await enqueueJob(tx, deps.clock, { kind: CHECKPOINT_REQUEST_JOB, payload: { reasons: entry }, dedupeKey: REQUEST_KEY, maxAttempts: 10 });
    if (made) return;
    // A concurrent act enqueued one between the two statements: join it.
  }
  throw new AppError('CONFLICT', { zh: '检查点请求冲突，请重试', en: 'Checkpoint request conflict; retry' });
}

/** The reasons a request job's payload lists (rewritten in SQL by the acts that joined it: read defensively). */
function reasonsOf(payload: unknown): CheckpointReason[] {
  const list = typeof payload === 'object' && payload !== null && 'reasons' in payload ? payload.reasons : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: unknown) =>
    typeof r === 'object' && r !== null && 'reason' in r && typeof r.reason === 'string'
      ? [{ reason: r.reason, projectId: 'projectId' in r && typeof r.projectId === 'number' ? r.projectId : null }]
      : [],
  );
}

/** Write a checkpoint with the platform key now; its root goes into the public change feed. */
export async function runCheckpoint(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  reasons: CheckpointReason[] = [],
): Promise<AuditEvent & { auditRoot: PublishedAuditRoot }> {
  return writeCheckpoint(deps, (content) => deps.pki.platform.signDetached(content), {
    reasons,
    inTransaction: (tx, root) => recordPublicChange(tx, deps, 'audit_root', root.id, 'published'),
  });
}

/** Make sure one hourly checkpoint job is pending (the dedupe key keeps it to one across instances). */
export async function scheduleAuditCheckpoint(deps: Pick<Deps, 'db' | 'clock'>, runAt: Date): Promise<void> {
  await enqueueJob(deps.db, deps.clock, { kind: HOURLY_CHECKPOINT_JOB, runAt, dedupeKey: HOURLY_CHECKPOINT_JOB });
}

/** The 'audit.checkpoint' job: a signed checkpoint of every chain head, then the next one an hour later. */
export async function runHourlyCheckpoint(deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>): Promise<{ eventId: number; rootId: number }> {
  const ev = await runCheckpoint(deps);
  await scheduleAuditCheckpoint(deps, new Date(deps.clock.now().getTime() + CHECKPOINT_INTERVAL_MS));
  return { eventId: ev.id, rootId: ev.auditRoot.id };
}

/** The 'audit.checkpoint_request' job: release the dedupe key (waiting for the acts that joined), then checkpoint. */
export async function runRequestedCheckpoint(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  job: { id: number; payload: unknown },
): Promise<{ eventId: number; rootId: number; reasons: CheckpointReason[] }> {
  const [released] = await deps.db.update(jobs).set({ dedupeKey: null }).where(eq(jobs.id, job.id)).returning({ payload: jobs.payload });
  const reasons = reasonsOf(released?.payload ?? job.payload);
  const ev = await runCheckpoint(deps, reasons);
  return { eventId: ev.id, rootId: ev.auditRoot.id, reasons };
}

/** Schedule the checkpoint at the project's bid deadline (idempotent per instant). Call it in the publishing transaction. */
export async function scheduleDeadlineCheckpoint(tx: Tx, deps: Pick<Deps, 'clock'>, project: Pick<ProjectRow, 'id' | 'schedule'>): Promise<void> {
  const at = bidDeadlineOf(project);
  if (!at) return;
  await enqueueJob(tx, deps.clock, { kind: DEADLINE_CHECKPOINT_JOB, payload: { projectId: project.id }, runAt: at, dedupeKey: `${DEADLINE_CHECKPOINT_JOB}:${project.id}:${at.toISOString()}` });
}

/**
 * The 'audit.deadline_checkpoint' job: at the bid deadline, checkpoint (the bids received are then in a
 * published root). A deadline moved later meanwhile (clarification, outage) re-schedules it.
 */
export async function runDeadlineCheckpoint(
  deps: Pick<Deps, 'db' | 'storage' | 'pki' | 'clock'>,
  payload: { projectId: number },
): Promise<{ outcome: 'checkpoint' | 'rescheduled' | 'noop'; rootId?: number }> {
  const [p] = await deps.db.select({ id: projects.id, schedule: projects.schedule }).from(projects).where(eq(projects.id, payload.projectId));
  const at = p ? bidDeadlineOf(p) : null;
  if (!p || !at) return { outcome: 'noop' };
  if (at.getTime() > deps.clock.now().getTime()) {
    await deps.db.transaction((tx) => scheduleDeadlineCheckpoint(tx, deps, p));
    return { outcome: 'rescheduled' };
  }
  const ev = await runCheckpoint(deps, [{ reason: 'bid.deadline', projectId: p.id }]);
  return { outcome: 'checkpoint', rootId: ev.auditRoot.id };
}
