/**
 * The time source monitor of one instance (issue 20 §5, domain §4.3, T3). Each instance measures its own
 * offset against the configured NTP servers every NTP_POLL_MS and keeps the latest valid sample in memory;
 * the state follows (domain timeSourceState): unmonitored / ok / warn (> 1 s) / blocked (> NTP_MAX_OFFSET_MS)
 * / unknown (no valid answer within NTP_STALE_POLLS polls, or none yet — blocks like blocked).
 *
 * An excursion raises ONE operations alert per level (warn, then blocked / unknown if it gets worse) to
 * center staff and platform administrators, and its end is noted once; both are audit events on the
 * platform chain (`system.time_source.alert` / `.recovered`, subject `time_source:<instance>`) written with
 * their notifications in one transaction. The latest of those events is what says whether this instance
 * is in an alerted excursion, so a restart in the middle of one does not alert again (no table needed).
 *
 * The sample's age is measured on the monotonic clock: moving the fake clock does not age it. The offset
 * itself is against the platform clock (deps.clock) — with EBID_FAKE_CLOCK, the fake clock's offset.
 * The platform clock is never set from NTP.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { TimeSourceConfig } from '@ebid/config';
import type { NtpServerResult, TimeSourceStatus } from '@ebid/contracts';
import { auditEvents, users } from '@ebid/db';
import { combinedOffsetMs, formatBeijingDateTime, NTP_WARN_OFFSET_MS, timeSourceBlocks, timeSourceState, timeSourceTransition, type TimeSourceAlertLevel, type TimeSourceState } from '@ebid/domain';
import { audit, SYSTEM_CONTEXT } from '../../context.ts';
import type { Deps } from '../../deps.ts';
import { notify } from '../../notifications/notify.ts';
import { ntpServerLabel, queryNtpServer, type NtpQueryResult } from './client.ts';

export const TIME_SOURCE_ALERT_ACTION = 'system.time_source.alert';
export const TIME_SOURCE_RECOVERED_ACTION = 'system.time_source.recovered';
export const TIME_SOURCE_SUBJECT = 'time_source';

interface Sample {
  offsetMs: number;
  roundTripMs: number;
  at: Date;
  mono: number;
}

export class TimeSourceMonitor {
  private latest: Sample | null = null;
  private lastPollAt: Date | null = null;
  private results: NtpServerResult[] = [];
  /** The level alerted in the current excursion; undefined until read from the audit log. */
  alerted: TimeSourceAlertLevel | null | undefined = undefined;
  private inFlight: Promise<TimeSourceStatus> | null = null;

  constructor(
    readonly config: TimeSourceConfig,
    readonly instance: string,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  get configured(): boolean {
    return this.config.servers.length > 0;
  }

  state(): TimeSourceState {
    const latest = this.latest ? { offsetMs: this.latest.offsetMs, ageMs: this.monotonic() - this.latest.mono } : null;
    return timeSourceState({ configured: this.configured, maxOffsetMs: this.config.maxOffsetMs, staleAfterMs: this.config.pollMs * this.config.stalePolls }, latest);
  }

  status(): TimeSourceStatus {
    const state = this.state();
    return {
      instance: this.instance,
      state,
      blocking: timeSourceBlocks(state),
      offsetMs: this.latest ? Math.round(this.latest.offsetMs) : null,
      roundTripMs: this.latest ? Math.round(this.latest.roundTripMs) : null,
      lastSampleAt: this.latest?.at.toISOString() ?? null,
      lastPollAt: this.lastPollAt?.toISOString() ?? null,
      warnOffsetMs: NTP_WARN_OFFSET_MS,
      maxOffsetMs: this.config.maxOffsetMs,
      pollMs: this.config.pollMs,
      servers: this.config.servers.map(ntpServerLabel),
      results: this.results,
    };
  }

  /** Take the answers of one poll: a valid sample replaces the latest; invalid answers never move it. */
  record(answers: NtpQueryResult[], at: Date): void {
    this.lastPollAt = at;
    this.results = answers.map((a) =>
      a.ok
        ? { server: a.server, address: a.address, ok: true, offsetMs: Math.round(a.sample.offsetMs), roundTripMs: Math.round(a.sample.roundTripMs), stratum: a.sample.stratum, rejection: null, detail: null }
        : { server: a.server, address: a.address, ok: false, offsetMs: null, roundTripMs: null, stratum: null, rejection: a.reason, detail: a.detail ?? null },
    );
    const good = answers.filter((a) => a.ok);
    const offset = combinedOffsetMs(good.map((a) => a.sample.offsetMs));
    if (offset === null) return;
    const roundTrip = combinedOffsetMs(good.map((a) => a.sample.roundTripMs)) ?? 0;
    this.latest = { offsetMs: offset, roundTripMs: roundTrip, at, mono: this.monotonic() };
  }

  /** One poll at a time per instance: a second caller shares the poll in flight. */
  poll(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>): Promise<TimeSourceStatus> {
    this.inFlight ??= pollOnce(deps, this).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }
}

async function pollOnce(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, m: TimeSourceMonitor): Promise<TimeSourceStatus> {
  if (!m.configured) return m.status();
  const answers = await Promise.all(m.config.servers.map((s) => queryNtpServer(s, { clock: deps.clock, timeoutMs: m.config.timeoutMs })));
  m.record(answers, deps.clock.now());
  for (const a of answers) if (!a.ok) deps.logger.warn({ server: a.server, reason: a.reason, detail: a.detail ?? null }, 'NTP answer not believed');
  await settleAlerts(deps, m);
  return m.status();
}

function secondsText(ms: number | null): string {
  return ms === null ? '—' : (ms / 1000).toFixed(3);
}

/** Raise or clear the operations alert of the current excursion (domain timeSourceTransition). */
async function settleAlerts(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>, m: TimeSourceMonitor): Promise<void> {
  const state = m.state();
  if (state === 'unmonitored' || (state === 'ok' && m.alerted === null)) return;
  await deps.db.transaction(async (tx) => {
    // Several pollers of one instance id (a restart overlapping the old process) decide one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`time_source:${m.instance}`}, 0))`);
    const [last] = await tx
      .select({ action: auditEvents.action, payload: auditEvents.payload })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, TIME_SOURCE_SUBJECT), eq(auditEvents.subjectId, m.instance), inArray(auditEvents.action, [TIME_SOURCE_ALERT_ACTION, TIME_SOURCE_RECOVERED_ACTION])))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    const level = (last?.payload as { level?: TimeSourceAlertLevel } | undefined)?.level;
    const alerted: TimeSourceAlertLevel | null = last?.action === TIME_SOURCE_ALERT_ACTION && level ? level : null;
    const step = timeSourceTransition(alerted, state);
    m.alerted = alerted;
    if (!step) return;
    const s = m.status();
    const facts = { instance: m.instance, state, offsetMs: s.offsetMs, maxOffsetMs: s.maxOffsetMs, warnOffsetMs: s.warnOffsetMs, lastSampleAt: s.lastSampleAt, servers: s.servers, results: s.results.map((r) => ({ server: r.server, ok: r.ok, offsetMs: r.offsetMs, rejection: r.rejection })) };
    const center = await tx.select({ id: users.id, role: users.role }).from(users).where(and(inArray(users.role, ['staff', 'platform_admin']), eq(users.active, true)));
    // Each role's own operations page (staff: 运行状态 in the staff console; administrators: theirs).
    const tell = async (n: { kind: string; title: { zh: string; en: string }; body: { zh: string; en: string } }) => {
      for (const [role, seg] of [['staff', 'staff'], ['platform_admin', 'admin']] as const) {
        const ids = center.filter((u) => u.role === role).map((u) => u.id);
        if (ids.length) await notify(tx, deps, { ...n, userIds: ids, link: `/workspace/${seg}/system` });
      }
    };
    const offset = secondsText(s.offsetMs);
    const limit = secondsText(s.maxOffsetMs);
    if ('raise' in step) {
      await audit(tx, deps, SYSTEM_CONTEXT, { action: TIME_SOURCE_ALERT_ACTION, subject: { type: TIME_SOURCE_SUBJECT, id: m.instance }, payload: { level: step.raise, ...facts } });
      const body =
        step.raise === 'warn'
          ? { zh: `服务器（实例 ${m.instance}）时间与标准时间（NTP）偏差 ${offset} 秒，超过 1 秒。请检查服务器的时间同步；偏差超过 ${limit} 秒时将暂停开标、解密和竞价结束等操作。`, en: `The server clock (instance ${m.instance}) is ${offset} s off NTP time, more than 1 s. Check its time synchronization; beyond ${limit} s the opening start, decryption and auction close are refused.` }
          : step.raise === 'blocked'
            ? { zh: `服务器（实例 ${m.instance}）时间与标准时间（NTP）偏差 ${offset} 秒，超过允许的 ${limit} 秒：开标、解密和竞价结束等操作已暂停，直至时间恢复正常。请立即检查服务器的时间同步。`, en: `The server clock (instance ${m.instance}) is ${offset} s off NTP time, beyond the ${limit} s limit: the opening start, decryption and auction close are refused until it recovers. Check its time synchronization now.` }
            : { zh: `服务器（实例 ${m.instance}）近期未从任何 NTP 服务器取得有效的授时结果，无法确认服务器时间：开标、解密和竞价结束等操作已暂停，直至恢复。请检查网络和 NTP 服务器配置。`, en: `The server (instance ${m.instance}) has had no valid NTP answer lately and cannot confirm its clock: the opening start, decryption and auction close are refused until it recovers. Check the network and the NTP servers.` };
      await tell({
        kind: TIME_SOURCE_ALERT_ACTION,
        title: step.raise === 'warn' ? { zh: '运维告警：服务器时间偏差超过 1 秒', en: 'Operations alert: the server clock is more than 1 s off' } : { zh: '运维告警：服务器时间不可信，关键操作已暂停', en: 'Operations alert: the server clock is untrusted; critical acts refused' },
        body,
      });
      m.alerted = step.raise;
      deps.logger.warn({ level: step.raise, offsetMs: s.offsetMs, maxOffsetMs: s.maxOffsetMs }, 'time source alert raised (时间源告警)');
    } else {
      await audit(tx, deps, SYSTEM_CONTEXT, { action: TIME_SOURCE_RECOVERED_ACTION, subject: { type: TIME_SOURCE_SUBJECT, id: m.instance }, payload: { level: step.recover, ...facts } });
      await tell({
        kind: TIME_SOURCE_RECOVERED_ACTION,
        title: { zh: '服务器时间已恢复正常', en: 'The server clock is back in step' },
        body: { zh: `服务器（实例 ${m.instance}）时间与标准时间偏差 ${offset} 秒，已恢复正常（${formatBeijingDateTime(deps.clock.now())}）。`, en: `The server clock (instance ${m.instance}) is ${offset} s off NTP time again, within 1 s (${formatBeijingDateTime(deps.clock.now())} Beijing time).` },
      });
      m.alerted = null;
      deps.logger.info({ offsetMs: s.offsetMs }, 'time source recovered (时间源恢复正常)');
    }
  });
}

/**
 * Start the sampler with the server (apps/server main.ts): the first poll at once (awaited, bounded by
 * NTP_TIMEOUT_MS), then every NTP_POLL_MS; `stop()` on close. Nothing runs when no server is configured.
 */
export async function startTimeSourceMonitor(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger' | 'timeSource'>): Promise<{ stop(): void }> {
  const m = deps.timeSource;
  if (!m.configured) {
    deps.logger.info({}, 'time source unmonitored: no NTP_SERVERS configured (时间源未监测)');
    return { stop() {} };
  }
  const run = () =>
    m.poll(deps).catch((e: unknown) => {
      deps.logger.error({ err: e }, 'time source poll failed');
    });
  await run();
  const timer = setInterval(() => void run(), m.config.pollMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
