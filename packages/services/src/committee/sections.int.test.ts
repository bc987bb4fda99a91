/**
 * The sections a committee draw concerns (issue 21 §7): past the bid deadline only (T1), with the
 * committee's id and status once requested; staff see all, a supervisor its scope, nobody else anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { projects } from '@ebid/db';
import { appError } from '@ebid/api/test-client';
import { contextAs, draftProject, useDemoTestDeps, type TestDeps } from '@ebid/testing';
import { requestCommittee } from './request.ts';
import { committeeSections } from './sections.ts';

let deps: TestDeps;
const START = new Date('2026-12-07T02:00:00Z');
useDemoTestDeps((d) => (deps = d), { clockStart: START });
const MIN = 60_000;
let projectId: number;
let sectionId: number;

beforeAll(async () => {
  const p = await draftProject(deps, { name: '示范市专家抽取标段列表测试工程' });
  projectId = p.id;
  sectionId = p.sections[0]!.id;
  await deps.db.update(projects).set({ regionCode: '330100', schedule: { bidDeadline: new Date(START.getTime() + 60 * MIN).toISOString() } }).where(eq(projects.id, projectId));
});

const mine = async (u: string) => (await committeeSections(deps, await contextAs(deps, u))).filter((s) => s.projectId === projectId);

describe('committee.sections (issue 21 §7)', () => {
  it('lists a section only once its bid deadline has passed (T1)', async () => {
    deps.clock.set(new Date(START.getTime() + 59 * MIN));
    expect(await mine('staff')).toEqual([]);
    deps.clock.set(new Date(START.getTime() + 61 * MIN));
    const [s] = await mine('staff');
    expect(s).toMatchObject({ sectionId, tradeType: 'engineering', minSize: 5, committee: null });
  });

  it("shows the committee's id and status once requested, to staff and the project's supervisor", async () => {
    const c = await requestCommittee(deps, await contextAs(deps, 'staff'), {
      sectionId,
      size: 5,
      ownerReps: 0,
      complex: false,
      specialties: [{ specialty: 'housing', members: 5, backups: 0 }],
      respondMinutes: 60,
      sessionAt: '2026-12-09T01:30:00Z',
      sessionPlace: '示范市公共资源交易中心 第3评标室',
    });
    for (const u of ['staff', 'supervisor']) expect((await mine(u))[0]?.committee, u).toEqual({ id: c.id, status: 'committed' });
  });

  it.each(['bidder1', 'tenderee', 'expert01'])('refuses %s', async (u) => {
    expect((await appError(committeeSections(deps, await contextAs(deps, u)))).code).toBe('FORBIDDEN');
  });
});
