/**
 * The jobs queue (DESIGN §3): rows in `jobs` claimed with FOR UPDATE SKIP LOCKED, so with several server
 * instances every job runs once; a job whose instance died is claimed again after its lease; failures
 * retry with exponential backoff up to maxAttempts.
 */
import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { jobs, type Database, type DbOrTx, type JobRow } from '@ebid/db';
import { AppError } from '@ebid/domain';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { retryDelayMs } from './backoff.ts';
import type { JobPayloads } from './kinds.ts';

export const JOBS_CHANNEL = 'ebid_jobs';

/**
 * The queue is typed by a map of kind → payload: the platform's is `JobPayloads` (kinds.ts), the default
 * everywhere; the queue's own tests bring a map of test kinds.
 */
type KindOf<M> = keyof M & string;

export type EnqueueInput<M extends object, K extends KindOf<M>> = {
  kind: K;
  runAt?: Date;
  maxAttempts?: number;
  /** At most one queued or running job per key; a duplicate enqueue returns null. */
  dedupeKey?: string;
} & PayloadField<M[K]>;

/** A payload with no required field may be left out (it is stored as {}). */
type PayloadField<P> = Record<string, never> extends P ? { payload?: P } : { payload: P };

/** Enqueue a job; call it with the transaction of the change that needs it, so both commit together. */
export async function enqueueJob<M extends object = JobPayloads, K extends KindOf<M> = KindOf<M>>(
  db: DbOrTx,
  clock: Clock,
  input: EnqueueInput<M, K>,
): Promise<{ id: number } | null> {
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

export interface ClaimedJob<M extends object = JobPayloads, K extends KindOf<M> = KindOf<M>> {
  id: number;
  kind: K;
  payload: M[K];
  attempts: number;
  maxAttempts: number;
}

export interface JobContext<M extends object = JobPayloads, K extends KindOf<M> = KindOf<M>> {
  job: ClaimedJob<M, K>;
  instanceId: string;
  signal: AbortSignal;
}

/** Runs one job of kind K; what it returns is stored as the job's result. */
export type JobHandler<M extends object = JobPayloads, K extends KindOf<M> = KindOf<M>> = (ctx: JobContext<M, K>) => Promise<unknown>;

/** A handler for every kind of the map (the platform's: job-handlers.ts). */
export type JobHandlers<M extends object = JobPayloads> = { [K in KindOf<M>]: JobHandler<M, K> };

export interface JobRunnerOptions<M extends object = JobPayloads> {
  database: Database;
  clock: Clock;
  instanceId: string;
  handlers: JobHandlers<M>;
  logger: Logger;
  pollMs?: number;
  /** How long a claimed job stays locked before another instance may take it over. */
  leaseMs?: number;
  batchSize?: number;
  /** Claim only jobs of these kinds (a dedicated runner; tests that run one kind of job). Default: every kind. */
  kinds?: string[];
}

export class JobRunner<M extends object = JobPayloads> {
  private readonly o: Required<Omit<JobRunnerOptions<M>, 'handlers' | 'kinds'>> & { handlers: JobHandlers<M>; kinds?: string[] };
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private wake: (() => void) | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private loop: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(opts: JobRunnerOptions<M>) {
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

  private async claim(): Promise<JobRow[]> {
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
        .returning();
    });
  }

  /**
   * The handler of a claimed row's kind, and the row as that kind's job. The row was written by
   * `enqueueJob` under its kind, so its payload is that kind's payload.
   */
  private claimed(row: JobRow): { handler: JobHandler<M> | undefined; job: ClaimedJob<M> } {
    const kind = row.kind as KindOf<M>;
    const handler: JobHandler<M> | undefined = Object.hasOwn(this.o.handlers, kind) ? this.o.handlers[kind] : undefined;
    return { handler, job: { id: row.id, kind, payload: row.payload as M[KindOf<M>], attempts: row.attempts, maxAttempts: row.maxAttempts } };
  }

  private async execute(row: JobRow): Promise<void> {
    const { database, clock, instanceId, logger } = this.o;
    const { handler, job } = this.claimed(row);
    const mine = and(eq(jobs.id, job.id), eq(jobs.lockedBy, instanceId), eq(jobs.status, 'running'));
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler({ job, instanceId, signal: this.abort.signal });
      await database.db
        .update(jobs)
        .set({
          status: 'done',
          result: result ?? null,
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
