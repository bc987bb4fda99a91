/**
 * `ebid verify-audit`: recompute every audit chain, every referenced object hash and every checkpoint
 * signature, straight from the database and the object store named by the environment (the same
 * settings as the server: DATABASE_URL + S3_*, or DATA_DIR for the embedded mode — stop an embedded
 * server first, PGlite allows one process). Exit 0 when intact, 1 when anything is broken.
 */
import { loadConfig } from '@ebid/config';
import { openDatabase } from '@ebid/db';
import { verifyAudit, type VerifyReport } from '@ebid/audit';
import { loadPlatformPki, verifyCmsDetached } from '@ebid/pki';
import { createFsObjectStore, createS3ObjectStore } from '@ebid/storage';

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
  return lines.join('\n') + '\n';
}

export async function verifyAuditCommand(args: string[], out: (s: string) => void, env: Record<string, string | undefined>): Promise<number> {
  const config = loadConfig(env);
  const database = await openDatabase(
    config.database.driver === 'postgres' ? { driver: 'postgres', url: config.database.url, max: 2 } : { driver: 'pglite', dir: config.database.dir },
  );
  const s = config.storage;
  const storage = s.driver === 'fs' ? createFsObjectStore({ root: s.root }) : createS3ObjectStore(s);
  try {
    const pki = await loadPlatformPki(config.pki.dir);
    const report = await verifyAudit(database.db, storage, {
      verifyCheckpointSignature: (content, signature) =>
        verifyCmsDetached(signature, content, { trustedRootsPem: [pki.rootCertPem], at: new Date() }).ok,
    });
    out(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return report.ok ? 0 : 1;
  } finally {
    await storage.close();
    await database.close();
  }
}
