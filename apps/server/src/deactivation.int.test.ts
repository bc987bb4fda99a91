/**
 * Issue 14 §8 (part): deactivating a user revokes its certificates, through the real server. The company
 * administrator deactivates a clerk over HTTP: every certificate of the clerk is revoked (reason
 * affiliationChanged, one 'cert.revoke' event each, with the 'user.deactivate' event), the session opened
 * with the clerk's signing certificate ends at once, the published CRL lists the serials, and the
 * certificate cannot sign in again — not even after reactivation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents, certificates, users } from '@ebid/db';
import { ensureDevPki } from '@ebid/pki';
import { startTestApp, type TestApp } from './test-app.ts';
import { bidKit } from './bid-test-kit.ts';

let testApp: TestApp;
const kit = bidKit(() => testApp);
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-deactivate-'));

async function http(pathName: string, opts: { cookie?: string; input?: unknown; mutation?: boolean } = {}) {
  const query = opts.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
  const res = await fetch(opts.mutation ? `${testApp.base}/trpc/${pathName}` : `${testApp.base}/trpc/${pathName}${query}`, {
    method: opts.mutation ? 'POST' : 'GET',
    headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.mutation ? { 'content-type': 'application/json' } : {}) },
    ...(opts.mutation && opts.input !== undefined ? { body: JSON.stringify(opts.input) } : {}),
  });
  const body = (await res.json()) as { result?: { data: unknown }; error?: { data?: { appError?: { code: string; details?: Record<string, unknown> } } } };
  return { status: res.status, data: body.result?.data, error: body.error?.data?.appError };
}

beforeAll(async () => {
  const platform = await ensureDevPki(path.join(tmpDir, 'platform-pki'), { now: new Date('2026-01-01T00:00:00Z') });
  testApp = await startTestApp({ clockStart: new Date('2026-02-25T02:00:00Z'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
}, 120_000);

afterAll(async () => {
  await testApp?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('deactivating a user revokes its certificates (issue 14 §8)', () => {
  it('the company administrator deactivates a clerk over HTTP: certificates revoked, certificate session ended, CRL published', async () => {
    const { db } = testApp.deps;
    await kit.issueKeys('bidder1b');
    const clerk = (await db.select({ id: users.id }).from(users).where(eq(users.username, 'bidder1b')))[0]!.id;
    const certSession = await kit.asCert('bidder1b');
    expect((await http('auth.me', { cookie: certSession.cookie })).data).toMatchObject({ actor: { username: 'bidder1b', certSerial: expect.any(String) } });
    const before = await db.select().from(certificates).where(eq(certificates.userId, clerk));
    expect(before.map((c) => c.status).sort()).toEqual(['active', 'active']);

    const admin = await kit.cookie('bidder1');
    const r = await http('user.setActive', { cookie: admin, mutation: true, input: { userId: clerk, active: false } });
    expect(r.status, JSON.stringify(r.error)).toBe(200);

    const after = await db.select().from(certificates).where(eq(certificates.userId, clerk));
    expect(after.map((c) => ({ status: c.status, reason: c.revocationReason, revokedAt: c.revokedAt }))).toEqual(
      before.map(() => ({ status: 'revoked', reason: 3, revokedAt: expect.any(Date) })),
    );
    // The session opened with the signing certificate is over at once.
    expect((await http('auth.me', { cookie: certSession.cookie })).data).toMatchObject({ actor: null });
    // One 'cert.revoke' per certificate and the 'user.deactivate' event, written by the same transaction.
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(inArray(auditEvents.action, ['cert.revoke', 'user.deactivate']), eq(auditEvents.chain, 'platform')));
    const revokes = events.filter((e) => e.action === 'cert.revoke');
    expect(revokes.map((e) => (e.payload as { serialHex: string }).serialHex).sort()).toEqual(before.map((c) => c.serialHex).sort());
    expect(revokes.every((e) => (e.payload as { cause: string; reason: number }).cause === 'user.deactivate')).toBe(true);
    const deactivate = events.find((e) => e.action === 'user.deactivate')!;
    expect((deactivate.payload as { revokedCertificates: string[] }).revokedCertificates.sort()).toEqual(before.map((c) => c.serialHex).sort());
    const seqs = [...revokes, deactivate].map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
    // The published CRL lists both serials (openssl reads it).
    const crl = Buffer.from(await (await fetch(`${testApp.base}/pki/crl.der`)).arrayBuffer());
    const file = path.join(tmpDir, 'crl.der');
    fs.writeFileSync(file, crl);
    const text = spawnSync('/usr/bin/openssl', ['crl', '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8' }).stdout.toLowerCase();
    for (const c of before) expect(text.replace(/[: ]/g, '')).toContain(c.serialHex.replace(/^0+/, ''));
    expect(text).toContain('affiliation changed');

    // Reactivated, the user has no certificate back: certificate sign-in stays refused.
    expect((await http('user.setActive', { cookie: admin, mutation: true, input: { userId: clerk, active: true } })).status).toBe(200);
    expect((await db.select().from(certificates).where(eq(certificates.userId, clerk))).every((c) => c.status === 'revoked')).toBe(true);
    await expect(kit.asCert('bidder1b')).rejects.toMatchObject({ cause: { details: { reason: 'CERT_REVOKED' } } });
  });
});
