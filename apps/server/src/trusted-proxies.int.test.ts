/**
 * Trusted proxies (issue 13 §3): the client address comes from X-Forwarded-For only through configured
 * proxy hops. From any other peer the header is ignored, so it can neither dodge the per-address login
 * limit nor write a forged address into the audit log and the session record. Production mode here, where
 * the old code trusted every X-Forwarded-For.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents, loginAttempts, sessions, users } from '@ebid/db';
import { LOGIN_POLICY } from '@ebid/domain';
import { DEMO_PASSWORD } from '@ebid/services';
import { buildServer } from './app.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A second server on the same deps with its own config (production mode, given trusted proxies). */
async function serverWith(trustedProxies: string[]): Promise<{ base: string; app: FastifyInstance }> {
  const deps = { ...t.deps, config: { ...t.deps.config, mode: 'production' as const, trustedProxies } };
  const app = await buildServer(deps, {});
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { base, app };
}

async function login(base: string, username: string, password: string, xff?: string) {
  return fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(xff ? { 'x-forwarded-for': xff } : {}) },
    body: JSON.stringify({ username, password }),
  });
}

async function lastLoginOf(username: string) {
  const [u] = await t.deps.db.select().from(users).where(eq(users.username, username));
  const [ev] = await t.deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'auth.login'), eq(auditEvents.subjectId, String(u!.id))))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  const [s] = await t.deps.db.select().from(sessions).where(eq(sessions.userId, u!.id)).orderBy(desc(sessions.id)).limit(1);
  return { audit: ev?.clientAddress, session: s?.clientAddress };
}

describe('client address behind proxies (issue 13 §3)', () => {
  it('no trusted proxy configured: a forged X-Forwarded-For is ignored; audit and session show the socket address', async () => {
    const s = await serverWith([]);
    try {
      const res = await login(s.base, 'tenderee', DEMO_PASSWORD, '203.0.113.9');
      expect(res.status).toBe(200);
      expect(await lastLoginOf('tenderee')).toEqual({ audit: '127.0.0.1', session: '127.0.0.1' });
    } finally {
      await s.app.close();
    }
  });

  it('no trusted proxy: rotating forged addresses does not escape the per-address login limit', async () => {
    const s = await serverWith([]);
    try {
      for (let i = 0; i < LOGIN_POLICY.allowance.address; i++) {
        const res = await login(s.base, `nobody-${i}`, 'wrong-password', `198.51.100.${i + 1}`);
        expect(res.status).toBe(401);
      }
      const res = await login(s.base, 'bidder1', DEMO_PASSWORD, '198.51.100.250');
      expect(res.status).toBe(429);
      expect(await res.text()).toContain('RATE_LIMITED');
    } finally {
      await s.app.close();
      await t.deps.db.delete(loginAttempts);
    }
  });

  it('127.0.0.1 trusted: the last untrusted hop of X-Forwarded-For is the client', async () => {
    const s = await serverWith(['127.0.0.1']);
    try {
      const res = await login(s.base, 'agent', DEMO_PASSWORD, '192.0.2.77, 203.0.113.5');
      expect(res.status).toBe(200);
      expect(await lastLoginOf('agent')).toEqual({ audit: '203.0.113.5', session: '203.0.113.5' });
    } finally {
      await s.app.close();
    }
  });

  it('a trusted CIDR range of proxies is skipped hop by hop', async () => {
    const s = await serverWith(['127.0.0.0/8', '10.0.0.0/8']);
    try {
      const res = await login(s.base, 'supervisor', DEMO_PASSWORD, '192.0.2.8, 203.0.113.6, 10.1.2.3');
      expect(res.status).toBe(200);
      expect(await lastLoginOf('supervisor')).toEqual({ audit: '203.0.113.6', session: '203.0.113.6' });
    } finally {
      await s.app.close();
    }
  });
});
