/**
 * The jobs queue (DESIGN §3): rows in `jobs` claimed with FOR UPDATE SKIP LOCKED, so with several server
 * instances every job runs once; a job whose instance died is claimed again after its lease; failures
 * retry with exponential backoff up to maxAttempts.
 */
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { jobs, type Database, type DbOrTx } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Clock } from '../clock.ts';
import type { Logger } from '../deps.ts';
import { retryDelayMs } from './backoff.ts';

export const JOBS_CHANNEL = 'ebid_jobs';

export interface EnqueueInput {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  /** At most one queued or running job per key; a duplicate enqueue returns null. */
  dedupeKey?: string;
}

/** Enqueue a job; call it with the transaction of the change that needs it, so both commit together. */
export async function enqueueJob(db: DbOrTx, clock: Clock, input: EnqueueInput): Promise<{ id: number } | null> {
  if (!/^[a-z][a-z0-9_.]{0,63}$/.test(input.kind)) {
    throw new AppError('VALIDATION', { zh: '任务类型无效', en: 'Invalid job kind' }, { kind: input.kind });
  }
  const rows = await db
    .insert(jobs)
    .values({
      kind: input.kind,
      payload: input.payload ?? {},
      runAt: input.runAt ?? clock.now(),
      maxAttempts: input.maxAttempts ?? 5,
      dedupeKey: input.dedupeKey ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  const row = rows[0];
  if (!row) return null;
  // Wake idle runners on every instance (delivered when the transaction commits).
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${String(row.id)})`);
  return row;
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  job: ClaimedJob;
  instanceId: string;
  signal: AbortSignal;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface JobRunnerOptions {
  database: Database;
  clock: Clock;
  instanceId: string;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  pollMs?: number;
  /** How long a claimed job stays locked before another instance may take it over. */
  leaseMs?: number;
  batchSize?: number;
  /** Claim only jobs of these kinds (a dedicated runner; tests that run one kind of job). Default: every kind. */
  kinds?: string[];
}

export class JobRunner {
  private readonly o: Required<Omit<JobRunnerOptions, 'handlers' | 'kinds'>> & { handlers: Record<string, JobHandler>; kinds?: string[] };
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private wake: (() => void) | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(opts: JobRunnerOptions) {
    this.o = { pollMs: 1000, leaseMs: 5 * 60_000, batchSize: 5, ...opts };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = await this.o.database.listen(JOBS_CHANNEL, () => this.wake?.());
    this.loop = this.run();
  }

  /** Stop claiming; wait for the jobs in hand to finish (drain). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    if (this.timer) clearTimeout(this.timer);
    await this.loop;
    await this.unlisten?.();
  }

  /** Claim and run at most one batch; returns how many jobs ran. Used by the loop and by tests. */
  async runOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const job of claimed) await this.execute(job);
    return claimed.length;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let ran = 0;
      try {
        ran = await this.runOnce();
      } catch (e) {
        this.o.logger.error({ err: errText(e) }, 'job runner: claim failed');
      }
      if (this.stopped) break;
      if (ran > 0) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.o.pollMs);
      });
      this.wake = undefined;
    }
  }

  private async claim(): Promise<ClaimedJob[]> {
    const { database, clock, instanceId, leaseMs, batchSize, kinds } = this.o;
    const now = clock.now();
    return database.db.transaction(async (tx) => {
      const ids = await tx
        .select({ id: jobs.id })
        .from(jobs)
        .where(
          and(
            or(
              and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
              and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now)),
            ),
            kinds ? inArray(jobs.kind, kinds) : undefined,
          ),
        )
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (ids.length === 0) return [];
      return tx
        .update(jobs)
        .set({
          status: 'running',
          attempts: sql`${jobs.attempts} + 1`,
          lockedBy: instanceId,
          lockedUntil: new Date(now.getTime() + leaseMs),
        })
        .where(
          inArray(
            jobs.id,
            ids.map((r) => r.id),
          ),
        )
        .returning({
          id: jobs.id,
          kind: jobs.kind,
          payload: jobs.payload,
          attempts: jobs.attempts,
          maxAttempts: jobs.maxAttempts,
        });
    });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { database, clock, instanceId, handlers, logger } = this.o;
    const handler = handlers[job.kind];
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, instanceId), eq(jobs.status, 'running'));
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler({ job, instanceId, signal: this.abort.signal });
      await database.db
        .update(jobs)
        .set({
          status: 'done',
          result: (result ?? null) as never,
          completedBy: instanceId,
          finishedAt: clock.now(),
          lockedUntil: null,
          lastError: null,
        })
        .where(mine);
      logger.info({ jobId: job.id, kind: job.kind, attempt: job.attempts }, 'job done');
    } catch (e) {
      const final = job.attempts >= job.maxAttempts;
      const now = clock.now();
      await database.db
        .update(jobs)
        .set(
          final
            ? { status: 'failed', lastError: errText(e), finishedAt: now, lockedUntil: null }
            : {
                status: 'queued',
                lastError: errText(e),
                lockedUntil: null,
                lockedBy: null,
                runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
              },
        )
        .where(mine);
      logger.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, final, err: errText(e) }, 'job failed');
    }
  }
}

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 2000);
}
