/**
 * Development helper: issue a user certificate from a CSR with the dev root CA (the server does this
 * through PlatformPki.issueUserCertificate after checking the account).
 *
 *   npx tsx certs/issue-dev-cert.ts --csr x.csr --cn 张三 --o 示范公司 [--ou 投标部] [--serial <credit code>]
 *       [--usage signing|encryption] [--days 365] --out x.crt [--dir certs/dev]
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureDevPki } from '@ebid/pki';

const { values: v } = parseArgs({
  options: {
    csr: { type: 'string' },
    cn: { type: 'string' },
    o: { type: 'string' },
    ou: { type: 'string' },
    c: { type: 'string', default: 'CN' },
    serial: { type: 'string' },
    usage: { type: 'string', default: 'signing' },
    days: { type: 'string', default: '365' },
    out: { type: 'string' },
    dir: { type: 'string', default: join(fileURLToPath(new URL('.', import.meta.url)), 'dev') },
  },
});
if (!v.csr || !v.cn || !v.o || !v.out || (v.usage !== 'signing' && v.usage !== 'encryption')) {
  console.error('usage: issue-dev-cert.ts --csr <file> --cn <name> --o <org> [--usage signing|encryption] [--days N] --out <file.crt>');
  process.exit(64);
}
const pki = await ensureDevPki(v.dir);
const now = Date.now();
const { pem, info } = pki.issueUserCertificate({
  csrPem: readFileSync(v.csr, 'utf8'),
  usage: v.usage,
  expectedSubject: {
    commonName: v.cn,
    organizationName: v.o,
    countryName: v.c,
    ...(v.ou ? { organizationalUnitName: v.ou } : {}),
    ...(v.serial ? { serialNumber: v.serial } : {}),
  },
  notBefore: new Date(now - 5 * 60_000),
  notAfter: new Date(now + Number(v.days) * 24 * 3600_000),
});
writeFileSync(v.out, pem);
console.log(`${v.out}\n  subject: ${info.subjectDn}\n  issuer:  ${info.issuerDn}\n  serial:  ${info.serialHex}\n  usage:   ${info.keyUsage.join(', ')}`);
