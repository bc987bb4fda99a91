/** Test support (not exported by the package): temp dirs, an openssl runner, a foreign CA made by openssl. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OPENSSL = '/usr/bin/openssl';

export interface Tmp {
  dir: string;
  path(name: string): string;
  write(name: string, data: string | Uint8Array): string;
  read(name: string): Buffer;
  cleanup(): void;
}

export function tmp(prefix = 'ebid-pki-'): Tmp {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (n) => join(dir, n),
    write(n, data) {
      const p = join(dir, n);
      writeFileSync(p, data);
      return p;
    },
    read: (n) => readFileSync(join(dir, n)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function openssl(args: string[], input?: string): Run {
  const r = spawnSync(OPENSSL, args, { encoding: 'utf8', input, env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function mustOpenssl(args: string[], input?: string): Run {
  const r = openssl(args, input);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r;
}

/**
 * A CA that is not ours (CA互认), made entirely with the openssl CLI, which signs leaves from our CSRs.
 * `keyAlg` e.g. 'rsa:2048' or 'ec' (P-256).
 */
export function foreignCa(t: Tmp, name: string, subj: string, keyAlg: 'rsa' | 'ec') {
  const key = t.path(`${name}.key`);
  const crt = t.path(`${name}.crt`);
  const keyArgs = keyAlg === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  mustOpenssl([
    'req', '-x509', '-utf8', '-nodes', ...keyArgs, '-keyout', key, '-out', crt, '-days', '3650', '-subj', subj,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  let n = 0;
  return {
    certPem: readFileSync(crt, 'utf8'),
    /** Sign a CSR (PEM) into a leaf certificate with the given keyUsage (openssl x509 -req). */
    issue(csrPem: string, keyUsage: string, days = 365): string {
      n++;
      const csr = t.write(`${name}-${n}.csr`, csrPem);
      const ext = t.write(`${name}-${n}.ext`, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,${keyUsage}\n`);
      const out = t.path(`${name}-${n}.crt`);
      mustOpenssl(['x509', '-req', '-in', csr, '-CA', crt, '-CAkey', key, '-CAcreateserial', '-days', String(days), '-sha256', '-extfile', ext, '-out', out]);
      return readFileSync(out, 'utf8');
    },
  };
}
