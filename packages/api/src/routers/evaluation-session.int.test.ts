/**
 * The evaluation's session procedures through the real API (issue 22 §1): every procedure of the group
 * once, so its input and output contracts hold against what the services return; the access table's
 * refusals for the wrong roles; a bidder's clarification view carries no committee name (E4). The rules
 * themselves are tested beside the services (packages/services/src/evaluation/*.int.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { users } from '@ebid/db';
import { engComprehensive } from '@ebid/domain/evaluation/test-fixtures';
import { callerAs, certCallerAs, TEST_START, useDemoTestDeps, type Caller, type TestDeps } from '@ebid/testing';
import { signCmsDetached } from '@ebid/pki';
import { apiClient, appCode, appError } from '../test-client.ts';
// The evaluation kit lives beside the evaluation services (it starts a session the way staff do).
import { evaluationKit, type KitEvaluation } from '../../../services/src/evaluation/test-kit.ts';

let deps: TestDeps;
useDemoTestDeps((d) => (deps = d), { clockStart: TEST_START });

let kit: KitEvaluation;
let members: Caller[] = [];

beforeAll(async () => {
  kit = await evaluationKit(deps, { method: engComprehensive() });
  members = [];
  for (const m of kit.members) {
    const c = await certCallerAs(deps, m.sign);
    members.push(c);
    await c.evaluation.signIn({ evaluationId: kit.evaluationId });
    const { text } = await c.evaluation.declaration({ evaluationId: kit.evaluationId });
    await c.evaluation.declare({ evaluationId: kit.evaluationId, signatureBase64: signCmsDetached(Buffer.from(text, 'utf8'), m.sign).toString('base64') });
  }
}, 120_000);

describe('evaluation session procedures (issue 22 §1)', () => {
  it('the views, the chair, the bid viewer, clarifications, extension and progress through the API', async () => {
    const id = kit.evaluationId;
    const [m0, m1, m2] = members as [Caller, Caller, Caller];
    expect((await m0.evaluation.get({ evaluationId: id })).bids).toHaveLength(3);
    expect((await m0.evaluation.mine()).map((x) => x.evaluationId)).toEqual([id]);
    expect((await (await callerAs(deps, 'staff')).evaluation.list()).map((x) => x.evaluationId)).toContain(id);
    for (const c of [m0, m1]) await c.evaluation.voteChair({ evaluationId: id, candidateUserId: kit.members[0]!.userId });
    expect(await m2.evaluation.voteChair({ evaluationId: id, candidateUserId: kit.members[0]!.userId })).toMatchObject({ chairUserId: kit.members[0]!.userId, status: 'compliance' });
    const parts = await m1.evaluation.bidParts({ evaluationId: id, label: '投标人1' });
    expect(parts.parts.map((p) => p.part)).toEqual(['summary']);
    const q = await m0.evaluation.clarify({ evaluationId: id, label: '投标人1', question: '请澄清工期。', answerBy: new Date(deps.clock.now().getTime() + 3_600_000).toISOString() });
    const b1 = await callerAs(deps, 'bidder1');
    const mine = await b1.evaluation.myClarifications();
    expect(mine.map((x) => x.id)).toEqual([q.id]);
    const names = await deps.db.select({ name: users.displayName, username: users.username }).from(users).where(inArray(users.id, kit.members.map((m) => m.userId)));
    for (const n of names) {
      expect(JSON.stringify(mine)).not.toContain(n.name);
      expect(JSON.stringify(mine)).not.toContain(n.username);
    }
    expect(await b1.evaluation.answerClarification({ clarificationId: q.id, answer: '工期为365日历天。' })).toMatchObject({ id: q.id, open: false });
    expect((await m1.evaluation.clarifications({ evaluationId: id }))[0]).toMatchObject({ id: q.id, answer: '工期为365日历天。' });
    expect(await m1.evaluation.requestExtension({ evaluationId: id, minutes: 60, reason: '技术标较多' })).toMatchObject({ ordinal: 1, requests: 1, granted: false });
    expect((await m0.evaluation.progress({ evaluationId: id })).members).toHaveLength(5);
    // No backup on standby in this committee: the replacement is refused and nothing changes.
    expect((await appError((await callerAs(deps, 'staff')).evaluation.replaceMember({ evaluationId: id, memberUserId: kit.members[4]!.userId, reason: '身体不适' }))).details?.reason).toBe('NO_BACKUP_LEFT');
  });

  it('the access table: a bidder cannot ask, an expert cannot replace, nobody but a bidder answers; the anonymous are refused', async () => {
    const id = kit.evaluationId;
    const b1 = await callerAs(deps, 'bidder1');
    expect(await appCode(b1.evaluation.clarify({ evaluationId: id, label: '投标人1', question: '我方想澄清', answerBy: new Date(deps.clock.now().getTime() + 3_600_000).toISOString() }))).toBe('FORBIDDEN');
    expect(await appCode(b1.evaluation.get({ evaluationId: id }))).toBe('FORBIDDEN');
    expect(await appCode(members[0]!.evaluation.replaceMember({ evaluationId: id, memberUserId: kit.members[1]!.userId, reason: '测试' }))).toBe('FORBIDDEN');
    expect(await appCode(members[0]!.evaluation.answerClarification({ clarificationId: 1, answer: 'x' }))).toBe('FORBIDDEN');
    expect(await appCode((await callerAs(deps, 'supervisor')).evaluation.requestExtension({ evaluationId: id, minutes: 60, reason: 'x' }))).toBe('FORBIDDEN');
    // Without a session the access table refuses before the service (which would say NOT_FOUND).
    const anonymous = await apiClient(deps).call();
    expect(await appCode(anonymous.evaluation.get({ evaluationId: id }))).toBe('UNAUTHORIZED');
    expect(await appCode(anonymous.evaluation.myClarifications())).toBe('UNAUTHORIZED');
  });
});
