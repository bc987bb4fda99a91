#!/usr/bin/env node
/**
 * `ebid`: the bidder's and operator's command-line tool (DESIGN §2). The foundation has the health check;
 * the identity capability adds keygen, csr, p12 and verify-signature (commands/*.ts). Later capabilities
 * add seal, submit, decrypt, confirm-record and the other verifiers.
 */
import { csr } from './commands/csr.ts';
import { keygen } from './commands/keygen.ts';
import { p12 } from './commands/p12.ts';
import { verifySignature } from './commands/verify-signature.ts';

const HELP = `ebid — 公共资源交易平台 command-line tool

Usage:
  ebid health [--url http://localhost:3000]   check a running server's database and object store
  ebid keygen --out <dir>                     signing + encryption RSA-2048 key pairs (keys 0600)
  ebid csr --key <file.key> --cn <name> --o <org> [--ou <unit>] [--serial <credit code>] --out <file.csr>
  ebid p12 --key <file.key> --cert <file.crt> [--chain <ca.pem>] --out <file.p12>
                                              passphrase from $EBID_P12_PASSPHRASE or --passphrase-file
  ebid verify-signature --cms <sig.p7s> --content <file> --ca <root.pem>
                                              exit 0 if valid, 1 with the reason if not
  ebid verify-audit [--roots <witness.json>] [--json]
                                              recompute every audit chain, object hash and checkpoint from the
                                              database and object store of the server's environment
                                              (DATABASE_URL + S3_*, or DATA_DIR); with --roots also the audit
                                              roots a witness kept from /portal/audit/roots (names the first
                                              divergence); exit 0 if intact, 1 if broken
  ebid admin create --username <name> --display-name <name> --credit-code <18 chars> [--email <addr>]
                    [--valid-hours 72]        the first platform administrator and the center's organization,
                                              with the server's environment; prints a single-use activation
                                              link (no password); exit 1 if an administrator exists
  ebid admin activation-link --username <name> [--valid-hours 72]
                                              a new link for an administrator who has not activated yet
  ebid seal --part <part> --project <id> --section <id> --sign <sign.p12> --recipient <enc.pem|enc.p12>
            --in <file> --out <file.ebid>     seal one bid part locally (ENVELOPE v1); prints the hashes
            [--ceiling-fen <fen> | --server <url> --user <name>] [--above-ceiling]
                                              a summary price above the section's ceiling is refused
                                              unless --above-ceiling (it is flagged at the opening)
  ebid rehearse --in <file.ebid> --key <enc.p12> [--out <plaintext>]
                                              decryption rehearsal, local only; exit 0 = 解密演练成功
  ebid submit --server <url> --user <name> --section <id> --sign <sign.p12> --part <part>=<file.ebid> …
                                              resumable upload + finalize; password from $EBID_PASSWORD
  ebid verify-receipt --receipt <receipt.json> --cms <receipt.p7s> --root <root.pem> [--audit-root <root.json>]
                                              verify a platform bid receipt offline, and the inclusion
                                              proof of the project's audit chain in the root it carries
  ebid decrypt --server <url> --user <name> --project <id> --sign <sign.p12> --key <enc.p12>
                                              bid opening: certificate sign-in, content keys unwrapped
                                              locally, only the keys are sent (private key stays here)
  ebid confirm-record --server <url> --user <name> --project <id> --sign <sign.p12> [--out-dir <dir>]
                      [--object "<text>"]     sign and confirm the opening record (record.pdf + .p7s),
                                              or raise an objection; passphrase from $EBID_P12_PASSPHRASE
  ebid replay-evaluation --server <url> --user <name> --evaluation <id> --ca <root.pem> [--save <objects.json>]
  ebid replay-evaluation --from <objects.json> --ca <root.pem>
                                              recompute an evaluation's ranking from its signed score sheets
                                              and the frozen method (every member's CMS checked against the
                                              root given); MATCH exit 0, MISMATCH exit 1; password from
                                              $EBID_PASSWORD (center or supervision users)
  ebid pki init                               the platform's CA for production, from the server's environment:
                                              an own root + the seal in PKI_DIR, or only the seal under the
                                              configured PKI_CA_CERT; the draw secret if missing (keys 0600);
                                              refuses to overwrite (exit 1)
  ebid --help
`;

/** The operator commands (verify-audit, admin, pki) run with the server's environment, validated by @ebid/config. */
// eslint-disable-next-line no-restricted-properties -- an operator tool reads the same environment as the server
const serverEnv = (): NodeJS.ProcessEnv => process.env;

const COMMANDS: Record<string, (argv: string[], out: (s: string) => void) => Promise<number>> = {
  keygen,
  csr,
  p12,
  'verify-signature': verifySignature,
  // Loaded on demand: a bidder's `ebid seal` should not load the database and object-store stack.
  seal: async (argv, out) => (await import('./commands/seal.ts')).seal(argv, out),
  rehearse: async (argv, out) => (await import('./commands/rehearse.ts')).rehearse(argv, out),
  submit: async (argv, out) => (await import('./commands/submit.ts')).submit(argv, out),
  'verify-receipt': async (argv, out) => (await import('./commands/verify-receipt.ts')).verifyReceipt(argv, out),
  decrypt: async (argv, out) => (await import('./commands/decrypt.ts')).decrypt(argv, out),
  'confirm-record': async (argv, out) => (await import('./commands/confirm-record.ts')).confirmRecord(argv, out),
  'replay-evaluation': async (argv, out) => (await import('./commands/replay-evaluation.ts')).replayEvaluation(argv, out),
  'verify-audit': async (argv, out) => (await import('./commands/verify-audit.ts')).verifyAuditCommand(argv, out, serverEnv()),
  admin: async (argv, out) => (await import('./commands/admin.ts')).adminCommand(argv, out, serverEnv()),
  pki: async (argv, out) => (await import('./commands/pki-init.ts')).pkiCommand(argv, out, serverEnv()),
};

/** One command's part of HELP: its lines from `  ebid <command>` up to the next command. */
export function commandUsage(cmd: string): string | null {
  const lines = HELP.split('\n');
  const picked: string[] = [];
  let inside = false;
  for (const line of lines) {
    const start = /^ {2}ebid (\S+)/.exec(line);
    if (start) inside = start[1] === cmd;
    else if (!line.startsWith('   ')) inside = false;
    if (inside) picked.push(line);
  }
  return picked.length ? `Usage:\n${picked.join('\n')}\n` : null;
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    out(HELP);
    return cmd ? 0 : 64;
  }
  // `ebid <command> --help` prints that command's usage and exits 0 (issue 17 §9).
  if (rest.includes('--help') || rest.includes('-h')) {
    const usage = commandUsage(cmd);
    if (usage) {
      out(usage);
      return 0;
    }
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
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (command) return command(rest, out);
  out(`unknown command: ${cmd}\n\n${HELP}`);
  return 64;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run(process.argv.slice(2)).then((code) => process.exit(code));
}
