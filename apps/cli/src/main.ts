#!/usr/bin/env node
/**
 * `ebid`: the bidder's and operator's command-line tool (DESIGN §2). Later capabilities add keygen, csr,
 * seal, submit, decrypt and the verifiers; the foundation has the health check.
 */
const HELP = `ebid — 公共资源交易平台 command-line tool

Usage:
  ebid health [--url http://localhost:3000]   check a running server's database and object store
  ebid --help
`;

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    out(HELP);
    return cmd ? 0 : 64;
  }
  if (cmd === 'health') {
    const i = rest.indexOf('--url');
    const url = (i >= 0 ? rest[i + 1] : undefined) ?? 'http://localhost:3000';
    try {
      const res = await fetch(new URL('/healthz', url));
      const body = (await res.json()) as { status: string };
      out(JSON.stringify(body, null, 2) + '\n');
      return body.status === 'ok' ? 0 : 1;
    } catch (e) {
      out(`cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  out(`unknown command: ${cmd}\n\n${HELP}`);
  return 64;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run(process.argv.slice(2)).then((code) => process.exit(code));
}
