/**
 * O2 with sections (issue 16 §7): a GP 公开招标 whose evaluated section fails at the compliance review while
 * another section of the project is still open — the section fails alone with its own 废标公告 and the
 * project goes on. Its own file: each evaluation kit publishes a project scheduled from the test start.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, notices, projects, sections } from '@ebid/db';
import { gpComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { TEST_START, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { closeStage } from './review.ts';
import { beginReview, evaluationKit, reviewKit, signOneValidOfThree, type ReviewKit } from './review-test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let rk: ReviewKit;

beforeAll(async () => {
  const kit = await evaluationKit(deps, { method: gpComprehensive(), project: { tradeType: 'procurement', method: 'open', budgetFen: 880_000_000 } });
  rk = reviewKit(kit);
  await beginReview(deps, rk);
}, 180_000);

describe('GP: the failed evaluation of one section of several fails that section alone (O2, issue 16 §7)', () => {
  it('the section FAILED with its own 废标公告; the project, with another section still open, goes on', async () => {
    const [before] = await deps.db.select().from(projects).where(eq(projects.id, rk.kit.projectId));
    const [other] = await deps.db.insert(sections).values({ projectId: rk.kit.projectId, code: '002', name: '第二包：运维服务' }).returning();
    await signOneValidOfThree(deps, rk);
    const closed = await closeStage(deps, await rk.ctx(rk.chair), { evaluationId: rk.kit.evaluationId });
    expect(closed).toMatchObject({ status: 'failed', closed: 'compliance' });
    const [s] = await deps.db.select().from(sections).where(eq(sections.id, rk.kit.sectionId));
    expect(s).toMatchObject({ status: 'failed', failureReason: 'too_few_compliant', failureNoticeId: closed.failureNoticeId });
    const [n] = await deps.db.select().from(notices).where(eq(notices.id, closed.failureNoticeId!));
    expect(n).toMatchObject({ kind: 'failure', status: 'published', sectionId: rk.kit.sectionId });
    expect(n!.body).toContain('本项目其他标段不受影响');
    const [p] = await deps.db.select().from(projects).where(eq(projects.id, rk.kit.projectId));
    expect(p!.status).toBe(before!.status); // not FAILED: the kit evaluates while the project is OPENING or EVALUATION
    expect(p!.status).not.toBe('FAILED');
    const [o] = await deps.db.select().from(sections).where(eq(sections.id, other!.id));
    expect(o!.status).toBe('open');
    const [ev] = await deps.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'section.fail'), eq(auditEvents.subjectId, String(rk.kit.sectionId))));
    expect(ev!.payload).toMatchObject({ reason: 'too_few_compliant', count: 1, minBidders: 3 });
  }, 180_000);
});
