/**
 * Prequalification (资格预审) as it happens: a project published with its qualification criteria, the
 * applicants registered and answering every criterion (with evidence where required), the application
 * deadline passed and the review started by its timer job, and staff deciding each answer.
 */
import { callerAs, type Caller, type TestDeps } from './callers.ts';
import { runTestJob } from './opening.ts';
import { publishedProject, type PublishOptions, type TestProject } from './projects.ts';
import { PREQUALIFICATION_SCHEDULE } from './schedule.ts';
import { uploadFile } from './uploads.ts';

export type CriterionInput = Parameters<Caller['qualification']['setCriteria']>[0]['criteria'][number];
export type Criterion = Awaited<ReturnType<Caller['qualification']['setCriteria']>>[number];

/** Two criteria: a licence that needs evidence (Q1) and a registered capital of at least 10,000,000 CNY (Q2). */
export const TEST_CRITERIA: CriterionInput[] = [
  { code: 'Q1', category: 'licence', title: '施工总承包资质', requirement: '具备市政公用工程施工总承包二级及以上资质', evidenceRequired: true },
  { code: 'Q2', category: 'financial', title: '注册资本', requirement: '注册资本不少于人民币1000万元', minValue: 1_000_000_000, unit: 'fen', evidenceRequired: false },
];

/** The application deadline of the prequalification schedule. */
export const TEST_APPLICATION_DEADLINE = new Date(PREQUALIFICATION_SCHEDULE.prequalApplicationDeadline);

/**
 * A prequalification project with its criteria (default TEST_CRITERIA) set in DRAFT, then published like
 * publishedProject (prequalification documents, the prequalification schedule and notice).
 */
export async function prequalificationProject(
  deps: TestDeps,
  opts: PublishOptions & { criteria?: readonly CriterionInput[] } = {},
): Promise<{ project: TestProject; sectionId: number; criteria: Criterion[] }> {
  const { criteria = TEST_CRITERIA, ...publish } = opts;
  let set: Criterion[] = [];
  const project = await publishedProject(deps, {
    prequalification: true,
    ...publish,
    beforeNotice: async (p) => {
      set = await (await callerAs(deps, publish.owner ?? 'tenderee')).qualification.setCriteria({ projectId: p.id, criteria: [...criteria] });
    },
  });
  return { project, sectionId: project.sections[0]!.id, criteria: set };
}

/**
 * The bidders register for each section and answer both TEST_CRITERIA (Q1 with an uploaded certificate);
 * then the clock passes the application deadline and the review starts (PREQUALIFICATION). Returns the
 * registration ids keyed by bidder (`bidder1`), and `bidder1:2`, … for the second and later sections.
 */
export async function answeredApplicants(
  deps: TestDeps,
  at: { projectId: number; sectionIds: number | number[]; criteria: { id: number }[] },
  bidders: string[],
): Promise<Record<string, number>> {
  const regs: Record<string, number> = {};
  for (const [i, sectionId] of [at.sectionIds].flat().entries()) {
    for (const b of bidders) {
      const c = await callerAs(deps, b);
      const r = await c.registration.register({ sectionId });
      regs[i === 0 ? b : `${b}:${i + 1}`] = r.id;
      const file = await uploadFile(deps, b, '资质证书.pdf', Buffer.from(`${b} 资质证书 ${at.projectId}`));
      await c.qualification.answer({ registrationId: r.id, criterionId: at.criteria[0]!.id, statement: '具备市政公用工程施工总承包一级资质', evidenceUploadIds: [file] });
      await c.qualification.answer({ registrationId: r.id, criterionId: at.criteria[1]!.id, statement: '注册资本5000万元', value: 5_000_000_000, evidenceUploadIds: [] });
    }
  }
  deps.clock.set(new Date(TEST_APPLICATION_DEADLINE.getTime() + 60_000));
  await runTestJob(deps, 'project.timer', { projectId: at.projectId, event: 'start_prequalification' });
  return regs;
}

/** Staff decide every answer: all pass, except the first criterion of the registrations keyed in `failing`. */
export async function decideAllAnswers(deps: TestDeps, criteria: { id: number }[], regs: Record<string, number>, failing: string[]): Promise<void> {
  const staff = await callerAs(deps, 'staff');
  for (const [b, regId] of Object.entries(regs)) {
    for (const c of criteria) {
      const pass = !(failing.includes(b) && c === criteria[0]);
      await staff.qualification.decide({ registrationId: regId, criterionId: c.id, pass, reason: pass ? '符合资格预审文件要求' : `${b}资质证书已过有效期` });
    }
  }
}
