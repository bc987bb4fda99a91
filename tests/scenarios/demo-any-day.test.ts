/**
 * The demo seeds on any day of the year (issue 12, "Done means"): every stage — the four trade types,
 * both tendering stories, the bidding project and the opened project — on days that used to break it:
 * the last days of a year whose successor has no published holiday schedule (2027 here), right before
 * a provisional 春节, right before 国庆, and the day this was written. Nothing is skipped: the schedules are
 * fitted to the limits of the day (rest-day rolls, whole-day windows, provisional working days).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNull } from 'drizzle-orm';
import { evaluations, supervisionAlerts } from '@ebid/db';
import { ensureDevPki } from '@ebid/pki';
import { apiClient, loginAs } from '@ebid/api/test-client';
import { DEMO_PASSWORD, seedDemo, seedHolidayCalendar, type Logger } from '@ebid/services';
import { createTestDatabase, createTestDeps, createTestS3Store } from '@ebid/testing';

describe.each([
  ['2026-12-06T02:00:00Z', 'the day this was written: periods reach into the unpublished 2027'],
  ['2026-12-29T02:00:00Z', 'the last working days of 2026: refunds and windows fall due in 2027'],
  ['2027-01-27T02:00:00Z', 'ten days before a provisional 春节 (除夕 2027-02-05)'],
  ['2026-09-24T02:00:00Z', 'a week before 国庆 and 中秋 (published 2026)'],
])('seeding the demo on %s (%s)', (today) => {
  it('seeds every stage without skipping a project, and the portal lists every notice', async () => {
    const tdb = await createTestDatabase();
    const platform = await ensureDevPki(fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-demo-day-')), { now: new Date('2026-01-01T00:00:00Z') });
    const deps = await createTestDeps(tdb.database, { storage: await createTestS3Store(), clockStart: new Date(today), pki: { platform, trustedRootsPem: [platform.rootCertPem] } });
    const warnings: { obj: object; msg?: string }[] = [];
    const logger: Logger = { info() {}, debug() {}, error() {}, warn: (obj, msg) => void warnings.push({ obj, msg }) };
    try {
      await seedHolidayCalendar(deps);
      expect(await seedDemo({ ...deps, logger }, { certificates: false })).toEqual(['identity', 'experts', 'projects', 'sales', 'tendering', 'bids', 'opening', 'committee', 'evaluation']);
      expect(warnings).toEqual([]);
      const { items } = await (await apiClient(deps).call()).portal.notices({ limit: 50 });
      expect(items.map((i) => i.project.tradeType).sort()).toEqual(['engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'engineering', 'land', 'procurement', 'procurement', 'procurement', 'property']);
      expect(items.filter((i) => i.project.status !== 'PUBLISHED').map((i) => i.project.status).sort()).toEqual(['BIDDING', 'EVALUATION', 'EVALUATION', 'OPENING', 'PREQUALIFICATION', 'PREQUALIFICATION']);
      // Issue 22 §7: one evaluation signed, one waiting for its members — on any day.
      expect((await deps.db.select({ status: evaluations.status }).from(evaluations)).map((e) => e.status).sort()).toEqual(['preparing', 'signed']);
      // Issue 20 §1: the supervisors have an open yellow and an open red alert to look at, on any day — as
      // the demo supervisor's own dashboard counts them (scope and secrecy applied), not only in the table.
      const open = await deps.db.select({ level: supervisionAlerts.level }).from(supervisionAlerts).where(isNull(supervisionAlerts.handledAt));
      expect([...new Set(open.map((a) => a.level))].sort()).toEqual(['red', 'yellow']);
      const supervisor = await (await loginAs(deps, 'supervisor', DEMO_PASSWORD)).call();
      const dash = await supervisor.supervision.dashboard({});
      expect(dash.totals.yellow, 'yellow').toBeGreaterThanOrEqual(1);
      expect(dash.totals.red, 'red').toBeGreaterThanOrEqual(1);
      const { alerts } = await supervisor.supervision.dashboardAlerts({});
      expect([...new Set(alerts.map((a) => a.level))].sort()).toEqual(['red', 'yellow']);
    } finally {
      await deps.close();
      await tdb.drop();
    }
  }, 120_000);
});
