/**
 * `ebid csr --key <file> --cn <name> --o <org> [--ou <unit>] [--c CN] [--serial <creditCode>] --out <file.csr>`:
 * a PKCS#10 request (UTF8String names, SHA-256 RSA self-signature) for the platform CA.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createCsrPem } from '@ebid/pki';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';

export const CSR_USAGE = `Usage: ebid csr --key <file.key> --cn <name> --o <organization> [--ou <unit>] [--c CN]
                [--serial <统一社会信用代码>] --out <file.csr>
`;

export async function csr(argv: string[], out: Out): Promise<number> {
  return guard(out, CSR_USAGE, async () => {
    const v = parse(argv, {
      key: { type: 'string' },
      cn: { type: 'string' },
      o: { type: 'string' },
      ou: { type: 'string' },
      c: { type: 'string' },
      serial: { type: 'string' },
      out: { type: 'string' },
    });
    const keyFile = required(v, 'key');
    const outFile = required(v, 'out');
    const privateKeyPem = await readFile(keyFile, 'utf8');
    let publicKeyPem: string;
    try {
      publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
    } catch (e) {
      throw new UsageError(`${keyFile} is not a private key: ${e instanceof Error ? e.message : String(e)}`);
    }
    const pem = createCsrPem(
      { privateKeyPem, publicKeyPem },
      {
        commonName: required(v, 'cn'),
        organizationName: required(v, 'o'),
        countryName: v.c ?? 'CN',
        ...(v.ou !== undefined ? { organizationalUnitName: v.ou } : {}),
        ...(v.serial !== undefined ? { serialNumber: v.serial } : {}),
      },
    );
    await writeFile(outFile, pem);
    out(`${outFile}\n`);
    return EXIT.OK;
  });
}
