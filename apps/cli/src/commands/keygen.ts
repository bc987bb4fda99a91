/**
 * `ebid keygen --out <dir> [--force]`: an RSA-2048 signing key pair and an RSA-2048 encryption key pair
 * (DESIGN §5: users hold two certificates). Writes signing.key / encryption.key (PKCS#8 PEM, mode 0600)
 * and signing.pub / encryption.pub (SPKI PEM, 0644).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPairPem } from '@ebid/pki';
import { EXIT, type Out, guard, parse, required } from './args.ts';

export const KEYGEN_USAGE = `Usage: ebid keygen --out <dir> [--force]
  Creates <dir>/signing.key, signing.pub, encryption.key, encryption.pub (keys mode 0600).
`;

export async function keygen(argv: string[], out: Out): Promise<number> {
  return guard(out, KEYGEN_USAGE, async () => {
    const v = parse(argv, { out: { type: 'string' }, force: { type: 'boolean' } });
    const dir = required(v, 'out');
    await mkdir(dir, { recursive: true });
    const flag = v.force ? 'w' : 'wx';
    for (const name of ['signing', 'encryption'] as const) {
      const { privateKeyPem, publicKeyPem } = generateKeyPairPem();
      const keyFile = join(dir, `${name}.key`);
      await writeFile(keyFile, privateKeyPem, { mode: 0o600, flag });
      await chmod(keyFile, 0o600);
      await writeFile(join(dir, `${name}.pub`), publicKeyPem, { mode: 0o644, flag });
      out(`${name}: ${keyFile} (RSA-2048, 0600) + ${join(dir, `${name}.pub`)}\n`);
    }
    return EXIT.OK;
  });
}
