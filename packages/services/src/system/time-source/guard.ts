/**
 * T3: beyond the configured limit (or with no valid NTP answer lately, when servers are configured) the
 * clock-critical acts are refused until the time source recovers — the opening start (staff and the
 * timer), decryption, and (issue to come) the auction close, which calls this too. The refusal changes
 * nothing: call it before any write.
 */
import { AppError } from '@ebid/domain';
import type { Deps } from '../../deps.ts';

export const CLOCK_UNTRUSTED = 'CLOCK_UNTRUSTED';

export function assertClockTrusted(deps: Pick<Deps, 'timeSource'>): void {
  const s = deps.timeSource.status();
  if (!s.blocking) return;
  const details = { reason: CLOCK_UNTRUSTED, state: s.state, offsetMs: s.offsetMs, maxOffsetMs: s.maxOffsetMs, lastSampleAt: s.lastSampleAt };
  const limit = (s.maxOffsetMs / 1000).toFixed(3);
  if (s.state === 'blocked' && s.offsetMs !== null) {
    const offset = (s.offsetMs / 1000).toFixed(3);
    throw new AppError(
      'INVALID_STATE',
      {
        zh: `服务器时间与标准时间（NTP）偏差 ${offset} 秒，超过允许的 ${limit} 秒，开标、解密等操作暂停，待服务器时间恢复正常后再试`,
        en: `The server clock is ${offset} s off NTP time, beyond the ${limit} s limit: the opening start, decryption and auction close are refused until it recovers`,
      },
      details,
    );
  }
  throw new AppError(
    'INVALID_STATE',
    {
      zh: '近期未取得有效的 NTP 授时结果，无法确认服务器时间，开标、解密等操作暂停，待恢复后再试',
      en: 'The server has had no valid NTP answer lately and cannot confirm its clock: the opening start, decryption and auction close are refused until it recovers',
    },
    details,
  );
}
