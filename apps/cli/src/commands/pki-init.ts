/**
 * `ebid pki init` (issue 15 §2): the platform's CA for production, from the server's environment (the
 * same settings the server reads: PKI_DIR, PKI_CA_*, the center's names, DRAW_SECRET_FILE).
 *
 * - Without PKI_CA_CERT, for a center that runs its own CA: PKI_DIR (0700) with root-ca.key (0600) and
 *   root-ca.crt (RSA-3072, 20 years, O = CENTER_NAME, CN "<CENTER_NAME> 根证书"), and the seal
 *   platform.key (0600) / platform.crt (RSA-2048, 5 years, O = PLATFORM_NAME, CN "<PLATFORM_NAME> 平台签章",
 *   the platform seal policy).
 * - With PKI_CA_CERT (the center's CA): the configured CA is checked as at a start, and only the seal is
 *   made, issued by it.
 *
 * Either way the draw secret (DRAW_SECRET_FILE, default <PKI_DIR>/draw-secret: 64 hex characters, 0600)
 * is created if missing. It refuses — exit 1, naming the file, writing nothing — when any of the key or
 * certificate files exists; a configuration problem (a wrong passphrase, a CA that a start would refuse)
 * exits 78 naming the key. Keys and passphrases are never printed.
 */
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, loadConfig, type Config } from '@ebid/config';
import { initPlatformPki, pkiConfigProblems } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse } from './args.ts';

export const PKI_USAGE = `Usage: ebid pki init
  Creates the platform's CA from the server's environment (PKI_DIR, PKI_CA_*, PLATFORM_NAME, CENTER_NAME):
  an own root CA and the platform seal in PKI_DIR, or — with PKI_CA_CERT — only the seal, issued by the
  configured CA; and the draw secret (DRAW_SECRET_FILE) if missing. Keys mode 0600, PKI_DIR 0700.
  Refuses to overwrite any existing file (exit 1); a configuration problem exits 78.
`;

/** EX_CONFIG, as the server exits on a bad configuration. */
const EXIT_CONFIG = 78;

const fmtDate = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** The draw secret, if missing: 32 random bytes as 64 hex characters, 0600, never replacing a file. */
async function ensureDrawSecret(file: string): Promise<'created' | 'kept'> {
  try {
    await stat(file);
    return 'kept';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await chmod(tmp, 0o600);
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return 'kept';
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return 'created';
}

async function init(config: Config, out: Out): Promise<number> {
  const production = config.mode === 'production';
  let made: Awaited<ReturnType<typeof initPlatformPki>>;
  try {
    made = await initPlatformPki({
      src: { dir: config.pki.dir, ca: config.pki.ca },
      names: { platformName: config.center.platformName, centerName: config.center.centerName },
      production,
    });
  } catch (e) {
    const problems = pkiConfigProblems(e);
    if (!problems) throw e;
    const exists = (e as { details?: { reason?: string } }).details?.reason === 'PKI_EXISTS';
    out(`error: ${new ConfigError(problems).message}\n`);
    return exists ? EXIT.FAIL : EXIT_CONFIG;
  }
  const { pki, created } = made;
  out(`${config.pki.ca ? 'platform seal issued by the configured CA (PKI_CA_CERT)' : 'platform CA created'} in ${config.pki.dir} (0700):\n`);
  for (const f of created) out(`  ${f}${f.endsWith('.key') ? ' (0600)' : ''}\n`);
  for (const c of pki.certificates) {
    out(`  ${c.role.padEnd(12)} ${c.info.subjectDn}  valid until ${fmtDate(c.info.notAfter)}  sha256 ${c.info.fingerprintSha256}\n`);
  }
  const secret = await ensureDrawSecret(config.draws.secretFile);
  out(`draw secret ${config.draws.secretFile}: ${secret === 'created' ? 'created (0600)' : 'kept (it existed)'}\n`);
  out('GET /pki/root.pem serves the root above. Back up PKI_DIR (and the CA key) to a safe place.\n');
  if (!production) out('note: NODE_ENV is not production; the server creates a development CA only when PKI_DIR is empty.\n');
  return EXIT.OK;
}

export async function pkiCommand(argv: string[], out: Out, env: Record<string, string | undefined>): Promise<number> {
  return guard(out, PKI_USAGE, async () => {
    const [sub, ...rest] = argv;
    if (sub !== 'init') throw new UsageError(sub ? `unknown pki command: ${sub}` : 'a pki command is required');
    parse(rest, {});
    let config: Config;
    try {
      config = loadConfig(env);
    } catch (e) {
      if (e instanceof ConfigError) {
        out(`error: ${e.message}\n`);
        return EXIT_CONFIG;
      }
      throw e;
    }
    return init(config, out);
  });
}
