/**
 * supervision.checkpoints through the real API (issue 20 §1, M1, M3): a project's checkpoints with their
 * state computed from server time — green → yellow → red → done (late) for an objection's answer —, the
 * due instant, the responsible party and the completing act; the owner side, the center and supervisors
 * read them, a bidder or another tenderee cannot; the refund checkpoints (how many securities) stay
 * hidden until the bid deadline.
 */
import { describe, expect, it } from 'vitest';
import { declareCheckpoint } from '@ebid/services';
import { callerAs, publishedProject, TEST_DEADLINE, TEST_START, type TestDeps, useDemoTestDeps } from '@ebid/testing';
import { appCode } from '../test-client.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });
const as = (u: string) => callerAs(deps, u);
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}+08:00`);
const at = (s: string) => deps.clock.set(bj(s));

describe('supervision.checkpoints (issue 20 §1)', () => {
  it('the state follows server time; the owner side, staff and supervisors read the same rows; others are refused', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, { name: '示范市监督点查询工程', tradeType: 'engineering', prequalification: false, noticeTitle: '示范市监督点查询工程公告', noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
    at('2026-03-04 09:00:00'); // Wed: + 3 d = Sat 3/7 → rolls to Mon 3/9, due 24:00
    const o = await (await as('bidder3')).objection.file({ projectId: p.id, title: '关于资格条件的异议', body: '招标文件第三章资格条件要求的业绩年限明显排斥潜在投标人，请予以修改。' });
    const read = async (u: string) => (await as(u)).supervision.checkpoints({ projectId: p.id });
    const answer = async (u: string) => (await read(u)).find((c) => c.subjectKey === `objection:${o.id}`)!;

    const rows = await read('tenderee');
    expect(rows.map((c) => c.kind).sort()).toEqual(['documents.sale_period', 'objection.answer', 'opening.start']); // the sale period: declared with the notice
    expect(await answer('tenderee')).toMatchObject({
      kind: 'objection.answer',
      nameZh: '异议答复',
      rule: expect.stringContaining('ZTBT §22'),
      state: 'green',
      dueAt: bj('2026-03-10 00:00:00').toISOString(),
      warnAt: bj('2026-03-09 00:00:00').toISOString(),
      provisional: false,
      responsible: { party: 'owner_side', orgId: expect.any(Number), orgName: expect.any(String) },
      doneAt: null,
      late: false,
    });
    expect(rows.find((c) => c.kind === 'opening.start')).toMatchObject({ responsible: { party: 'center', orgId: null, orgName: null }, dueAt: new Date(TEST_DEADLINE.getTime() + 15 * 60_000 + 1000).toISOString() });
    for (const u of ['staff', 'supervisor', 'admin']) expect(await read(u), u).toEqual(rows);

    at('2026-03-09 00:00:01');
    expect((await answer('supervisor')).state).toBe('yellow');
    at('2026-03-10 00:00:01');
    expect((await answer('staff')).state).toBe('red');
    await (await as('tenderee')).objection.answer({ objectionId: o.id, answer: '经研究，维持招标文件原规定，理由如下。' });
    expect(await answer('tenderee')).toMatchObject({ state: 'done', doneAct: 'objection.answer', late: true });

    for (const u of ['bidder3', 'bidder1', 'tenderee2']) expect(await appCode((await as(u)).supervision.checkpoints({ projectId: p.id })), u).toBe('FORBIDDEN');
    expect(await appCode((await as('staff')).supervision.checkpoints({ projectId: 99_999_999 }))).toBe('NOT_FOUND');
  });

  it('refund checkpoints are not listed before the bid deadline (how many securities is secret), and are after it', async () => {
    deps.clock.set(TEST_START);
    const p = await publishedProject(deps, { name: '示范市监督点保密工程', tradeType: 'engineering', prequalification: false, noticeTitle: '示范市监督点保密工程公告', noticeBody: '一、招标条件\n\n本项目已具备招标条件，现进行公开招标。' });
    const due = new Date(TEST_DEADLINE.getTime() + 5 * 86_400_000);
    await deps.db.transaction((tx) => declareCheckpoint(tx, deps, { projectId: p.id, kind: 'deposit.refund', subjectKey: 'deposit:424242', dueAt: due, provisional: false, responsibleOrgId: null }));
    for (const u of ['staff', 'supervisor', 'tenderee']) expect((await (await as(u)).supervision.checkpoints({ projectId: p.id })).map((c) => c.kind).sort(), u).toEqual(['documents.sale_period', 'opening.start']);
    deps.clock.set(new Date(TEST_DEADLINE.getTime() + 60_000));
    for (const u of ['staff', 'supervisor', 'tenderee']) expect((await (await as(u)).supervision.checkpoints({ projectId: p.id })).map((c) => c.kind).sort(), u).toEqual(['deposit.refund', 'documents.sale_period', 'opening.start']);
  });
});
