import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '@ebid/server/app';
import { createTestDatabase, createTestDeps, type TestDatabase } from '@ebid/testing';
import { run } from './main.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  deps = await createTestDeps(tdb.database);
  app = await buildServer(deps, {});
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await deps.live.stop();
  await app?.close();
  await deps?.close();
  await tdb?.drop();
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, (s) => (out += s));
  return { code, out };
}

describe('ebid', () => {
  it('health reports a running server', async () => {
    const r = await cli(['health', '--url', base]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'ok', database: { ok: true }, objectStore: { ok: true } });
  });
  it('health of an unreachable server exits 2', async () => {
    const r = await cli(['health', '--url', 'http://127.0.0.1:1']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('cannot reach');
  });
  it.each([
    [[], 64],
    [['--help'], 0],
    [['frobnicate'], 64],
  ])('%j exits %i with the usage', async (args, code) => {
    const r = await cli(args);
    expect(r.code).toBe(code);
    expect(r.out).toContain('Usage:');
  });
});
