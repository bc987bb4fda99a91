/**
 * The demo's "projects" stage (issue 4 §7) through the real services on PostgreSQL and the S3 server:
 * one project of each trade type, legally scheduled from today, its notice published as a sealed PDF and
 * listed on the public portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '@ebid/api/test-client';
import { verifySealedPdf } from '@ebid/pdf';
import { seedDemo, seedHolidayCalendar } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // A fixed "today" whose working-day periods stay inside the announced 2025–2026 calendar.
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: new Date('2026-06-01T01:00:00Z') });
  await seedHolidayCalendar(deps);
  expect(await seedDemo(deps, { certificates: false })).toEqual(['identity', 'projects']);
  expect(await seedDemo(deps, { certificates: false })).toEqual([]);
}, 120_000);
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

describe('demo projects', () => {
  it('publishes one notice per trade type on the portal, each a valid sealed PDF', async () => {
    const anon = await apiClient(deps).call();
    const { items } = await anon.portal.notices({ limit: 50 });
    expect(items.map((i) => i.project.tradeType).sort()).toEqual(['engineering', 'land', 'procurement', 'property']);
    expect(items.every((i) => i.project.status === 'PUBLISHED')).toBe(true);
    for (const n of items) {
      const chunks: Buffer[] = [];
      for await (const c of (await deps.storage.get(n.pdfSha256)) as AsyncIterable<Buffer>) chunks.push(c);
      // The test PKI was made with the real clock, the app runs on a fake one: verify at the real time.
      const check = await verifySealedPdf(Buffer.concat(chunks), { trustedRootsPem: [deps.pki.platform.rootCertPem], at: new Date() });
      expect(check.ok, n.title).toBe(true);
    }
    const changes = await anon.portal.changes({ after: 0, limit: 100 });
    expect(changes.changes).toHaveLength(4);
  });
});
