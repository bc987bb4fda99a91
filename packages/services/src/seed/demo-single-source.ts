/**
 * Demo: a single-source procurement in its publicity (issue 18 §3; CG §31, CGT §38). 示范市第一人民医院
 * buys the maintenance of its proton therapy system from the manufacturer's service company, names it as
 * the one supplier, and publishes the publicity (≥ 5 working days, fitted to the day the demo is seeded).
 * Only that supplier (西湖医疗设备有限公司, bidder5) may register; at the publicity end the procedure moves
 * on to the negotiation by its timer.
 */
import { eq } from 'drizzle-orm';
import { organizations, type Tx } from '@ebid/db';
import { isAppError } from '@ebid/domain';
import type { Deps } from '../deps.ts';
import { createProject, draftNotice, publishNotice, saveSchedule, submitNotice } from '../projects/index.ts';
import { at0930, contextFor, lawfulDemoSchedule } from './demo-projects.ts';
import { shifted } from './demo-tendering.ts';

export const DEMO_SINGLE_SOURCE_PROJECT = '示范市第一人民医院质子治疗系统原厂维保服务单一来源采购';
const SUPPLIER = '西湖医疗设备有限公司';

/** Seeds the project; returns it as skipped (with the reason) when a rule refuses it. */
export async function seedDemoSingleSource(tx: Tx, deps: Deps): Promise<{ published: string[]; skipped: { name: string; reason: string }[] }> {
  try {
    await tx.transaction(async (sp) => {
      const dd = shifted(deps, sp, 0); // the services on the savepoint, at today's clock
      const owner = await contextFor(sp, 'tenderee2');
      const staff = await contextFor(sp, 'staff');
      const [supplier] = await sp.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, SUPPLIER));
      const p = await createProject(dd, owner, {
        tradeType: 'procurement',
        method: 'single_source',
        name: DEMO_SINGLE_SOURCE_PROJECT,
        budgetFen: 4_800_000_00,
        singleSourceSupplierOrgId: supplier?.id ?? null,
        sections: [{ name: '质子治疗系统三年原厂维保服务', ceilingFen: 4_800_000_00 }],
      });
      const { schedule } = await lawfulDemoSchedule(sp, deps, {
        tradeType: 'procurement',
        method: 'single_source',
        t0: deps.clock.now(),
        draft: (now) => ({ noticePublishAt: now.toISOString(), publicityStart: now.toISOString(), publicityEnd: at0930(now, 8) }),
      });
      await saveSchedule(dd, owner, { projectId: p.id, schedule, expectedVersion: p.version });
      const n = await draftNotice(dd, owner, {
        projectId: p.id,
        kind: 'single_source',
        title: `${DEMO_SINGLE_SOURCE_PROJECT}公示`,
        body:
          '一、采购人：示范市第一人民医院。采购项目：质子治疗系统三年原厂维保服务，预算人民币480万元。\n\n' +
          '二、采用单一来源采购方式的原因：该系统的控制软件和核心部件为原厂专有技术，维保服务只能由原厂授权的唯一服务商提供（政府采购法第三十一条第一项）。\n\n' +
          `三、拟定的唯一供应商：${SUPPLIER}。\n\n` +
          '四、专业人员论证意见：经三名医学工程专家论证，该服务具有唯一性。\n\n' +
          '五、公示期间，任何供应商、单位或者个人对采用单一来源采购方式有异议的，可以在公示期内通过交易平台提出。',
      });
      await submitNotice(dd, owner, { noticeId: n.id });
      await publishNotice(dd, staff, { noticeId: n.id });
    });
    return { published: [DEMO_SINGLE_SOURCE_PROJECT], skipped: [] };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { published: [], skipped: [{ name: DEMO_SINGLE_SOURCE_PROJECT, reason: `${e.code}: ${e.messageZh}` }] };
  }
}
