/**
 * The only reader of process.env (DESIGN §2). The environment is validated once, at start, into a typed
 * Config that is passed down. A bad or missing value fails start with a ConfigError naming the keys,
 * never their values (secrets must not reach logs).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { z } from 'zod';
import { findForbiddenChar } from '@ebid/domain/safe-text';
import { isAppError, parseWarnOverrides, type WarnOverrides } from '@ebid/domain';

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL')
    .optional(),
  S3_ENDPOINT: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s):// URL')
    .optional(),
  S3_ACCESS_KEY: z.string().min(1).optional(),
  S3_SECRET_KEY: z.string().min(1).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** The largest file accepted by POST /files (tender documents, evidence files). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
  /**
   * A streamed upload (POST /files, bid pieces) whose client sends nothing for this long is cut off
   * (issue 13 §9.5): a connection dribbling a byte a minute would otherwise hold a socket and a storage
   * upload open for days. Time the server itself spends not reading (backpressure) does not count.
   */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(10 * 60_000).default(30_000),
  JOBS_ENABLED: boolish.default(true),
  JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  INSTANCE_ID: z.string().regex(/^[\w.-]{1,64}$/).optional(),
  SEED_DEMO: boolish.optional(),
  WEB_DIST_DIR: z.string().min(1).optional(),
  /** The platform CA and signing keys; created on first start outside production (DESIGN §3). */
  PKI_DIR: z.string().min(1).optional(),
  /** Outgoing e-mail: smtp(s)://user:pass@host:port; without it e-mails are recorded as skipped. */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().min(3).max(200).default('公共资源交易平台 <noreply@localhost>'),
  /**
   * Without SMTP, write outgoing e-mails as .eml files into this directory (development and the demo;
   * refused in production). Defaults to <DATA_DIR>/mail when NODE_ENV=development and SMTP_URL is unset.
   */
  MAIL_DIR: z.string().min(1).optional(),
  /** The address users reach the platform at (links in e-mails), e.g. https://ggzy.example.gov.cn */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\/[^/]+\/?$/.test(u), 'must be an http(s):// origin without a path')
    .optional(),
  /**
   * Platform outages (issue 12 §8): a bid deadline, opening or decryption window that fell inside an
   * outage or within this many minutes after it is extended …
   */
  OUTAGE_MARGIN_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(60),
  /**
   * Checkpoints (issue 20 §1, M1): per-kind warning windows in minutes overriding the declarations of
   * domain supervision/checkpoint-kinds.ts, as JSON, e.g. {"objection.answer": 720}. Unknown kinds refused.
   */
  CHECKPOINT_WARN_MINUTES: z.string().max(4000).optional(),
  /** … to at least this many hours after the outage ended, on a working day. */
  OUTAGE_EXTENSION_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(24),
  /**
   * The reverse proxies / load balancers in front of the server (issue 13 §3): comma-separated IPs or
   * CIDR ranges. X-Forwarded-For is believed only through these hops; empty (the default) = trust nobody,
   * the client address is the socket's peer.
   */
  TRUSTED_PROXIES: z.string().max(4000).optional(),
  /**
   * The draw secret (issue 14 §2): a file holding 64 hex characters (32 random bytes), readable by the
   * server only (mode 0600). The platform's share of every public draw is an HMAC under it, so nobody
   * reading the database can compute the share before the draw. Default <PKI_DIR>/draw-secret; created
   * on first start outside production, required (and refused if group/world readable) in production.
   */
  DRAW_SECRET_FILE: z.string().min(1).optional(),
  /** Extra trusted root CA certificates (PEM files, comma-separated): CA互认. */
  PKI_TRUSTED_ROOTS: z.string().min(1).optional(),
  /**
   * The center's own CA material (issue 15 §2), instead of a CA made here by `ebid pki init`: the
   * platform's issuing CA certificate that a CA the center uses issued to the platform — a PEM file (with
   * PKI_CA_KEY) or a PKCS#12 file holding the key, the certificate and its chain.
   */
  PKI_CA_CERT: z.string().min(1).optional(),
  /** The PEM private key of PKI_CA_CERT (PKCS#8, optionally encrypted with the passphrase). */
  PKI_CA_KEY: z.string().min(1).optional(),
  /** The passphrase of PKI_CA_CERT (.p12) or of an encrypted PKI_CA_KEY; or give it in a file: */
  PKI_CA_PASSPHRASE: z.string().min(1).optional(),
  PKI_CA_PASSPHRASE_FILE: z.string().min(1).optional(),
  /** PEM certificates from PKI_CA_CERT's issuer up to the root (the root must also be trusted). */
  PKI_CA_CHAIN: z.string().min(1).optional(),
  /** Days before a platform certificate expires that the server starts warning (/healthz, staff). */
  PKI_EXPIRY_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * The trading center's identity (issue 15 §3), printed on every page, PDF and notice: the platform's
   * display name, the center's name, its administrative region code (GB/T 2260, six digits), its
   * address and its contact line. Demo values outside production; required in production.
   */
  PLATFORM_NAME: z.string().optional(),
  CENTER_NAME: z.string().optional(),
  CENTER_REGION_CODE: z.string().optional(),
  CENTER_ADDRESS: z.string().optional(),
  CENTER_CONTACT: z.string().optional(),
  /**
   * The center's account that receives bid securities (issue 16 §5), shown on every bidder's security
   * card with its payment reference: the bank (开户行), the account name (户名) and number (账号).
   * Demo values outside production; required in production.
   */
  CENTER_DEPOSIT_BANK: z.string().optional(),
  CENTER_DEPOSIT_ACCOUNT_NAME: z.string().optional(),
  CENTER_DEPOSIT_ACCOUNT_NO: z.string().optional(),
  /**
   * The time source (issue 20 §5, domain §4.3, T3): NTP servers the platform measures its clock against
   * (it never sets its clock from them), comma-separated `host`, `host:port`, `ipv4:port` or `[ipv6]:port`,
   * e.g. `ntp.ntsc.ac.cn`. Unset: the time source is 'unmonitored' (shown as such, never blocking).
   */
  NTP_SERVERS: z.string().max(2000).optional(),
  /** How often each instance measures its offset. */
  NTP_POLL_MS: z.coerce.number().int().min(1000).max(24 * 3600_000).default(64_000),
  /** Beyond this offset the opening start, decryption and auction close are refused (T3 "a configured limit"; > 1 s, the alert threshold). */
  NTP_MAX_OFFSET_MS: z.coerce.number().int().min(1001).max(3_600_000).default(2000),
  /** How long one request waits for its answer. */
  NTP_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(2000),
  /** With no valid answer for this many polls the state is 'unknown', which blocks like 'blocked'. */
  NTP_STALE_POLLS: z.coerce.number().int().min(1).max(100).default(3),
  // Test- and demo-only switches (DESIGN §4); refused in production.
  EBID_FAKE_CLOCK: boolish.default(false),
  EBID_FAKE_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  EBID_ACCELERATION: z.coerce.number().min(1).max(100_000).default(1),
});

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  mode: 'embedded' | 'production';
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  database: { driver: 'pglite'; dir: string } | { driver: 'postgres'; url: string };
  storage:
    | { driver: 'fs'; root: string }
    | { driver: 's3'; endPoint: string; accessKey: string; secretKey: string; bucket: string; region: string };
  logLevel: Env['LOG_LEVEL'];
  bodyLimitBytes: number;
  uploadMaxBytes: number;
  /** Idle limit of a streamed upload body, in ms (UPLOAD_IDLE_TIMEOUT_MS). */
  uploadIdleTimeoutMs: number;
  jobs: { enabled: boolean; pollMs: number };
  instanceId: string;
  seedDemo: boolean;
  webDistDir: string | undefined;
  pki: {
    dir: string;
    /** Outside production only: a development CA is created in `dir` when missing. */
    createIfMissing: boolean;
    trustedRootFiles: string[];
    /** The center's CA material by configuration (PKI_CA_*); null: the CA in `dir` (`ebid pki init`). */
    ca: PkiCaFiles | null;
    expiryWarningDays: number;
  };
  /** The center and platform names and details (CENTER_*, PLATFORM_NAME). */
  center: CenterIdentity;
  /** The center's account receiving securities (CENTER_DEPOSIT_*). */
  depositAccount: DepositAccount;
  /** The draw secret's file (DRAW_SECRET_FILE); created with mode 0600 when missing outside production. */
  draws: { secretFile: string; createIfMissing: boolean };
  smtp: { url: string; from: string } | null;
  /** Outgoing e-mails as .eml files here, when there is no SMTP (development and the demo only). */
  mailDir: string | null;
  /** The platform's public origin for links in e-mails (null: links are given as paths). */
  publicUrl: string | null;
  outage: { marginMinutes: number; extensionHours: number };
  /** Checkpoint warning windows configured per kind (CHECKPOINT_WARN_MINUTES); the rest use their declared default. */
  checkpoints: { warnMinutes: WarnOverrides };
  /** IPs / CIDR ranges of the proxy hops whose X-Forwarded-For is believed; empty = none. */
  trustedProxies: string[];
  /** The NTP servers measured against (NTP_*; issue 20 §5, T3); no servers = unmonitored. */
  timeSource: TimeSourceConfig;
  testing: { fakeClock: boolean; fakeClockStart: string | undefined; acceleration: number };
}

export interface NtpServer {
  /** Host name or IP address as configured. */
  host: string;
  port: number;
}

export interface TimeSourceConfig {
  servers: NtpServer[];
  pollMs: number;
  maxOffsetMs: number;
  timeoutMs: number;
  stalePolls: number;
}

/** `NTP_SERVERS` as a list; null when an entry is not `host`, `host:port` or `[ipv6]:port`. */
export function parseNtpServers(v: string | undefined): NtpServer[] | null {
  const out: NtpServer[] = [];
  for (const raw of (v ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^\[([0-9A-Fa-f:.]+)\](?::(\d{1,5}))?$/.exec(raw) ?? /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(raw);
    if (!m) {
      // A bare IPv6 address without a port.
      if (isIP(raw) === 6) {
        out.push({ host: raw, port: 123 });
        continue;
      }
      return null;
    }
    const host = m[1]!;
    const port = m[2] === undefined ? 123 : Number(m[2]);
    if (port < 1 || port > 65535) return null;
    if (raw.startsWith('[') && isIP(host) !== 6) return null;
    if (!raw.startsWith('[') && isIP(host) === 0 && !/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(host)) return null;
    out.push({ host, port });
  }
  return out;
}

export interface PkiCaFiles {
  /** PEM certificate, or a .p12/.pfx holding key, certificate and chain. */
  certFile: string;
  /** PEM private key (absent with a .p12). */
  keyFile: string | null;
  /** Where the passphrase comes from (its value is read when the PKI is loaded, never logged). */
  passphrase: { from: 'env'; value: string } | { from: 'file'; file: string } | null;
  chainFile: string | null;
}

export interface CenterIdentity {
  /** The platform's display name (page titles, the seal's organization). */
  platformName: string;
  /** The public resource trading center that runs the platform. */
  centerName: string;
  /** GB/T 2260 administrative division code, six digits. */
  regionCode: string;
  address: string;
  /** Telephone or other contact line shown to the public. */
  contact: string;
}

/** The demo center (development and tests); production must configure its own. */
export const DEMO_CENTER: CenterIdentity = {
  platformName: '示范市公共资源交易平台',
  centerName: '示范市公共资源交易中心',
  regionCode: '330100',
  address: '示范市人民大道 1 号市民服务中心 3 楼',
  contact: '0571-12345678',
};

/** The account bidders pay cash securities into (issue 16 §5). */
export interface DepositAccount {
  /** 开户行 */
  bank: string;
  /** 户名 */
  accountName: string;
  /** 账号: digits, optionally grouped by spaces or dashes. */
  accountNo: string;
}

/** The demo center's securities account (development and tests); production must configure its own. */
export const DEMO_DEPOSIT_ACCOUNT: DepositAccount = {
  bank: '示范银行示范市分行营业部',
  accountName: '示范市公共资源交易中心',
  accountNo: '3301 0000 0000 0000 001',
};

/** The environment key of each securities-account field. */
export const DEPOSIT_ACCOUNT_KEYS: Record<keyof DepositAccount, string> = {
  bank: 'CENTER_DEPOSIT_BANK',
  accountName: 'CENTER_DEPOSIT_ACCOUNT_NAME',
  accountNo: 'CENTER_DEPOSIT_ACCOUNT_NO',
};

/** The problem with one securities-account value, or null (the identity's character rule, then the shape). */
export function depositAccountFieldProblem(key: keyof DepositAccount, value: string): string | null {
  if (value !== value.trim()) return 'no leading or trailing spaces';
  if (findForbiddenChar(value, { invisible: true })) return 'control or invisible characters are not allowed';
  if (key === 'accountNo') return /^\d(?:[\d -]{4,38})\d$/.test(value) ? null : 'digits, optionally grouped by spaces or dashes (6 to 40 characters)';
  const len = [...value].length;
  return len >= 4 && len <= 60 ? null : '4 to 60 characters';
}

/** GB/T 2260 province-level prefixes (the first two digits of a region code). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** The problem with one identity value, or null. */
export function centerFieldProblem(key: keyof CenterIdentity, value: string): string | null {
  if (value !== value.trim()) return 'no leading or trailing spaces';
  // The platform's one character rule (@ebid/domain safe-text), with invisible characters refused too.
  if (findForbiddenChar(value, { invisible: true })) return 'control or invisible characters are not allowed';
  const len = [...value].length;
  switch (key) {
    case 'regionCode':
      if (!/^\d{6}$/.test(value)) return 'six digits (GB/T 2260)';
      if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return 'not a GB/T 2260 province prefix';
      return null;
    case 'platformName':
    case 'centerName':
      return len >= 4 && len <= 60 ? null : '4 to 60 characters';
    case 'address':
      return len >= 4 && len <= 120 ? null : '4 to 120 characters';
    case 'contact':
      return len >= 3 && len <= 60 ? null : '3 to 60 characters';
  }
}

/** The environment key of each identity field (for errors that name the key, never the value). */
export const CENTER_KEYS: Record<keyof CenterIdentity, string> = {
  platformName: 'PLATFORM_NAME',
  centerName: 'CENTER_NAME',
  regionCode: 'CENTER_REGION_CODE',
  address: 'CENTER_ADDRESS',
  contact: 'CENTER_CONTACT',
};

export class ConfigError extends Error {
  /** The AppError code of a bad configuration (DESIGN §8), so callers can treat it like any typed error. */
  readonly code = 'CONFIG_INVALID' as const;
  readonly keys: string[];
  constructor(problems: { key: string; problem: string }[]) {
    super(
      'Invalid configuration / 配置无效: ' + problems.map((p) => `${p.key} (${p.problem})`).join('; '),
    );
    this.name = 'ConfigError';
    this.keys = problems.map((p) => p.key);
  }
}

/** An IPv4/IPv6 address or a CIDR range (`10.0.0.0/8`, `fd00::/8`); false for anything else. */
export function isIpOrCidr(v: string): boolean {
  const [addr, prefix, ...rest] = v.split('/');
  if (rest.length > 0 || addr === undefined) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `TRUSTED_PROXIES` as a list; null when an entry is not an IP or CIDR range. */
function parseTrustedProxies(v: string | undefined): string[] | null {
  const list = (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  return list.every(isIpOrCidr) ? list : null;
}

const S3_KEYS = ['S3_ENDPOINT', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'S3_BUCKET'] as const;

/** Validate an environment (process.env by default) into a Config; throws ConfigError naming keys only. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  opts: { cwd?: string } = {},
): Config {
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(ZEnv.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') cleaned[key] = v;
  }
  const parsed = ZEnv.safeParse(cleaned);
  const problems: { key: string; problem: string }[] = [];
  if (!parsed.success) {
    // Zod issue messages never contain the offending value, only what was expected.
    for (const i of parsed.error.issues) {
      problems.push({
        key: String(i.path[0] ?? '?'),
        problem: i.code === 'invalid_value' || i.code === 'invalid_format' ? 'invalid value' : 'invalid: ' + i.message,
      });
    }
  }
  // Cross-key rules, checked on the raw values too so that one start reports every problem at once.
  const has = (k: string) => cleaned[k] !== undefined;
  const flagOn = (k: string) => has(k) && boolish.safeParse(cleaned[k]).data === true;
  const production = cleaned.NODE_ENV === 'production';
  const add = (key: string, problem: string) => {
    if (!problems.some((p) => p.key === key)) problems.push({ key, problem });
  };
  if (production) {
    if (!has('DATABASE_URL')) add('DATABASE_URL', 'required in production');
    if (!has('PKI_DIR')) add('PKI_DIR', 'required in production');
    // T3 (issue 20 §5): a production clock is measured, never trusted blind (e.g. ntp.ntsc.ac.cn, 国家授时中心).
    if (!has('NTP_SERVERS')) add('NTP_SERVERS', 'required in production (T3: the NTP servers the clock is measured against)');
    for (const k of S3_KEYS) if (!has(k)) add(k, 'required in production');
    if (flagOn('EBID_FAKE_CLOCK')) add('EBID_FAKE_CLOCK', 'test-only switch refused in production');
    if (has('EBID_FAKE_CLOCK_START')) add('EBID_FAKE_CLOCK_START', 'test-only switch refused in production');
    if (has('EBID_ACCELERATION') && Number(cleaned.EBID_ACCELERATION) !== 1)
      add('EBID_ACCELERATION', 'sandbox acceleration refused in production');
    if (flagOn('SEED_DEMO')) add('SEED_DEMO', 'demo data refused in production');
    if (has('MAIL_DIR')) add('MAIL_DIR', 'e-mails to files are refused in production (set SMTP_URL)');
  } else {
    const s3Given = S3_KEYS.filter(has);
    if (s3Given.length > 0 && s3Given.length < S3_KEYS.length)
      for (const k of S3_KEYS) if (!has(k)) add(k, 'set all S3_* keys or none');
  }
  const center = { ...DEMO_CENTER };
  for (const [field, key] of Object.entries(CENTER_KEYS) as [keyof CenterIdentity, string][]) {
    if (!has(key)) {
      if (production) add(key, 'required in production');
      continue;
    }
    const problem = centerFieldProblem(field, cleaned[key]!);
    if (problem) add(key, problem);
    else center[field] = cleaned[key]!;
  }
  const depositAccount = { ...DEMO_DEPOSIT_ACCOUNT };
  for (const [field, key] of Object.entries(DEPOSIT_ACCOUNT_KEYS) as [keyof DepositAccount, string][]) {
    if (!has(key)) {
      if (production) add(key, 'required in production');
      continue;
    }
    const problem = depositAccountFieldProblem(field, cleaned[key]!);
    if (problem) add(key, problem);
    else depositAccount[field] = cleaned[key]!;
  }
  if (has('PKI_CA_CERT')) {
    const p12 = /\.(p12|pfx)$/i.test(cleaned.PKI_CA_CERT!);
    if (!p12 && !has('PKI_CA_KEY')) add('PKI_CA_KEY', 'required with a PEM PKI_CA_CERT');
    if (p12 && has('PKI_CA_KEY')) add('PKI_CA_KEY', 'not used with a .p12 PKI_CA_CERT (the key is inside)');
    if (p12 && !has('PKI_CA_PASSPHRASE') && !has('PKI_CA_PASSPHRASE_FILE')) add('PKI_CA_PASSPHRASE', 'required with a .p12 PKI_CA_CERT (or PKI_CA_PASSPHRASE_FILE)');
  } else {
    for (const k of ['PKI_CA_KEY', 'PKI_CA_PASSPHRASE', 'PKI_CA_PASSPHRASE_FILE', 'PKI_CA_CHAIN']) if (has(k)) add(k, 'needs PKI_CA_CERT');
  }
  if (has('PKI_CA_PASSPHRASE') && has('PKI_CA_PASSPHRASE_FILE')) add('PKI_CA_PASSPHRASE_FILE', 'give the passphrase once: PKI_CA_PASSPHRASE or PKI_CA_PASSPHRASE_FILE');
  if (has('TRUSTED_PROXIES') && parseTrustedProxies(cleaned.TRUSTED_PROXIES) === null)
    add('TRUSTED_PROXIES', 'each entry must be an IP address or a CIDR range');
  if (has('NTP_SERVERS') && parseNtpServers(cleaned.NTP_SERVERS) === null)
    add('NTP_SERVERS', 'each entry must be host, host:port or [ipv6]:port');
  if (has('EBID_FAKE_CLOCK_START') && !flagOn('EBID_FAKE_CLOCK') && !production)
    add('EBID_FAKE_CLOCK_START', 'needs EBID_FAKE_CLOCK=1');
  let warnMinutes: WarnOverrides = {};
  try {
    warnMinutes = parseWarnOverrides(cleaned.CHECKPOINT_WARN_MINUTES);
  } catch (err) {
    add('CHECKPOINT_WARN_MINUTES', `invalid: ${isAppError(err) ? String(err.details?.reason ?? err.code) : 'unreadable'} (JSON of checkpoint kind → whole minutes 0–86400)`);
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const cwd = opts.cwd ?? process.cwd();
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const pkiDir = e.PKI_DIR ? path.resolve(cwd, e.PKI_DIR) : path.join(dataDir, 'pki');
  return {
    mode: production ? 'production' : 'embedded',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    database: e.DATABASE_URL
      ? { driver: 'postgres', url: e.DATABASE_URL }
      : { driver: 'pglite', dir: path.join(dataDir, 'pg') },
    storage:
      e.S3_ENDPOINT && e.S3_ACCESS_KEY && e.S3_SECRET_KEY && e.S3_BUCKET
        ? {
            driver: 's3',
            endPoint: e.S3_ENDPOINT,
            accessKey: e.S3_ACCESS_KEY,
            secretKey: e.S3_SECRET_KEY,
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
          }
        : { driver: 'fs', root: path.join(dataDir, 'objects') },
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadIdleTimeoutMs: e.UPLOAD_IDLE_TIMEOUT_MS,
    jobs: { enabled: e.JOBS_ENABLED, pollMs: e.JOBS_POLL_MS },
    instanceId: e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`,
    seedDemo: e.SEED_DEMO ?? !production,
    webDistDir: e.WEB_DIST_DIR ? path.resolve(cwd, e.WEB_DIST_DIR) : undefined,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
    mailDir: e.SMTP_URL
      ? null
      : e.MAIL_DIR
        ? path.resolve(cwd, e.MAIL_DIR)
        : e.NODE_ENV === 'development'
          ? path.join(dataDir, 'mail')
          : null,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/$/, '') : null,
    outage: { marginMinutes: e.OUTAGE_MARGIN_MINUTES, extensionHours: e.OUTAGE_EXTENSION_HOURS },
    checkpoints: { warnMinutes },
    trustedProxies: parseTrustedProxies(e.TRUSTED_PROXIES) ?? [],
    timeSource: {
      servers: parseNtpServers(e.NTP_SERVERS) ?? [],
      pollMs: e.NTP_POLL_MS,
      maxOffsetMs: e.NTP_MAX_OFFSET_MS,
      timeoutMs: e.NTP_TIMEOUT_MS,
      stalePolls: e.NTP_STALE_POLLS,
    },
    center,
    depositAccount,
    pki: {
      dir: pkiDir,
      createIfMissing: !production,
      expiryWarningDays: e.PKI_EXPIRY_WARNING_DAYS,
      ca: e.PKI_CA_CERT
        ? {
            certFile: path.resolve(cwd, e.PKI_CA_CERT),
            keyFile: e.PKI_CA_KEY ? path.resolve(cwd, e.PKI_CA_KEY) : null,
            passphrase: e.PKI_CA_PASSPHRASE
              ? { from: 'env', value: e.PKI_CA_PASSPHRASE }
              : e.PKI_CA_PASSPHRASE_FILE
                ? { from: 'file', file: path.resolve(cwd, e.PKI_CA_PASSPHRASE_FILE) }
                : null,
            chainFile: e.PKI_CA_CHAIN ? path.resolve(cwd, e.PKI_CA_CHAIN) : null,
          }
        : null,
      trustedRootFiles: (e.PKI_TRUSTED_ROOTS ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
        .map((f) => path.resolve(cwd, f)),
    },
    draws: {
      secretFile: e.DRAW_SECRET_FILE ? path.resolve(cwd, e.DRAW_SECRET_FILE) : path.join(pkiDir, 'draw-secret'),
      createIfMissing: !production,
    },
    testing: {
      fakeClock: e.EBID_FAKE_CLOCK,
      fakeClockStart: e.EBID_FAKE_CLOCK_START,
      acceleration: e.EBID_ACCELERATION,
    },
  };
}

/** Keys whose values are secret: never logged, never echoed. */
export const SECRET_KEYS = ['DATABASE_URL', 'S3_SECRET_KEY', 'S3_ACCESS_KEY', 'SMTP_URL', 'PKI_CA_PASSPHRASE'] as const;
