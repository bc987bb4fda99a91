/**
 * `ebid p12 --key k --cert c [--chain ca.pem] [--name <friendly name>] --out x.p12 [--passphrase-file f]`:
 * a .p12 backup (AES-256). The passphrase comes from --passphrase-file or the environment variable
 * EBID_P12_PASSPHRASE, never from argv (visible in `ps` and shell history).
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { toP12 } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';

export const P12_USAGE = `Usage: ebid p12 --key <file.key> --cert <file.crt> [--chain <ca.pem>] [--name <friendly name>]
                --out <file.p12> [--passphrase-file <file>]
  The passphrase is read from --passphrase-file (first line) or from $EBID_P12_PASSPHRASE.
`;

async function passphrase(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    const first = (await readFile(file, 'utf8')).split(/\r?\n/)[0] ?? '';
    if (first === '') throw new UsageError(`${file} is empty`);
    return first;
  }
  // eslint-disable-next-line no-restricted-properties -- the .p12 passphrase must stay off argv (EBID_P12_PASSPHRASE)
  const env = process.env.EBID_P12_PASSPHRASE;
  if (!env) throw new UsageError('no passphrase: set EBID_P12_PASSPHRASE or pass --passphrase-file');
  return env;
}

export async function p12(argv: string[], out: Out): Promise<number> {
  return guard(out, P12_USAGE, async () => {
    if (argv.some((a) => a === '--passphrase' || a.startsWith('--passphrase='))) {
      throw new UsageError('--passphrase is not accepted on the command line; use --passphrase-file or EBID_P12_PASSPHRASE');
    }
    const v = parse(argv, {
      key: { type: 'string' },
      cert: { type: 'string' },
      chain: { type: 'string', multiple: true },
      name: { type: 'string' },
      out: { type: 'string' },
      'passphrase-file': { type: 'string' },
    });
    const outFile = required(v, 'out');
    const pass = await passphrase(v['passphrase-file']);
    const [privateKeyPem, certPem, ...chainPem] = await Promise.all(
      [required(v, 'key'), required(v, 'cert'), ...(v.chain ?? [])].map((f) => readFile(f, 'utf8')),
    );
    const der = toP12({
      privateKeyPem: privateKeyPem!,
      certPem: certPem!,
      chainPem,
      passphrase: pass,
      ...(v.name !== undefined ? { friendlyName: v.name } : {}),
    });
    await writeFile(outFile, der, { mode: 0o600 });
    await chmod(outFile, 0o600);
    out(`${outFile} (${der.length} bytes, 0600)\n`);
    return EXIT.OK;
  });
}
