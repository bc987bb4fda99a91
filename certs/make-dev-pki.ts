/**
 * `npx tsx certs/make-dev-pki.ts [dir]` (default certs/dev): creates the development PKI on the first run
 * (root CA + platform signing certificate, see README.md) and loads it on later runs, then prints the
 * file paths and subjects.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevPki } from '@ebid/pki';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = resolve(process.argv[2] ?? join(here, 'dev'));
const pki = await ensureDevPki(dir);

const show = (label: string, file: string, info: typeof pki.rootInfo) =>
  console.log(
    `${label}\n  ${join(dir, file)}.crt (key: ${file}.key, 0600)\n  subject: ${info.subjectDn}\n  issuer:  ${info.issuerDn}\n` +
      `  serial:  ${info.serialHex}\n  valid:   ${info.notBefore.toISOString()} → ${info.notAfter.toISOString()}\n` +
      `  sha256:  ${info.fingerprintSha256}`,
  );
show('root CA', 'root-ca', pki.rootInfo);
show('platform signing certificate', 'platform', pki.platformInfo);
