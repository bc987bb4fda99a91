/**
 * `ebid admin create` (issue 15 §1): the platform's first administrator and the trading center's own
 * organization, run by the operator with the server's environment (DATABASE_URL, or DATA_DIR for the
 * embedded mode — stop an embedded server first, PGlite allows one process). Applies pending migrations
 * as the server does, then prints a single-use activation link; no password is ever set or printed.
 * Refused (exit 1, nothing changed) when a platform administrator exists. `ebid admin activation-link`
 * replaces the link of an administrator who has not activated yet (lost or expired).
 *
 * Exit codes: 0 done, 1 refused, 64 usage (the flag is named), 78 configuration (the keys are named).
 */
import os from 'node:os';
import { ConfigError, loadConfig, type Config } from '@ebid/config';
import { openDatabase, type Database } from '@ebid/db';
import { AppError, formatBeijingDateTime } from '@ebid/domain';
import {
  ACTIVATION_DEFAULT_HOURS,
  ACTIVATION_MAX_HOURS,
  ACTIVATION_MIN_HOURS,
  checkFirstAdminInput,
  createFirstAdmin,
  reissueAdminActivation,
  systemClock,
} from '@ebid/services';
import { EXIT, UsageError, guard, parse, required, type Out } from './args.ts';

/** EX_CONFIG (sysexits): the server's configuration is invalid. */
const EXIT_CONFIG = 78;

export const ADMIN_USAGE = `Usage:
  ebid admin create --username <name> --display-name <name> --credit-code <18 chars> [--email <addr>] [--valid-hours ${ACTIVATION_DEFAULT_HOURS}]
      the first platform administrator and the trading center's organization; prints a single-use
      activation link (valid ${ACTIVATION_MIN_HOURS}–${ACTIVATION_MAX_HOURS} hours, default ${ACTIVATION_DEFAULT_HOURS}); refused when an administrator exists
  ebid admin activation-link --username <name> [--valid-hours ${ACTIVATION_DEFAULT_HOURS}]
      a new link for an administrator who has not activated yet (earlier links stop working)
  Run with the server's environment (DATABASE_URL, or DATA_DIR with the embedded server stopped).
  Exit 0 done, 1 refused, 64 usage error, 78 configuration error.
`;

/** The service's field names as the flags that carry them. */
const FLAG_OF: Record<string, string> = {
  username: '--username',
  displayName: '--display-name',
  email: '--email',
  creditCode: '--credit-code',
  validHours: '--valid-hours',
};

/** A VALIDATION error on an input field is a usage error naming the flag. */
function asUsage(e: unknown): never {
  if (e instanceof AppError && e.code === 'VALIDATION' && typeof e.details?.field === 'string' && FLAG_OF[e.details.field]) {
    throw new UsageError(`${FLAG_OF[e.details.field]}: ${e.messageZh} / ${e.messageEn}`);
  }
  throw e;
}

function validHoursOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,4}$/.test(v)) throw new UsageError(`--valid-hours: a whole number of hours, ${ACTIVATION_MIN_HOURS} to ${ACTIVATION_MAX_HOURS}`);
  return Number(v);
}

/** Who ran the command, for the audit trail (`user@host`). */
function operator(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}@${os.hostname()}`;
  }
}

async function withDatabase<T>(config: Config, body: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    config.database.driver === 'postgres' ? { driver: 'postgres', url: config.database.url, max: 2 } : { driver: 'pglite', dir: config.database.dir },
  );
  try {
    await database.migrate(); // as the server does at start (under its advisory lock)
    return await body(database);
  } finally {
    await database.close();
  }
}

function linkLines(config: Config, activationPath: string, expiresAt: string): string[] {
  const lines = ['  激活链接 / activation link (仅可使用一次 / single use):'];
  if (config.publicUrl) {
    lines.push(`    ${config.publicUrl}${activationPath}`);
  } else {
    lines.push(`    ${activationPath}`);
    lines.push("  PUBLIC_URL 未配置：请在链接前加上服务器地址（如 https://ggzy.example.gov.cn）/ PUBLIC_URL is not set: prefix the server's address");
  }
  const at = new Date(expiresAt);
  lines.push(`  有效期至 / valid until: ${formatBeijingDateTime(at)}（北京时间）/ ${at.toISOString()}`);
  return lines;
}

async function create(args: string[], out: Out, env: Record<string, string | undefined>): Promise<number> {
  const v = parse(args, {
    username: { type: 'string' },
    'display-name': { type: 'string' },
    'credit-code': { type: 'string' },
    email: { type: 'string' },
    'valid-hours': { type: 'string' },
  });
  const input = {
    username: required(v, 'username'),
    displayName: required(v, 'display-name'),
    creditCode: required(v, 'credit-code'),
    email: v.email ?? null,
    validHours: validHoursOf(v['valid-hours']),
    operator: operator(),
  };
  try {
    checkFirstAdminInput(input);
  } catch (e) {
    asUsage(e);
  }
  const config = loadConfig(env);
  const r = await withDatabase(config, (database) => createFirstAdmin({ db: database.db, clock: systemClock, config }, input).catch(asUsage));
  out(
    [
      '平台管理员已创建 / The first platform administrator was created',
      `  用户名 / username: ${r.username}（${r.displayName}）`,
      `  交易中心 / center: ${r.orgName}（统一社会信用代码 / credit code ${r.creditCode}；${r.orgReused ? '沿用已有机构 / existing organization reused' : '新建 / created'}）`,
      ...linkLines(config, r.activationPath, r.expiresAt),
      '  未设置任何密码：管理员打开链接自行设置密码，之后在平台中创建交易中心工作人员和监管部门账号。',
      '  No password was set: the administrator opens the link to choose one, then creates the staff and supervisor accounts in the web.',
      '',
    ].join('\n'),
  );
  return EXIT.OK;
}

async function activationLink(args: string[], out: Out, env: Record<string, string | undefined>): Promise<number> {
  const v = parse(args, { username: { type: 'string' }, 'valid-hours': { type: 'string' } });
  const username = required(v, 'username');
  const validHours = validHoursOf(v['valid-hours']);
  if (validHours !== undefined && (validHours < ACTIVATION_MIN_HOURS || validHours > ACTIVATION_MAX_HOURS)) {
    throw new UsageError(`--valid-hours: a whole number of hours, ${ACTIVATION_MIN_HOURS} to ${ACTIVATION_MAX_HOURS}`);
  }
  const config = loadConfig(env);
  const r = await withDatabase(config, (database) =>
    reissueAdminActivation({ db: database.db, clock: systemClock }, { username, ...(validHours === undefined ? {} : { validHours }), operator: operator() }),
  );
  out(
    [
      `新的激活链接 / A new activation link for ${r.username}（此前的链接已失效 / earlier links no longer work）`,
      ...linkLines(config, r.activationPath, r.expiresAt),
      '  No password was set: the administrator opens the link to choose one.',
      '',
    ].join('\n'),
  );
  return EXIT.OK;
}

export async function adminCommand(argv: string[], out: Out, env: Record<string, string | undefined>): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    return await guard(out, ADMIN_USAGE, () => {
      if (sub === 'create') return create(rest, out, env);
      if (sub === 'activation-link') return activationLink(rest, out, env);
      throw new UsageError(sub ? `unknown admin command: ${sub}` : 'which admin command? create or activation-link');
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      out(`${e.message}\n`); // the keys and what is wrong, never a value
      return EXIT_CONFIG;
    }
    throw e;
  }
}
