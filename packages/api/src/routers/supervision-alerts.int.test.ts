/**
 * Alerts handled and signed (issue 20 §2, domain §6.2, M1), through the real API on real PostgreSQL with
 * the real platform PKI: the responsible party (here the tenderee's company, or center staff where the
 * center is responsible) or a supervisor of the project records the handling and the result and signs
 * `alertHandlingText(...)` with their OWN signing certificate; `openssl cms -verify` accepts the stored
 * signature over the stored text; every bad input is refused with a typed error and changes nothing
 * (the alert row and the project's audit chain stay as they were).
 *
 * The checkpoints and alerts are inserted directly (the engine that raises them is another part of issue 20).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, certificates, checkpoints, supervisionAlerts } from '@ebid/db';
import { alertHandlingText, type AlertLevel } from '@ebid/domain';
import { signCmsDetached } from '@ebid/pki';
import { bidderKeys, callerAs, draftProject, orgOf, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appCode, appError } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ebid-alerts-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

interface Fixture {
  projectId: number;
  projectCode: string;
  /** The objection-answer checkpoint the tenderee's company is responsible for: its yellow and red alerts. */
  ownerYellow: number;
  ownerRed: number;
  /** An opening-start checkpoint the center is responsible for: its red alert. */
  centerRed: number;
}

async function insertCheckpoint(projectId: number, kind: string, responsibleOrgId: number | null, levels: AlertLevel[]): Promise<number[]> {
  const due = new Date(TEST_START.getTime() + 86_400_000);
  const [c] = await deps.db
    .insert(checkpoints)
    .values({ projectId, kind, subjectKey: `${kind}:1`, warnAt: TEST_START, dueAt: due, responsibleOrgId, yellowRaisedAt: TEST_START })
    .returning();
  const ids: number[] = [];
  for (const level of levels) {
    const [a] = await deps.db.insert(supervisionAlerts).values({ checkpointId: c!.id, projectId, level, raisedAt: level === 'yellow' ? TEST_START : due, notified: 3 }).returning();
    ids.push(a!.id);
  }
  return ids;
}

async function fixture(): Promise<Fixture> {
  const p = await draftProject(deps, { name: `预警处理测试项目${Math.random().toString(36).slice(2, 8)}` });
  const owner = await orgOf(deps, 'tenderee');
  const [ownerYellow, ownerRed] = await insertCheckpoint(p.id, 'objection.answer', owner.orgId, ['yellow', 'red']);
  const [centerRed] = await insertCheckpoint(p.id, 'opening.start', null, ['red']);
  return { projectId: p.id, projectCode: p.unifiedDealCode, ownerYellow: ownerYellow!, ownerRed: ownerRed!, centerRed: centerRed! };
}

async function signer(username: string) {
  const k = await bidderKeys(deps, username);
  return { keyPem: k.sign.keyPem, certPem: k.sign.certPem, chainPem: deps.pki.platform.chainPem };
}

/** What `username` signs to handle the alert: the canonical text and the detached CMS over it. */
async function signedHandling(username: string, alert: { id: number; code: string; kind: string; level: AlertLevel }, handling: string, result: string, signAs = username) {
  const u = await orgOf(deps, username);
  const signedText = alertHandlingText({
    alertId: alert.id,
    projectCode: alert.code,
    checkpointKind: alert.kind,
    level: alert.level,
    handling,
    result,
    handler: { userId: u.userId, username, displayName: u.displayName },
  });
  const signatureBase64 = signCmsDetached(Buffer.from(signedText, 'utf8'), await signer(signAs)).toString('base64');
  return { alertId: alert.id, handling, result, signedText, signatureBase64 };
}

/** The alert row and the project's audit chain: what a refused handling must leave as it was. */
async function state(alertId: number, projectId: number) {
  const [row] = await deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.id, alertId));
  const events = await deps.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.chain, `project:${projectId}`));
  return { row, events: events.length };
}

function opensslVerify(name: string, text: string, cmsBase64: string): { status: number | null; stderr: string } {
  const txt = path.join(work, `${name}.txt`);
  const sig = path.join(work, `${name}.p7s`);
  const root = path.join(work, 'root.pem');
  fs.writeFileSync(txt, text, 'utf8');
  fs.writeFileSync(sig, Buffer.from(cmsBase64, 'base64'));
  fs.writeFileSync(root, deps.pki.platform.rootCertPem);
  const r = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', txt, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null'], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('supervision alerts: read (issue 20 §2, M1, M3)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });

  it('the tenderee (responsible) sees its project’s alerts, may handle its own company’s, not the center’s', async () => {
    const list = await (await as('tenderee')).supervision.alerts({ projectId: f.projectId });
    expect(list.map((a) => [a.id, a.level, a.checkpointKind, a.mayHandle, a.handled])).toEqual([
      [f.centerRed, 'red', 'opening.start', false, false],
      [f.ownerRed, 'red', 'objection.answer', true, false],
      [f.ownerYellow, 'yellow', 'objection.answer', true, false],
    ]);
    expect(list[1]).toMatchObject({ projectCode: f.projectCode, responsibleOrgName: (await orgOf(deps, 'tenderee')).orgName, checkpointDone: false });
    expect(list[0]!.responsibleOrgName).toBeNull();
  });

  it('staff see them and may handle the center’s; a supervisor may handle every one (scope: scope.ts)', async () => {
    const staff = await (await as('staff')).supervision.alerts({ projectId: f.projectId });
    expect(staff.map((a) => [a.id, a.mayHandle])).toEqual([
      [f.centerRed, true],
      [f.ownerRed, false],
      [f.ownerYellow, false],
    ]);
    const sup = await (await as('supervisor')).supervision.alerts({ projectId: f.projectId, level: 'red' });
    expect(sup.map((a) => [a.id, a.mayHandle])).toEqual([
      [f.centerRed, true],
      [f.ownerRed, true],
    ]);
  });

  it('another tenderee sees none of them and cannot read one; a bidder may not call at all', async () => {
    const other = await as('tenderee2');
    expect(await other.supervision.alerts({ projectId: f.projectId })).toEqual([]);
    expect((await other.supervision.alerts({})).map((a) => a.projectId)).not.toContain(f.projectId);
    expect(await appCode(other.supervision.alert({ id: f.ownerRed }))).toBe('NOT_FOUND');
    expect(await appCode((await as('bidder1')).supervision.alerts({}))).toBe('FORBIDDEN');
    expect(await appCode((await as('bidder1')).supervision.alert({ id: f.ownerRed }))).toBe('FORBIDDEN');
  });
});

describe('supervision.handleAlert (issue 20 §2, M1)', () => {
  let f: Fixture;
  const facts = () => ({ id: f.ownerRed, code: f.projectCode, kind: 'objection.answer', level: 'red' as const });
  beforeAll(async () => {
    f = await fixture();
  });

  it.each<[string, string, () => Promise<Parameters<Awaited<ReturnType<typeof as>>['supervision']['handleAlert']>[0]>, string, string | undefined]>([
    ['a bidder', 'bidder1', () => signedHandling('bidder1', facts(), '已处理', '已答复'), 'FORBIDDEN', undefined],
    ['another tenderee (not responsible)', 'tenderee2', () => signedHandling('tenderee2', facts(), '已处理', '已答复'), 'FORBIDDEN', 'NOT_RESPONSIBLE'],
    ['staff on an alert the tenderee is responsible for', 'staff', () => signedHandling('staff', facts(), '已处理', '已答复'), 'FORBIDDEN', 'NOT_RESPONSIBLE'],
    ['no result', 'tenderee', async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), result: '  ' }), 'VALIDATION', 'RESULT_MISSING'],
    ['no handling', 'tenderee', async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), handling: '' }), 'VALIDATION', 'HANDLING_MISSING'],
    ['no signature', 'tenderee', async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), signatureBase64: '' }), 'VALIDATION', 'SIGNATURE_MISSING'],
    [
      'a signature over another text',
      'tenderee',
      async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), signatureBase64: (await signedHandling('tenderee', facts(), '另一段处理情况', '已答复')).signatureBase64 }),
      'VALIDATION',
      'SIGNATURE_INVALID',
    ],
    ['a signed text that is not the handling’s', 'tenderee', async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), result: '尚未答复' }), 'VALIDATION', 'SIGNED_TEXT_MISMATCH'],
    ['the text signed by another user’s certificate (staff’s)', 'tenderee', () => signedHandling('tenderee', facts(), '已督促经办人答复', '已答复', 'staff'), 'VALIDATION', 'SIGNER_NOT_USER'],
    ['garbage for a signature', 'tenderee', async () => ({ ...(await signedHandling('tenderee', facts(), '已督促经办人答复', '已答复')), signatureBase64: Buffer.alloc(200, 7).toString('base64') }), 'VALIDATION', 'SIGNATURE_INVALID'],
  ])('refused, nothing changes: %s', async (_label, username, input, code, reason) => {
    const before = await state(f.ownerRed, f.projectId);
    const err = await appError((await as(username)).supervision.handleAlert(await input()));
    expect(err.code).toBe(code);
    if (reason) expect(err.details).toMatchObject({ reason });
    expect(err.messageZh.length).toBeGreaterThan(0);
    expect(err.messageEn.length).toBeGreaterThan(0);
    expect(await state(f.ownerRed, f.projectId)).toEqual(before);
    expect(before.row!.handledAt).toBeNull();
  });

  it('the tenderee handles it with its own certificate: stored, audited in the project chain, verified by openssl', async () => {
    const input = await signedHandling('tenderee', facts(), '  已督促经办人在当日答复异议\r\n并通报项目负责人 ', '异议已于当日答复，项目恢复');
    const before = await state(f.ownerRed, f.projectId);
    const tenderee = await as('tenderee');
    const t0 = deps.clock.now().getTime();
    const done = await tenderee.supervision.handleAlert(input);
    const t1 = deps.clock.now().getTime();
    const me = await orgOf(deps, 'tenderee');
    expect(done).toMatchObject({
      id: f.ownerRed,
      handled: true,
      mayHandle: false,
      handlerName: me.displayName,
      handlerOrgName: me.orgName,
      handling: '已督促经办人在当日答复异议\n并通报项目负责人',
      result: '异议已于当日答复，项目恢复',
      signedText: input.signedText,
      signatureBase64: input.signatureBase64,
    });
    // stamped by the server clock
    expect(Date.parse(done.handledAt!)).toBeGreaterThanOrEqual(t0);
    expect(Date.parse(done.handledAt!)).toBeLessThanOrEqual(t1);
    const [cert] = await deps.db.select().from(certificates).where(eq(certificates.id, (await bidderKeys(deps, 'tenderee')).sign.id));
    expect(done.signerCertSerial).toBe(cert!.serialHex);
    const events = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, `project:${f.projectId}`), eq(auditEvents.action, 'supervision.alert_handle')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: me.userId, subjectType: 'supervision_alert', subjectId: String(f.ownerRed) });
    expect(events[0]!.payload).toMatchObject({ checkpointKind: 'objection.answer', level: 'red', certSerial: done.signerCertSerial });
    expect((await state(f.ownerRed, f.projectId)).events).toBe(before.events + 1);

    const ok = opensslVerify('tenderee-handling', done.signedText!, done.signatureBase64!);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('Verification successful');
    const tampered = opensslVerify('tenderee-tampered', done.signedText!.replace('项目恢复', '项目终止'), done.signatureBase64!);
    expect(tampered.status).not.toBe(0);
  });

  it('an alert already handled is refused (CONFLICT), even to a supervisor, and nothing changes', async () => {
    const before = await state(f.ownerRed, f.projectId);
    const input = await signedHandling('supervisor', facts(), '监管复核', '无需再处理');
    expect(await appError((await as('supervisor')).supervision.handleAlert(input))).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALERT_HANDLED' } });
    expect(await state(f.ownerRed, f.projectId)).toEqual(before);
  });

  it('staff handle the center’s alert and a supervisor the yellow one; the handled alerts stay in the project’s record', async () => {
    const staffDone = await (await as('staff')).supervision.handleAlert(
      await signedHandling('staff', { id: f.centerRed, code: f.projectCode, kind: 'opening.start', level: 'red' }, '已联系主持人', '开标已开始'),
    );
    expect(opensslVerify('staff', staffDone.signedText!, staffDone.signatureBase64!).status).toBe(0);
    const supDone = await (await as('supervisor')).supervision.handleAlert(
      await signedHandling('supervisor', { id: f.ownerYellow, code: f.projectCode, kind: 'objection.answer', level: 'yellow' }, '提醒招标人按期答复', '招标人已知悉'),
    );
    expect(supDone).toMatchObject({ handled: true, handlerName: (await orgOf(deps, 'supervisor')).displayName });
    expect(opensslVerify('supervisor', supDone.signedText!, supDone.signatureBase64!).status).toBe(0);

    for (const u of ['tenderee', 'staff', 'supervisor']) {
      const c = await as(u);
      expect((await c.supervision.alerts({ projectId: f.projectId, state: 'open' })).map((a) => a.id)).toEqual([]);
      const handled = await c.supervision.alerts({ projectId: f.projectId, state: 'handled' });
      expect(handled.map((a) => [a.id, a.handled, a.mayHandle])).toEqual([
        [f.centerRed, true, false],
        [f.ownerRed, true, false],
        [f.ownerYellow, true, false],
      ]);
      const detail = await c.supervision.alert({ id: f.ownerRed });
      expect(detail.signedText).toContain('ebid-alert-handling:v1\n');
      expect(opensslVerify(`detail-${u}`, detail.signedText!, detail.signatureBase64!).status).toBe(0);
    }
  });

  it('a signature by the handler’s own but revoked certificate is refused (CERT_REVOKED), nothing changes', async () => {
    const g = await fixture();
    const keys = await bidderKeys(deps, 'staff2');
    await (await as('staff2')).cert.revoke({ certificateId: keys.sign.id, reason: 1 });
    const before = await state(g.centerRed, g.projectId);
    const input = await signedHandling('staff2', { id: g.centerRed, code: g.projectCode, kind: 'opening.start', level: 'red' }, '已联系主持人', '开标已开始');
    expect(await appError((await as('staff2')).supervision.handleAlert(input))).toMatchObject({ code: 'VALIDATION', details: { reason: 'CERT_REVOKED' } });
    expect(await state(g.centerRed, g.projectId)).toEqual(before);
  });

  it('two handlers at once: exactly one handling is kept and audited, the other gets CONFLICT', async () => {
    const g = await fixture();
    const alert = { id: g.centerRed, code: g.projectCode, kind: 'opening.start', level: 'red' as const };
    const [staffInput, supInput] = [await signedHandling('staff', alert, '中心处理', '已开标'), await signedHandling('supervisor', alert, '监管处理', '已开标')];
    const [staff, sup] = [await as('staff'), await as('supervisor')];
    const outcomes = await Promise.all([appCode(staff.supervision.handleAlert(staffInput)), appCode(sup.supervision.handleAlert(supInput))]);
    expect(outcomes.sort()).toEqual(['CONFLICT', 'OK']);
    const events = await deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, `project:${g.projectId}`), eq(auditEvents.action, 'supervision.alert_handle')));
    expect(events).toHaveLength(1);
    const [row] = await deps.db.select().from(supervisionAlerts).where(eq(supervisionAlerts.id, g.centerRed));
    expect(row!.handledBy).toBe(events[0]!.actorUserId);
  });
});
