/**
 * Demo stage "sales" (issue 18 §4): applications for the demo land plot and equity transfer of the
 * "projects" stage, through the real services, so center staff find the 竞买（受让）申请审核 queue with
 * work in it:
 *
 * - R21-07地块挂牌出让: 华东建工 and 江南路桥 apply; both deposits arrive (cash from the basic account);
 *   staff approve 江南路桥, and 华东建工's application awaits review.
 * - 城投物业40%股权转让: 钱塘市政 applies and its 交易保证金 arrives; it awaits review.
 *
 * The sale engine comes later; these are the applicants it will take.
 */
import { eq } from 'drizzle-orm';
import { deposits, organizations, type Tx } from '@ebid/db';
import { isAppError } from '@ebid/domain';
import { requireActor } from '../context.ts';
import type { Deps } from '../deps.ts';
import { recordDeposit } from '../tendering/deposits/index.ts';
import { applyRegistration, reviewRegistration } from '../tendering/registrations/index.ts';
import { contextFor, demoSectionOf } from './demo-projects.ts';

const LAND = '示范市滨江新区R21-07地块国有建设用地使用权挂牌出让';
const PROPERTY = '示范市城投物业管理有限公司40%股权转让';

/** `username` applies for the one section of `projectName`; its deposit arrives; staff approve it if told. */
async function apply(sp: Tx, deps: Deps, projectName: string, username: string, approve: boolean): Promise<void> {
  const { projectId, sectionId } = await demoSectionOf(sp, projectName);
  const dd: Deps = { ...deps, db: sp as unknown as Deps['db'] };
  const bidder = await contextFor(sp, username);
  const staff = await contextFor(sp, 'staff');
  const r = await applyRegistration(dd, bidder, { sectionId });
  const [d] = await sp.select().from(deposits).where(eq(deposits.registrationId, r.id));
  const [org] = await sp.select().from(organizations).where(eq(organizations.id, requireActor(bidder).orgId));
  if (d && org) {
    await recordDeposit(dd, staff, {
      depositId: d.id,
      amountFen: d.amountFen,
      form: 'cash',
      payerName: org.name,
      payerAccount: org.basicAccountNo ?? null,
      reference: `DEMO-SALE-${projectId}-${r.id}`,
    });
  }
  if (approve) await reviewRegistration(dd, staff, { registrationId: r.id, decision: 'qualified' });
}

/** Seeds what it can; returns the stories it skipped and why. */
export async function seedDemoSales(tx: Tx, deps: Deps): Promise<{ seeded: string[]; skipped: { name: string; reason: string }[] }> {
  const seeded: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const stories: [string, (sp: Tx) => Promise<void>][] = [
    [
      LAND,
      async (sp) => {
        await apply(sp, deps, LAND, 'bidder1', false);
        await apply(sp, deps, LAND, 'bidder2', true);
      },
    ],
    [PROPERTY, (sp) => apply(sp, deps, PROPERTY, 'bidder3', false)],
  ];
  for (const [name, run] of stories) {
    try {
      await tx.transaction((sp) => run(sp));
      seeded.push(name);
    } catch (e) {
      if (!isAppError(e)) throw e;
      skipped.push({ name, reason: `${e.code}: ${e.messageZh}` });
    }
  }
  return { seeded, skipped };
}
