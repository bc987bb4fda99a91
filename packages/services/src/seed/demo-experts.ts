/**
 * The demo expert pool (issue 21 §1): 34 experts across the 10 specialty codes (each code ≥ 5 experts, the
 * engineering ones more, enough for two committees at once), each with a profile; a few declared ties — one
 * expert tied to a demo bidder, one to a demo tenderee, one whose tie ended too long ago to count — one
 * sanctioned expert and one unavailable. Seeded by the 'experts' stage, right after the accounts; on a
 * database seeded before issue 21 it adds the experts that are missing (without demo certificates).
 */
import { eq, inArray } from 'drizzle-orm';
import { expertProfiles, expertTies, organizations, users, type Tx } from '@ebid/db';
import type { SpecialtyCode } from '@ebid/domain';
import { hashPassword } from '../auth/passwords.ts';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { insertExpertProfile } from '../experts/profile-rules.ts';

/** The i-th element of a non-empty list, counting round. */
function cyclic<T>(list: readonly T[], i: number): T {
  const v = list[i % list.length];
  if (v === undefined) throw new Error('cyclic: empty list');
  return v;
}

const FIRST_EIGHT: SpecialtyCode[] = ['housing', 'municipal', 'highway', 'water', 'it', 'medical', 'cost', 'legal'];

export interface DemoExpert {
  username: string;
  displayName: string;
  specialties: SpecialtyCode[];
  title: string;
  employer: string;
  /** 17-character body of the employer's credit code (the check character is computed). */
  employerBody: string;
  yearsInField: number;
}

const NAMES = [
  '孙立平', '周敏华', '吴志强', '郑海燕', '王建军', '冯晓东', '陈静怡', '褚国栋', '卫明远', '蒋丽娜',
  '沈浩然', '韩雪梅', '杨振宇', '朱文博', '秦思远', '尤佳琪', '许光明', '何晓燕', '吕俊杰', '施雨桐',
  '张书豪', '孔令仪', '曹文轩', '严正清', '华若兰', '金立诚', '魏子衡', '陶欣然', '姜明德', '戚雅琴',
  '谢一鸣', '邹静远', '喻海涛', '柏清源',
];

/** Experts 21–34: more engineering experts, and the two codes the first twenty lack. */
const EXTRA_SPECIALTIES: SpecialtyCode[][] = [
  ['housing', 'cost'], ['municipal', 'housing'], ['electrical', 'housing'], ['landscape', 'municipal'],
  ['electrical', 'it'], ['landscape', 'water'], ['housing', 'legal'], ['cost', 'municipal'],
  ['electrical', 'highway'], ['landscape', 'cost'], ['electrical', 'water'], ['landscape', 'highway'],
  ['electrical', 'medical'], ['landscape', 'legal'],
];

const EMPLOYERS: { name: string; body: string }[] = [
  { name: '示范大学土木工程学院', body: '12330100MB0000101' },
  { name: '示范市建筑设计研究院', body: '12330100MB0000102' },
  { name: '示范工程咨询有限公司', body: '91330100MA0000103' },
  { name: '示范市水利水电勘测设计院', body: '12330100MB0000104' },
  { name: '示范理工大学', body: '12330100MB0000105' },
  { name: '示范市医学装备研究所', body: '12330100MB0000106' },
  { name: '示范造价师事务所有限公司', body: '91330100MA0000107' },
  { name: '示范律师事务所', body: '31330000MD0000108' },
];
const TITLES = ['正高级工程师', '高级工程师', '教授', '高级经济师', '研究员'];

export const DEMO_EXPERTS: DemoExpert[] = NAMES.map((displayName, i) => {
  const employer = cyclic(EMPLOYERS, i);
  return {
    username: `expert${String(i + 1).padStart(2, '0')}`,
    displayName,
    specialties: i < 20 ? [cyclic(FIRST_EIGHT, i), cyclic(FIRST_EIGHT, i + 3)] : (EXTRA_SPECIALTIES[i - 20] ?? ['housing']),
    title: cyclic(TITLES, i),
    employer: employer.name,
    employerBody: employer.body,
    yearsInField: 8 + ((i * 7) % 25),
  };
});

/** The demo's declared ties (org: a demo organization's key body, see demo.ts ORGS). */
const DEMO_TIES: { username: string; orgBody: string; kind: 'employment' | 'board' | 'control' | 'relative_employer'; startedOn: string; endedOn: string | null }[] = [
  // Worked for 华东建工 (bidder b1) until 2024: still counts (E3: within 3 years).
  { username: 'expert01', orgBody: '91330100MA0000004', kind: 'employment', startedOn: '2012-03-01', endedOn: '2024-09-30' },
  // A board seat at 示范市城市建设投资集团 (tenderee owner1), lasting.
  { username: 'expert02', orgBody: '91330100MA0000002', kind: 'board', startedOn: '2021-01-01', endedOn: null },
  // A relative worked for 之江智能 (bidder b4) until 2019: no longer counts.
  { username: 'expert03', orgBody: '91330100MA0000011', kind: 'relative_employer', startedOn: '2015-06-01', endedOn: '2019-05-31' },
];

const SANCTIONED = { username: 'expert05', days: 180, reason: '2025年评标中未按招标文件规定的评标标准和方法评审，暂停评标资格6个月' };
const UNAVAILABLE = { username: 'expert06', reason: '2026年赴外访学，暂不参加评标' };

export async function seedDemoExperts(tx: Tx, deps: Pick<Deps, 'clock'>, creditCode: (body17: string) => string, password: string): Promise<void> {
  const [pool] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.creditCode, creditCode('12330100MB0000007')));
  if (!pool) return; // no demo identity stage
  const existing = new Map((await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, DEMO_EXPERTS.map((e) => e.username)))).map((u) => [u.username, u.id]));
  let hash: string | null = null;
  const ids = new Map<string, number>();
  for (const e of DEMO_EXPERTS) {
    let id = existing.get(e.username);
    if (id === undefined) {
      hash ??= await hashPassword(password);
      const [u] = await tx
        .insert(users)
        .values({ orgId: pool.id, username: e.username, displayName: e.displayName, role: 'expert', passwordHash: hash, email: `${e.username}@demo.ebid.example`, specialties: e.specialties })
        .returning({ id: users.id });
      if (!u) throw new Error('seed: expert insert failed');
      id = u.id;
      await audit(tx, deps, SYSTEM_CONTEXT, { action: 'user.create', subject: { type: 'user', id }, payload: { username: e.username, role: 'expert', seed: true } });
    } else {
      await tx.update(users).set({ specialties: e.specialties }).where(eq(users.id, id));
    }
    ids.set(e.username, id);
    const fields = { regionCode: '330100', title: e.title, employer: e.employer, employerCreditCode: creditCode(e.employerBody), yearsInField: e.yearsInField, phone: `1380571${String(1000 + DEMO_EXPERTS.indexOf(e)).slice(-4)}` };
    const [have] = await tx.select({ userId: expertProfiles.userId }).from(expertProfiles).where(eq(expertProfiles.userId, id));
    if (have) await tx.update(expertProfiles).set({ ...fields, updatedAt: deps.clock.now() }).where(eq(expertProfiles.userId, id));
    else await insertExpertProfile(tx, deps, SYSTEM_CONTEXT, id, fields);
  }
  for (const t of DEMO_TIES) {
    const expertUserId = ids.get(t.username);
    const code = creditCode(t.orgBody);
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.creditCode, code));
    if (expertUserId === undefined || !org) continue;
    const [row] = await tx.insert(expertTies).values({ expertUserId, orgCreditCode: code, orgName: org.name, kind: t.kind, startedOn: t.startedOn, endedOn: t.endedOn, declaredBy: expertUserId }).returning({ id: expertTies.id });
    await audit(tx, deps, SYSTEM_CONTEXT, { action: 'expert.tie_declare', subject: { type: 'expert_tie', id: row?.id ?? 0 }, payload: { expertUserId, orgCreditCode: code, kind: t.kind, seed: true } });
  }
  const now = deps.clock.now();
  const sanctioned = ids.get(SANCTIONED.username);
  if (sanctioned !== undefined) {
    const until = new Date(now.getTime() + SANCTIONED.days * 86_400_000);
    await tx.update(expertProfiles).set({ sanctionedUntil: until, sanctionReason: SANCTIONED.reason }).where(eq(expertProfiles.userId, sanctioned));
    await audit(tx, deps, SYSTEM_CONTEXT, { action: 'expert.sanction', subject: { type: 'expert', id: sanctioned }, payload: { until: until.toISOString(), reason: SANCTIONED.reason, seed: true } });
  }
  const unavailable = ids.get(UNAVAILABLE.username);
  if (unavailable !== undefined) {
    await tx.update(expertProfiles).set({ available: false, unavailableReason: UNAVAILABLE.reason }).where(eq(expertProfiles.userId, unavailable));
    await audit(tx, deps, SYSTEM_CONTEXT, { action: 'expert.availability_set', subject: { type: 'expert', id: unavailable }, payload: { available: false, reason: UNAVAILABLE.reason, seed: true } });
  }
}
