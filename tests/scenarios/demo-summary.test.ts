/**
 * Issue 19 §8, the start says what it seeded: the demo seed's summary (DemoSeedSummary, which the start
 * banner prints) through the real services on PostgreSQL and the S3 server. Every project the seed made
 * is in it with its stage as the database has it (status, trade type, method, code); the first start
 * seeds every stage and skips nothing on this day; a restart seeds nothing, says every stage was there
 * already, and still lists the same projects at their current stage.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projects } from '@ebid/db';
import { ensureDevPki } from '@ebid/pki';
import { DEMO_CONFIDENTIAL_PROJECT, DEMO_OPENING_PROJECT, DEMO_SINGLE_SOURCE_PROJECT, seedDemoWithSummary, seedHolidayCalendar, type DemoSeedSummary } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store, type TestDatabase } from '@ebid/testing';
import { demoSeedLines } from '../../apps/server/src/banner.ts';

let tdb: TestDatabase;
let deps: Awaited<ReturnType<typeof createTestDeps>>;
let first: DemoSeedSummary;
let again: DemoSeedSummary;

beforeAll(async () => {
  tdb = await createTestDatabase();
  const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-demo-summary-')), { now: new Date('2026-01-01T00:00:00Z') });
  deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: new Date('2026-06-01T01:00:00Z'), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
  await seedHolidayCalendar(deps);
  first = await seedDemoWithSummary(deps, { certificates: false });
  again = await seedDemoWithSummary(deps, { certificates: false });
}, 180_000);
afterAll(async () => {
  await deps?.close();
  await tdb?.drop();
});

describe('the demo seed says what it seeded (issue 19 §8)', () => {
  it('the first start: every stage seeded, nothing skipped, certificates switched off as asked', () => {
    expect(first.seeded).toEqual(['identity', 'experts', 'projects', 'sales', 'tendering', 'bids', 'opening', 'committee', 'evaluation']);
    expect(first.existing).toEqual([]);
    expect(first.disabled).toEqual(['certificates']);
    expect(first.skipped).toEqual([]);
    // Issue 20 §2: the open alerts the seed raised, counted from the table, the same on a later start.
    expect(first.openAlerts.red).toBeGreaterThanOrEqual(2); // the unrefunded security, the review overdue
    expect(first.openAlerts.yellow).toBeGreaterThanOrEqual(1); // the review due in twelve hours
    expect(again.openAlerts).toEqual(first.openAlerts);
  });

  it('every project in the database is in the summary once, with its stage, trade type, method and code as stored', async () => {
    const rows = await deps.db.select().from(projects);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(first.projects.map((p) => p.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    for (const r of rows) {
      expect(first.projects.find((p) => p.id === r.id), r.name).toMatchObject({ name: r.name, unifiedDealCode: r.unifiedDealCode, tradeType: r.tradeType, method: r.method, status: r.status, seededNow: true });
    }
    // Each story's project is attributed to the stage that made it.
    const stageOf = (name: string) => first.projects.find((p) => p.name === name)?.stage;
    expect(stageOf(DEMO_SINGLE_SOURCE_PROJECT)).toBe('projects');
    expect(stageOf(DEMO_OPENING_PROJECT)).toBe('opening');
    expect(stageOf(DEMO_CONFIDENTIAL_PROJECT)).toBe('opening');
    expect(new Set(first.projects.map((p) => p.tradeType))).toEqual(new Set(['engineering', 'procurement', 'land', 'property']));
  });

  it('the banner prints each project under its stage in words, with its trade type', () => {
    const text = demoSeedLines(first).join('\n');
    expect(text).toContain(`演示项目（按阶段）/ demo projects by stage: ${first.projects.length}`);
    for (const p of first.projects) expect(text, p.name).toContain(`${p.name}（`);
    const opening = text.split('\n');
    const header = opening.findIndex((l) => l.trim() === '开标 / Opening:');
    expect(header).toBeGreaterThan(0);
    expect(opening.slice(header + 1).find((l) => l.includes(DEMO_OPENING_PROJECT))).toContain('（工程建设 · 公开招标）');
    // Nothing skipped on this day: what was not generated is only the certificates, switched off here.
    expect(text.split('  未生成 / not seeded:\n')[1]).toBe('    certificates: 已关闭 / switched off');
  });

  it('a restart seeds nothing, says every stage was there already, and lists the same projects at their stage now', () => {
    expect(again.seeded).toEqual([]);
    expect(again.existing.map((e) => e.stage)).toEqual(first.seeded);
    expect(again.projects.map((p) => [p.id, p.status, p.stage])).toEqual(first.projects.map((p) => [p.id, p.status, p.stage]));
    expect(again.projects.every((p) => !p.seededNow)).toBe(true);
    expect(demoSeedLines(again).join('\n')).toContain('identity, experts, projects, sales, tendering, bids, opening, committee, evaluation: 已存在数据，未重新生成');
  });
});
