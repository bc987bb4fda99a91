/**
 * `ebid verify-audit [--roots <witness.json>] [--json]`: recompute every audit chain, every referenced
 * object hash and every checkpoint signature, straight from the database and the object store named by
 * the environment (the same settings as the server: DATABASE_URL + S3_*, or DATA_DIR for the embedded
 * mode — stop an embedded server first, PGlite allows one process). With --roots, the published audit
 * roots an outside witness kept (the portal's /portal/audit/roots answer, or an array of its roots) are
 * checked too (issue 13 §6): their platform signatures, and the tree rebuilt from the recomputed chains at
 * each — the first divergence is named (root, time, chain, the seqs that must have been rewritten).
 * Exit 0 when intact, 1 when anything is broken.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '@ebid/config';
import { openDatabase } from '@ebid/db';
import { parsePublishedRootList, platformSealVerifiers, verifyAudit, type ParsedPublishedRoot, type VerifyReport } from '@ebid/audit';
import { loadConfiguredPki, verifyPlatformSeal } from '@ebid/pki';
import { createFsObjectStore, createS3ObjectStore } from '@ebid/storage';
import { EXIT, UsageError, guard, parse } from './args.ts';

export const VERIFY_AUDIT_USAGE = `Usage: ebid verify-audit [--roots <witness.json>] [--json]
  Exit 0 if every chain, object, checkpoint (and witnessed root) is intact, 1 if not.
`;

export function formatReport(r: VerifyReport): string {
  const lines: string[] = [r.ok ? 'audit trail intact / 审计链完整' : 'AUDIT TRAIL BROKEN / 审计链已被破坏'];
  for (const c of r.chains) {
    lines.push(
      `  chain ${c.chain}: ${c.events} events, head ${c.headHash?.slice(0, 16) ?? '-'} ${c.ok ? 'ok' : `BROKEN at seq ${c.firstBroken?.seq} (event ${c.firstBroken?.eventId}): ${c.firstBroken?.problem}`}`,
    );
  }
  lines.push(`  objects checked: ${r.objects.checked}`);
  for (const o of r.objects.corrupted) lines.push(`  CORRUPTED object ${o.sha256} (event ${o.eventId})`);
  for (const o of r.objects.missing) lines.push(`  MISSING object ${o.sha256} (event ${o.eventId})`);
  lines.push(`  checkpoints checked: ${r.checkpoints.checked}`);
  for (const p of r.checkpoints.problems) lines.push(`  CHECKPOINT event ${p.eventId}: ${p.problem}`);
  if (r.witness) {
    const w = r.witness;
    lines.push(`  witnessed roots checked: ${w.checked}`);
    const d = w.firstDivergence;
    if (d) {
      lines.push(
        `  DIVERGENCE at witnessed root #${d.rootId ?? '?'} (${d.at}): chain ${d.chain} no longer gives root ${d.root.slice(0, 16)}… — ` +
          `its events seq ${d.fromSeq}…${d.toSeq} must have been rewritten (witnessed head ${d.witnessedHead.slice(0, 16)}… ≠ recomputed ${d.recomputedHead?.slice(0, 16) ?? 'none'}…)`,
      );
      lines.push(`  见证不一致：第${d.rootId ?? '?'}号审计根（${d.at}）中 ${d.chain} 的第${d.fromSeq}至${d.toSeq}条事件已被改写`);
      for (const x of w.divergences.slice(1)) lines.push(`  DIVERGENCE at witnessed root #${x.rootId ?? '?'} (${x.at}): chain ${x.chain}, seq ${x.fromSeq}…${x.toSeq}`);
    }
    for (const p of w.problems) lines.push(`  WITNESSED ROOT #${p.rootId ?? '?'} (${p.at ?? '-'}): ${p.problem}`);
    if (!d && w.problems.length === 0) lines.push('  every witnessed root is rebuilt from the recomputed chains');
  }
  return lines.join('\n') + '\n';
}

export async function verifyAuditCommand(args: string[], out: (s: string) => void, env: Record<string, string | undefined>): Promise<number> {
  return guard(out, VERIFY_AUDIT_USAGE, async () => {
    const v = parse(args, { roots: { type: 'string' }, json: { type: 'boolean' } });
    let witnessed: ParsedPublishedRoot[] | undefined;
    if (v.roots !== undefined) {
      const text = await readFile(v.roots, 'utf8');
      try {
        witnessed = parsePublishedRootList(JSON.parse(text) as unknown);
      } catch (e) {
        throw new UsageError(`--roots ${v.roots}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return run(env, witnessed, v.json === true, out);
  });
}

async function run(env: Record<string, string | undefined>, witnessed: ParsedPublishedRoot[] | undefined, json: boolean, out: (s: string) => void): Promise<number> {
  const config = loadConfig(env);
  const database = await openDatabase(
    config.database.driver === 'postgres' ? { driver: 'postgres', url: config.database.url, max: 2 } : { driver: 'pglite', dir: config.database.dir },
  );
  const s = config.storage;
  const storage = s.driver === 'fs' ? createFsObjectStore({ root: s.root }) : createS3ObjectStore(s);
  try {
    // The configured CA (own, or the center's by PKI_CA_*): only its root and archived seals are used here.
    const pki = await loadConfiguredPki({ dir: config.pki.dir, ca: config.pki.ca }, { production: false });
    const report = await verifyAudit(database.db, storage, {
      ...(witnessed ? { witnessedRoots: witnessed } : {}),
      // Checkpoints and (witnessed) roots: each judged at its own time, and signed by the platform seal
      // itself (issue 14 §3: the seal policy, the platform's own root) — never by a user's certificate.
      ...platformSealVerifiers((signature, content, at) => verifyPlatformSeal(signature, content, { ...pki.sealTrust, ...(at ? { at } : {}) })),
    });
    out(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.ok ? EXIT.OK : EXIT.FAIL;
  } finally {
    await storage.close();
    await database.close();
  }
}
