/**
 * The time source (domain §4.3, rule T3): the platform measures its clock against NTP servers and NEVER sets
 * it from them. This module is the pure part — the SNTP client request (RFC 4330 / RFC 5905 client mode),
 * the strict judgement of a reply, the offset and round-trip arithmetic, and the monitor's state and alert
 * transitions. The socket lives in services/system/time-source/client.ts.
 *
 * A reply is believed only when every check passes: it came from the address and port asked; it is at
 * least 48 bytes (plus whole 32-bit words of extension fields / MAC); it echoes in its originate field the
 * random nonce we sent as our transmit timestamp (anti-spoof: an off-path sender cannot guess 64 random
 * bits, and the request does not reveal our clock); mode 4 (server), version 3 or 4; leap ≠ 3 (alarm:
 * the server is not synchronized); stratum 1–15 (0 is a kiss-o'-death, 16+ unsynchronized); receive and
 * transmit timestamps non-zero and transmit ≥ receive; a root distance (root delay / 2 + root dispersion)
 * within 1 s — a server that does not itself know the time to the 1 s alert threshold cannot judge ours; a
 * round trip within 1 s (the offset's error is at most half of it); and an offset within a year — a larger
 * one is an absurd answer (a broken or hostile server), rejected as such, never reported as our offset.
 */

/** An NTP packet without extension fields (RFC 5905 §7.3). */
export const NTP_PACKET_BYTES = 48;
/** The most we accept: the header with extension fields and a MAC. */
export const NTP_MAX_PACKET_BYTES = 1024;
/** Seconds from the NTP prime epoch (1900-01-01) to the Unix epoch (1970-01-01). */
export const NTP_UNIX_EPOCH_DELTA_S = 2_208_988_800;
/** T3: an offset above this (strictly) raises an operations alert. */
export const NTP_WARN_OFFSET_MS = 1000;
/** Beyond this an answer is absurd, not an offset: rejected (a year and a day). */
export const NTP_ABSURD_OFFSET_MS = 366 * 86_400_000;
/** A round trip longer than this makes the offset too uncertain to judge a 1 s threshold with. */
export const NTP_MAX_ROUND_TRIP_MS = 1000;
/** The server's own distance from its reference clock (root delay / 2 + root dispersion), at most. */
export const NTP_MAX_ROOT_DISTANCE_MS = 1000;
/** Tolerance for a slightly negative round trip: our clock reads whole milliseconds. */
const ROUND_TRIP_TOLERANCE_MS = 1;

export const NTP_REJECTIONS = [
  'WRONG_SOURCE',
  'MALFORMED_LENGTH',
  'ORIGINATE_MISMATCH',
  'WRONG_MODE',
  'BAD_VERSION',
  'LEAP_ALARM',
  'KISS_OF_DEATH',
  'UNSYNCHRONIZED',
  'ZERO_TIMESTAMP',
  'SERVER_TIMES_INVERTED',
  'ROOT_DISTANCE',
  'ROUND_TRIP',
  'ABSURD_OFFSET',
  // Set by the client, not by judgeNtpReply:
  'TIMEOUT',
  'NETWORK',
] as const;
export type NtpRejection = (typeof NTP_REJECTIONS)[number];

/** A valid measurement against one server. */
export interface NtpSample {
  /** Server time minus our time: positive when our clock is behind (RFC 5905 θ). */
  offsetMs: number;
  /** δ = (t4 − t1) − (t3 − t2), never below 0. */
  roundTripMs: number;
  stratum: number;
  /** The server's reference id: 4 ASCII letters at stratum 1 (e.g. `NTSC`, `GPS`), an IPv4 address above. */
  refId: string;
  rootDistanceMs: number;
}

export type NtpJudgement = { ok: true; sample: NtpSample } | { ok: false; reason: NtpRejection; detail?: string };

export interface NtpEndpoint {
  address: string;
  port: number;
}

/** The client request (48 bytes): LI 0, version 4, mode 3 (client); transmit timestamp = our 8-byte nonce. */
export function ntpClientRequest(nonce: Uint8Array): Uint8Array {
  if (nonce.length !== 8) throw new RangeError('the nonce is 8 bytes');
  const p = new Uint8Array(NTP_PACKET_BYTES);
  p[0] = (0 << 6) | (4 << 3) | 3;
  p.set(nonce, 40);
  return p;
}

/**
 * An NTP timestamp (64-bit: seconds since 1900 and a 32-bit fraction) in Unix milliseconds. Era by RFC 4330
 * §3: with the top bit of the seconds clear the time is in era 1 (from 2036-02-07T06:28:16Z).
 */
export function ntpTimestampToMs(seconds: number, fraction: number): number {
  const era = seconds >= 0x8000_0000 ? 0 : 1;
  return (seconds + era * 0x1_0000_0000 - NTP_UNIX_EPOCH_DELTA_S) * 1000 + (fraction / 0x1_0000_0000) * 1000;
}

/** The inverse (for the test responder): Unix milliseconds as the 8 bytes of an NTP timestamp. */
export function msToNtpTimestamp(ms: number): Uint8Array {
  const total = ms / 1000 + NTP_UNIX_EPOCH_DELTA_S;
  let seconds = Math.floor(total);
  let fraction = Math.round((total - seconds) * 0x1_0000_0000);
  if (fraction >= 0x1_0000_0000) {
    seconds += 1;
    fraction = 0;
  }
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint32(0, seconds % 0x1_0000_0000);
  v.setUint32(4, fraction);
  return out;
}

/** The offset θ = ((t2 − t1) + (t3 − t4)) / 2 and the round trip δ = (t4 − t1) − (t3 − t2) (RFC 5905 §8). */
export function ntpOffsetAndDelay(t1: number, t2: number, t3: number, t4: number): { offsetMs: number; roundTripMs: number } {
  return { offsetMs: (t2 - t1 + (t3 - t4)) / 2, roundTripMs: t4 - t1 - (t3 - t2) };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isZero(a: Uint8Array): boolean {
  return a.every((x) => x === 0);
}

/** An ASCII kiss code or reference id (printable letters), else the four bytes as an IPv4 address. */
function refIdOf(b: Uint8Array): string {
  if (b.every((x) => x === 0 || (x >= 0x20 && x < 0x7f))) {
    const s = String.fromCharCode(...b.filter((x) => x !== 0)).trim();
    if (s) return s;
  }
  return [...b].join('.');
}

/**
 * Judge one datagram (see the module comment for every check, in the order they are made). `t1Ms` is our
 * clock when the request left, `t4Ms` when the reply arrived — the platform clock (deps.clock), so with
 * the fake clock the offset is the fake clock's.
 */
export function judgeNtpReply(input: { reply: Uint8Array; from: NtpEndpoint; asked: NtpEndpoint; nonce: Uint8Array; t1Ms: number; t4Ms: number }): NtpJudgement {
  const { reply, from, asked } = input;
  if (from.address !== asked.address || from.port !== asked.port) {
    return { ok: false, reason: 'WRONG_SOURCE', detail: `${from.address}:${from.port}` };
  }
  if (reply.length < NTP_PACKET_BYTES || reply.length > NTP_MAX_PACKET_BYTES || (reply.length - NTP_PACKET_BYTES) % 4 !== 0) {
    return { ok: false, reason: 'MALFORMED_LENGTH', detail: String(reply.length) };
  }
  const v = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
  const originate = reply.subarray(24, 32);
  if (!bytesEqual(originate, input.nonce)) return { ok: false, reason: 'ORIGINATE_MISMATCH' };
  const b0 = reply[0]!;
  const leap = b0 >> 6;
  const version = (b0 >> 3) & 0x07;
  const mode = b0 & 0x07;
  if (mode !== 4) return { ok: false, reason: 'WRONG_MODE', detail: String(mode) };
  if (version !== 3 && version !== 4) return { ok: false, reason: 'BAD_VERSION', detail: String(version) };
  const stratum = reply[1]!;
  const refIdBytes = reply.subarray(12, 16);
  if (stratum === 0) return { ok: false, reason: 'KISS_OF_DEATH', detail: refIdOf(refIdBytes) };
  if (leap === 3) return { ok: false, reason: 'LEAP_ALARM' };
  if (stratum > 15) return { ok: false, reason: 'UNSYNCHRONIZED', detail: String(stratum) };
  const receive = reply.subarray(32, 40);
  const transmit = reply.subarray(40, 48);
  if (isZero(transmit) || isZero(receive)) return { ok: false, reason: 'ZERO_TIMESTAMP', detail: isZero(transmit) ? 'transmit' : 'receive' };
  const t2 = ntpTimestampToMs(v.getUint32(32), v.getUint32(36));
  const t3 = ntpTimestampToMs(v.getUint32(40), v.getUint32(44));
  if (t3 < t2) return { ok: false, reason: 'SERVER_TIMES_INVERTED' };
  // Root delay is signed 16.16 seconds, root dispersion unsigned 16.16 seconds.
  const rootDelayMs = (v.getInt32(4) / 65536) * 1000;
  const rootDispersionMs = (v.getUint32(8) / 65536) * 1000;
  const rootDistanceMs = Math.max(0, rootDelayMs) / 2 + rootDispersionMs;
  if (rootDelayMs < 0 || rootDistanceMs > NTP_MAX_ROOT_DISTANCE_MS) return { ok: false, reason: 'ROOT_DISTANCE', detail: `${Math.round(rootDistanceMs)} ms` };
  const { offsetMs, roundTripMs } = ntpOffsetAndDelay(input.t1Ms, t2, t3, input.t4Ms);
  // Absurd first: a server a decade off also breaks the round-trip arithmetic's sense.
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) > NTP_ABSURD_OFFSET_MS) return { ok: false, reason: 'ABSURD_OFFSET', detail: `${Math.round(offsetMs)} ms` };
  if (roundTripMs < -ROUND_TRIP_TOLERANCE_MS || roundTripMs > NTP_MAX_ROUND_TRIP_MS) return { ok: false, reason: 'ROUND_TRIP', detail: `${Math.round(roundTripMs)} ms` };
  return { ok: true, sample: { offsetMs, roundTripMs: Math.max(0, roundTripMs), stratum, refId: refIdOf(refIdBytes), rootDistanceMs } };
}

/** The offset of several servers' samples: the median (one falseticker among three does not move it). */
export function combinedOffsetMs(offsets: readonly number[]): number | null {
  if (offsets.length === 0) return null;
  const s = [...offsets].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The time source's state (T3):
 * - `unmonitored`: no NTP server configured (embedded / development default) — shown as such, never blocks;
 * - `ok`: |offset| ≤ 1 s;
 * - `warn`: 1 s < |offset| ≤ the configured limit — an operations alert, nothing blocked;
 * - `blocked`: |offset| > the limit — opening start, decryption and auction close are refused;
 * - `unknown`: servers configured but no valid answer within the staleness window (N polls), or none yet
 *   since start — blocks too: with a configured source an unverified clock is an untrusted one.
 */
export const TIME_SOURCE_STATES = ['unmonitored', 'ok', 'warn', 'blocked', 'unknown'] as const;
export type TimeSourceState = (typeof TIME_SOURCE_STATES)[number];

export interface TimeSourcePolicy {
  /** Whether any NTP server is configured. */
  configured: boolean;
  /** The blocking limit (NTP_MAX_OFFSET_MS), > NTP_WARN_OFFSET_MS. */
  maxOffsetMs: number;
  /** A sample older than this no longer counts (poll interval × NTP_STALE_POLLS). */
  staleAfterMs: number;
}

export function timeSourceState(policy: TimeSourcePolicy, latest: { offsetMs: number; ageMs: number } | null): TimeSourceState {
  if (!policy.configured) return 'unmonitored';
  if (!latest || latest.ageMs > policy.staleAfterMs) return 'unknown';
  const abs = Math.abs(latest.offsetMs);
  if (abs > policy.maxOffsetMs) return 'blocked';
  if (abs > NTP_WARN_OFFSET_MS) return 'warn';
  return 'ok';
}

/** Whether the state refuses the clock-critical acts (opening start, decryption, auction close). */
export function timeSourceBlocks(state: TimeSourceState): boolean {
  return state === 'blocked' || state === 'unknown';
}

/** The level an excursion has reached (for the once-per-excursion operations alert). */
export type TimeSourceAlertLevel = 'warn' | 'blocked' | 'unknown';
const RANK: Record<TimeSourceAlertLevel, number> = { warn: 1, blocked: 2, unknown: 2 };

/**
 * What the monitor does after a sample, given the level already alerted in this excursion (null: none):
 * raise an alert when an excursion starts or escalates (warn → blocked / unknown), note the recovery
 * when the state is ok again, and nothing otherwise — one alert per excursion and level, never one per poll.
 */
export function timeSourceTransition(alerted: TimeSourceAlertLevel | null, state: TimeSourceState): { raise: TimeSourceAlertLevel } | { recover: TimeSourceAlertLevel } | null {
  if (state === 'unmonitored') return null;
  if (state === 'ok') return alerted ? { recover: alerted } : null;
  if (alerted === null || RANK[state] > RANK[alerted]) return { raise: state };
  return null;
}
