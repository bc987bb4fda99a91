/**
 * `ebid replay-evaluation` (issue 22 §4; S11): recompute an evaluation's result from its signed objects
 * and the frozen method, here, and compare it with the result the platform recorded.
 *
 *   ebid replay-evaluation --server <url> --user <username> --evaluation <id> --ca <root.pem> [--save <objects.json>]
 *   ebid replay-evaluation --from <objects.json> --ca <root.pem>
 *
 * Online, a center or supervision user (password from $EBID_PASSWORD) downloads `evaluation.objects`: the
 * manifest, the result, every signed sheet with its detached CMS and each signer's certificate (`--save`
 * keeps that export for later, offline runs with `--from`). Then, locally, with the same code the platform
 * used (@ebid/services `replayFromObjects`): every object must hash to its name, the manifest's method and
 * label mapping must match their committed hashes, every sheet must be a canonical sheet of this
 * evaluation, and every CMS must verify over the sheet's exact bytes, chain to the root given by `--ca` (a
 * copy you trust, not one the server hands you) at the time the sheet was signed, and be made by the
 * certificate listed for that member. The result is recomputed with `evaluate()` and its SHA-256 compared
 * with the recorded one — which the platform's audit chain references (`evaluation.finished`).
 *
 * Prints MATCH or MISMATCH with both hashes; exit 0 on a match, 1 otherwise (an altered object, a signature
 * that does not verify, or a different result).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseCertificate, verifyCmsDetached } from '@ebid/pki';
import type { EvaluationObjectsView } from '@ebid/contracts';
import { isAppError } from '@ebid/domain';
import { EXIT, type Out, UsageError, guard, parse, required } from './args.ts';
import { positiveInt } from './envelope-common.ts';
import { ServerApi, envPassword, passwordLogin, serverGuard } from './server-api.ts';

export const REPLAY_EVALUATION_USAGE = `Usage: ebid replay-evaluation --server <url> --user <username> --evaluation <id> --ca <root.pem> [--save <objects.json>]
       ebid replay-evaluation --from <objects.json> --ca <root.pem>
  Recomputes the evaluation's result from its signed sheets and the frozen method, verifying every
  member's signature against the root CA given; exit 0 if it matches the recorded result, 1 if not.
  Password from $EBID_PASSWORD (center or supervision users).
`;

export interface ReplayEvaluationArgs {
  ca: string;
  from?: string;
  server?: string;
  user?: string;
  evaluationId?: number;
  save?: string;
}

export function parseReplayEvaluationArgs(argv: string[]): ReplayEvaluationArgs {
  const v = parse(argv, {
    server: { type: 'string' },
    user: { type: 'string' },
    evaluation: { type: 'string' },
    ca: { type: 'string' },
    save: { type: 'string' },
    from: { type: 'string' },
  });
  const ca = required(v, 'ca');
  if (v.from !== undefined) {
    if (v.server !== undefined || v.user !== undefined || v.evaluation !== undefined || v.save !== undefined) throw new UsageError('--from replays a saved export: no --server, --user, --evaluation or --save with it');
    return { ca, from: required(v, 'from') };
  }
  return {
    ca,
    server: required(v, 'server'),
    user: required(v, 'user'),
    evaluationId: positiveInt(required(v, 'evaluation'), 'evaluation'),
    ...(v.save !== undefined ? { save: required(v, 'save') } : {}),
  };
}

export interface ReplayOutcome {
  matches: boolean;
  evaluationId: number;
  manifestSha256: string;
  resultSha256: string | null;
  recordedResultSha256: string;
  sheets: number;
  problem: string | null;
}

/** Replays an export of `evaluation.objects` locally, every CMS checked against `caPem`. */
export async function replayExport(x: EvaluationObjectsView, caPem: string): Promise<ReplayOutcome> {
  // The services stack (db, storage) is only needed for its pure replay: loaded when a replay runs.
  const { replayFromObjects } = await import('@ebid/services');
  const objects = new Map<string, Uint8Array>();
  for (const o of x.objects) objects.set(o.sha256, Buffer.from(o.base64, 'base64'));
  const getObject = async (sha: string) => {
    const b = objects.get(sha);
    if (!b) throw new Error(`object ${sha} is not in the export`);
    return b;
  };
  const verifyCms = async (bytes: Uint8Array, cms: Uint8Array, memberId: string, sheet: { sha256: string }) => {
    const s = x.sheets.find((y) => y.sha256 === sheet.sha256 && y.memberId === memberId);
    if (!s) throw new Error('NO_SIGNER_CERTIFICATE');
    const check = verifyCmsDetached(cms, bytes, { trustedRootsPem: [caPem], at: new Date(s.signedAt), usage: 'signing' });
    if (!check.ok) throw new Error(check.reason);
    if (check.signer.fingerprintSha256 !== parseCertificate(s.certificatePem).fingerprintSha256) throw new Error('SIGNER_NOT_MEMBER_CERTIFICATE');
  };
  const base = { evaluationId: x.evaluationId, manifestSha256: x.manifestSha256, recordedResultSha256: x.resultSha256, sheets: x.sheets.length };
  try {
    const r = await replayFromObjects(getObject, x.manifestSha256, { verifyCms });
    if (r.manifest.evaluationId !== x.evaluationId) return { ...base, matches: false, resultSha256: r.resultSha256, problem: 'MANIFEST_OF_ANOTHER_EVALUATION' };
    return { ...base, matches: r.resultSha256 === x.resultSha256, resultSha256: r.resultSha256, problem: null };
  } catch (e) {
    if (!isAppError(e)) throw e;
    const cause = typeof e.details?.cause === 'string' ? ` (${e.details.cause})` : '';
    return { ...base, matches: false, resultSha256: null, problem: `${String(e.details?.reason ?? e.code)}${cause}: ${e.messageZh} / ${e.messageEn}` };
  }
}

export function formatOutcome(o: ReplayOutcome, caFile: string): string {
  const lines = [
    o.matches ? 'MATCH — 评标结果复算一致 / the recomputed result matches the recorded one' : 'MISMATCH — 评标结果复算不一致 / the recomputed result does NOT match the recorded one',
    `  evaluation:        ${o.evaluationId}`,
    `  manifest:          ${o.manifestSha256}`,
    `  recomputed result: ${o.resultSha256 ?? '-'}`,
    `  recorded result:   ${o.recordedResultSha256}`,
    `  signed sheets:     ${o.sheets}${o.problem === null ? ` (every signature verified against ${caFile})` : ''}`,
  ];
  if (o.problem !== null) lines.push(`  problem:           ${o.problem}`);
  return lines.join('\n') + '\n';
}

function asExport(v: unknown, file: string): EvaluationObjectsView {
  const x = v as EvaluationObjectsView;
  if (typeof x !== 'object' || x === null || typeof x.manifestSha256 !== 'string' || typeof x.resultSha256 !== 'string' || !Array.isArray(x.objects) || !Array.isArray(x.sheets)) {
    throw new UsageError(`${file} is not an export of evaluation.objects`);
  }
  return x;
}

export async function replayEvaluation(argv: string[], out: Out): Promise<number> {
  return guard(out, REPLAY_EVALUATION_USAGE, async () => {
    const a = parseReplayEvaluationArgs(argv);
    const caPem = await readFile(a.ca, 'utf8');
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${a.ca} is not a PEM certificate`);
    const finish = async (x: EvaluationObjectsView) => {
      const o = await replayExport(x, caPem);
      out(formatOutcome(o, a.ca));
      return o.matches ? EXIT.OK : EXIT.FAIL;
    };
    if (a.from !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(a.from, 'utf8'));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
        throw new UsageError(`${a.from} is not JSON`);
      }
      return finish(asExport(parsed, a.from));
    }
    const api = new ServerApi(a.server!);
    return serverGuard(out, a.server!, async () => {
      await passwordLogin(api, a.user!, envPassword());
      const x = await api.query<EvaluationObjectsView>('evaluation.objects', { evaluationId: a.evaluationId });
      if (a.save !== undefined) {
        await writeFile(a.save, JSON.stringify(x));
        out(`已保存 / saved: ${a.save} (${x.objects.length} objects)\n`);
      }
      return finish(x);
    });
  });
}
