/**
 * The careful forger of issue 13 §6, for tests: a database superuser on a connection of its own, with
 * triggers bypassed (session_replication_role = replica), who rewrites one event of a chain and then
 * makes everything the platform can check without an outside witness consistent again —
 *   1. the chain from that event on: payload, payloadHash, prevHash links and hashes recomputed, head row moved;
 *   2. every checkpoint that named the chain at or after that event removed, with its published root
 *      (audit_roots) and its entry in the public change feed — a signed checkpoint cannot be re-signed
 *      without the platform key, so it has to go;
 *   3. the platform chain renumbered and rehashed after the removed checkpoints, head row moved.
 * The objects in the (write-once) object store are left alone: a database superuser cannot reach them.
 * The next checkpoint then signs the forged heads, and `verifyAudit` without witnessed roots finds nothing.
 */
import postgres from 'postgres';
import { eventHash, payloadHash, type AuditEvent, type ChainId } from '@ebid/audit';

interface Row {
  id: string;
  chain: string;
  seq: number;
  prev_hash: string;
  hash: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  actor_org_id: string | null;
  cert_serial: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  payload: string;
  payload_hash: string;
  object_hashes: string[];
  client_address: string | null;
  user_agent: string | null;
  device_fingerprint: string | null;
}

function toEvent(r: Row): AuditEvent {
  return {
    id: Number(r.id),
    chain: r.chain as ChainId,
    seq: r.seq,
    prevHash: r.prev_hash,
    hash: r.hash,
    at: r.at,
    actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
    actorRole: r.actor_role,
    actorOrgId: r.actor_org_id === null ? null : Number(r.actor_org_id),
    certSerial: r.cert_serial,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    payload: JSON.parse(r.payload) as unknown,
    payloadHash: r.payload_hash,
    objectHashes: r.object_hashes,
    clientAddress: r.client_address,
    userAgent: r.user_agent,
    deviceFingerprint: r.device_fingerprint,
  };
}

export interface ForgeResult {
  /** The rewritten chain's seqs from the changed event to its head. */
  rewritten: { fromSeq: number; toSeq: number };
  /** Checkpoint events removed from the platform chain (ids) and published roots removed (ids). */
  removedCheckpoints: number[];
  removedRoots: number[];
}

export async function forgeAuditChain(
  databaseUrl: string,
  target: { chain: ChainId; seq: number; change: (payload: unknown) => unknown },
): Promise<ForgeResult> {
  const su = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await su.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      const read = async (chain: string) =>
        (await tx<Row[]>`select id, chain, seq, prev_hash, hash, at, actor_user_id, actor_role, actor_org_id, cert_serial, action,
                                subject_type, subject_id, payload::text as payload, payload_hash, object_hashes, client_address, user_agent, device_fingerprint
                         from audit_events where chain = ${chain} order by seq`).map(toEvent);

      // 1. The target chain from the changed event on.
      const events = await read(target.chain);
      const at = events.findIndex((e) => e.seq === target.seq);
      if (at < 0) throw new Error(`${target.chain} has no seq ${target.seq}`);
      let prev = at === 0 ? '0'.repeat(64) : events[at - 1]!.hash;
      for (const e of events.slice(at)) {
        const payload = e.seq === target.seq ? target.change(e.payload) : e.payload;
        const f = { ...e, payload, payloadHash: payloadHash(payload), prevHash: prev };
        const hash = eventHash(f);
        await tx`update audit_events set payload = ${JSON.stringify(payload)}::text::jsonb, payload_hash = ${f.payloadHash},
                   prev_hash = ${prev}, hash = ${hash} where id = ${e.id}`;
        prev = hash;
      }
      await tx`update audit_chain_heads set hash = ${prev} where chain = ${target.chain}`;

      // 2. The checkpoints that would show it, with their published roots.
      const platform = await read('platform');
      const names = (e: AuditEvent) =>
        e.action === 'audit.checkpoint' &&
        ((e.payload as { heads?: { chain: string; seq: number }[] }).heads ?? []).some((h) => h.chain === target.chain && h.seq >= target.seq);
      const removed = platform.filter(names).map((e) => e.id);
      const removedRoots: number[] = [];
      if (removed.length > 0) {
        for (const r of await tx<{ id: string }[]>`delete from audit_roots where checkpoint_event_id in ${tx(removed)} returning id`) removedRoots.push(Number(r.id));
        if (removedRoots.length) await tx`delete from public_changes where entity = 'audit_root' and entity_id in ${tx(removedRoots)}`;
        await tx`delete from audit_events where id in ${tx(removed)}`;

        // 3. The platform chain renumbered and rehashed after the first removed checkpoint.
        const kept = platform.filter((e) => !removed.includes(e.id));
        const first = platform.findIndex((e) => removed.includes(e.id));
        let prevHash = first === 0 ? '0'.repeat(64) : platform[first - 1]!.hash;
        let seq = first;
        for (const e of kept.slice(first)) {
          seq += 1;
          const hash = eventHash({ ...e, seq, prevHash });
          await tx`update audit_events set seq = ${seq}, prev_hash = ${prevHash}, hash = ${hash} where id = ${e.id}`;
          prevHash = hash;
        }
        await tx`update audit_chain_heads set seq = ${seq}, hash = ${prevHash} where chain = 'platform'`;
      }
      return { rewritten: { fromSeq: target.seq, toSeq: events.at(-1)!.seq }, removedCheckpoints: removed, removedRoots };
    });
  } finally {
    await su.end();
  }
}
