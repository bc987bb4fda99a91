/**
 * Demo data for the embedded start (issue 2 §3): seeded once, in stages, each stage recorded in
 * system_meta so a restart seeds nothing twice. Later capabilities append their stage.
 */
import { eq } from 'drizzle-orm';
import { organizations, systemMeta, users, type Tx } from '@ebid/db';
import { creditCodeCheckChar, type Role } from '@ebid/domain';
import { hashPassword } from '../auth/session.ts';
import type { Deps } from '../deps.ts';

export const DEMO_PASSWORD = 'Demo#2026';

/** A valid 统一社会信用代码 from a 17-character body. */
function creditCode(body17: string): string {
  const c = creditCodeCheckChar(body17);
  if (!c) throw new Error('bad credit code body');
  return body17 + c;
}

const ORGS = [
  { key: 'center', name: '示范市公共资源交易中心', kind: 'center', code: creditCode('12330100MB0000001') },
  { key: 'owner', name: '示范市城市建设投资集团有限公司', kind: 'tenderee', code: creditCode('91330100MA0000002') },
  { key: 'agent', name: '示范招标代理有限公司', kind: 'agent', code: creditCode('91330100MA0000003') },
  { key: 'b1', name: '华东建工集团有限公司', kind: 'bidder', code: creditCode('91330100MA0000004') },
  { key: 'b2', name: '江南路桥建设有限公司', kind: 'bidder', code: creditCode('91330100MA0000005') },
  { key: 'b3', name: '钱塘市政工程有限公司', kind: 'bidder', code: creditCode('91330100MA0000006') },
  { key: 'experts', name: '示范市综合评标专家库', kind: 'expert_pool', code: creditCode('12330100MB0000007') },
  { key: 'supervision', name: '示范市发展和改革委员会', kind: 'supervisor', code: creditCode('11330100MB0000008') },
] as const;

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; org: (typeof ORGS)[number]['key'] }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', org: 'center' },
  { username: 'staff', displayName: '张敏（交易中心）', role: 'staff', org: 'center' },
  { username: 'tenderee', displayName: '李建国（招标人）', role: 'tenderee', org: 'owner' },
  { username: 'agent', displayName: '王芳（代理机构）', role: 'agent', org: 'agent' },
  { username: 'bidder1', displayName: '陈伟（华东建工）', role: 'bidder', org: 'b1' },
  { username: 'bidder2', displayName: '刘洋（江南路桥）', role: 'bidder', org: 'b2' },
  { username: 'bidder3', displayName: '赵磊（钱塘市政）', role: 'bidder', org: 'b3' },
  { username: 'expert', displayName: '孙教授（评标专家）', role: 'expert', org: 'experts' },
  { username: 'supervisor', displayName: '周强（监管部门）', role: 'supervisor', org: 'supervision' },
];

interface Stage {
  name: string;
  run(tx: Tx, deps: Deps): Promise<void>;
}

const STAGES: Stage[] = [
  {
    name: 'foundation',
    async run(tx) {
      const orgIds = new Map<string, number>();
      for (const o of ORGS) {
        const [row] = await tx
          .insert(organizations)
          .values({ creditCode: o.code, name: o.name, kind: o.kind })
          .returning({ id: organizations.id });
        if (row) orgIds.set(o.key, row.id);
      }
      const pw = await hashPassword(DEMO_PASSWORD);
      for (const a of DEMO_ACCOUNTS) {
        await tx.insert(users).values({
          orgId: orgIds.get(a.org) ?? 0,
          username: a.username,
          displayName: a.displayName,
          role: a.role,
          passwordHash: pw,
        });
      }
    },
  },
];

/** Seed every stage not yet seeded; returns the names of the stages seeded now. */
export async function seedDemo(deps: Deps): Promise<string[]> {
  const done: string[] = [];
  for (const stage of STAGES) {
    const key = `demo.stage.${stage.name}`;
    const seeded = await deps.db.transaction(async (tx) => {
      const [have] = await tx.select().from(systemMeta).where(eq(systemMeta.key, key));
      if (have) return false;
      await stage.run(tx, deps);
      await tx.insert(systemMeta).values({ key, value: { seededAt: deps.clock.now().toISOString() } });
      return true;
    });
    if (seeded) done.push(stage.name);
  }
  return done;
}
