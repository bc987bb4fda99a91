/**
 * Issue 20 §5 with issue 21's demo stage: a start whose clock is not trusted (T3 — NTP configured, no valid
 * answer yet) refuses the openings, so the opening stories are skipped; the stages built on them (the
 * committee draws of those projects) must then be skipped too, with their reason in the summary, and the
 * start must go on — not fail with "no project". Found by the time-source browser test in CI (stop 29).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevPki } from '@ebid/pki';
import { seedDemoWithSummary, seedHolidayCalendar, type DemoSeedSummary } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { demoSeedLines } from '../../apps/server/src/banner.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let summary: DemoSeedSummary;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-demo-untrusted-')), { now: new Date('2026-01-01T00:00:00Z') });
  // A time source is configured and has never answered: the clock is not trusted (state unknown, blocking).
  deps = await createTestDeps(tdb.database, {
    storage: await createTestS3Store(),
    clockStart: new Date('2026-06-01T01:00:00Z'),
    pki: { platform, trustedRootsPem: [platform.rootCertPem] },
    env: { NTP_SERVERS: '127.0.0.1:9' },
  });
  expect(deps.timeSource.status().blocking).toBe(true);
  await seedHolidayCalendar(deps);
  summary = await seedDemoWithSummary(deps, { certificates: false });
}, 180_000);
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

describe('the demo seed with an untrusted clock (T3)', () => {
  it('seeds every stage; the openings are skipped for the clock, the committees for their missing projects', () => {
    expect(summary.seeded).toEqual(['identity', 'experts', 'projects', 'sales', 'tendering', 'bids', 'opening', 'committee', 'evaluation']);
    const opening = summary.skipped.filter((s) => s.stage === 'opening');
    expect(opening.length).toBeGreaterThanOrEqual(2);
    for (const s of opening) expect(s.reason).toContain('CLOCK_UNTRUSTED');
    const committee = summary.skipped.filter((s) => s.stage === 'committee');
    expect(committee).toHaveLength(3); // both opened projects' committees and the consultation's
    const evaluation = summary.skipped.filter((s) => s.stage === 'evaluation');
    expect(evaluation).toHaveLength(2); // both opened projects' evaluations
    for (const s of [...committee, ...evaluation]) {
      expect(s.reason).toMatch(/^NOT_FOUND: /);
      expect(s.reason).toContain('前一阶段');
    }
  });

  it('the banner says what was skipped and why', () => {
    const text = demoSeedLines(summary).join('\n');
    expect(text).toContain('CLOCK_UNTRUSTED');
    expect(text).toContain('前一阶段');
  });
});
