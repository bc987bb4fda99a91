/**
 * Demo data for the embedded start (issue 2 §3, issue 3 §6): seeded once, in stages, each recorded in
 * system_meta so a restart seeds nothing twice. Later capabilities append their stage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { certificates, mandates, organizations, projects, supervisionAlerts, supervisorScopes, systemMeta, users, type OrganizationRow, type Tx } from '@ebid/db';
import { creditCodeCheckChar, type ProcedureStatus, type Role, type TradeType } from '@ebid/domain';
import { createCsrPem, generateKeyPairPem, toP12 } from '@ebid/pki';
import { hashPassword } from '../auth/passwords.ts';
import { audit, SYSTEM_CONTEXT } from '../context.ts';
import type { Deps } from '../deps.ts';
import { CERT_VALIDITY_MS } from '../certificates/apply.ts';
import { DEMO_EXPERTS, seedDemoExperts } from './demo-experts.ts';
import { seedDemoProjects } from './demo-projects.ts';
import { seedDemoSingleSource } from './demo-single-source.ts';
import { seedDemoCommittee } from './demo-committee.ts';
import { seedDemoTendering } from './demo-tendering.ts';
import { demoCertNotBefore, seedDemoBids } from './demo-bids.ts';
import { DEMO_OPENING_PROJECT, DEMO_WAITING_EVALUATION_PROJECT, seedDemoOpening } from './demo-opening.ts';
import { seedDemoEvaluation } from './demo-evaluation.ts';
import { DEMO_CONFIDENTIAL_PROJECT, seedDemoConfidential } from './demo-confidential.ts';
import { seedDemoSales } from './demo-sales.ts';
import { SEED_LOCK } from '../projects/holidays.ts';

export { DEMO_OPENING_PROJECT, DEMO_WAITING_EVALUATION_PROJECT } from './demo-opening.ts';
export { DEMO_CONFIDENTIAL_PROJECT } from './demo-confidential.ts';
export { DEMO_SINGLE_SOURCE_PROJECT } from './demo-single-source.ts';

export const DEMO_PASSWORD = 'Demo#2026';

/** A valid 统一社会信用代码 from a 17-character body. */
export function demoCreditCode(body17: string): string {
  const c = creditCodeCheckChar(body17);
  if (!c) throw new Error('bad credit code body');
  return body17 + c;
}

interface DemoOrg {
  key: string;
  /** null: the configured center's name (config.center.centerName) */
  name: string | null;
  kind: OrganizationRow['kind'];
  body: string;
}

const ORGS: DemoOrg[] = [
  // The center is the configured one (issue 15 §3): DEMO_CENTER outside production, as the demo runs.
  { key: 'center', name: null, kind: 'center', body: '12330100MB0000001' },
  { key: 'owner1', name: '示范市城市建设投资集团有限公司', kind: 'tenderee', body: '91330100MA0000002' },
  { key: 'owner2', name: '示范市第一人民医院', kind: 'tenderee', body: '12330100MB0000010' },
  { key: 'agent', name: '示范招标代理有限公司', kind: 'agent', body: '91330100MA0000003' },
  { key: 'b1', name: '华东建工集团有限公司', kind: 'bidder', body: '91330100MA0000004' },
  { key: 'b2', name: '江南路桥建设有限公司', kind: 'bidder', body: '91330100MA0000005' },
  { key: 'b3', name: '钱塘市政工程有限公司', kind: 'bidder', body: '91330100MA0000006' },
  { key: 'b4', name: '之江智能科技有限公司', kind: 'bidder', body: '91330100MA0000011' },
  { key: 'b5', name: '西湖医疗设备有限公司', kind: 'bidder', body: '91330100MA0000012' },
  { key: 'experts', name: '示范市综合评标专家库', kind: 'expert_pool', body: '12330100MB0000007' },
  { key: 'supervision', name: '示范市发展和改革委员会', kind: 'supervisor', body: '11330100MB0000008' },
  // A supervisor of another region (issue 20 §4): it sees none of the demo projects.
  { key: 'supervision2', name: '邻市发展和改革委员会', kind: 'supervisor', body: '11330200MB0000013' },
];

/** Demo bidder companies' 基本账户 (B7: staff record demo cash deposits from them), e.g. b1 → 330100 700001 100001. */
export function demoBasicAccount(orgKey: string): { basicAccountBank?: string; basicAccountNo?: string } {
  const m = /^b(\d)$/.exec(orgKey);
  if (!m) return {};
  const n = Number(m[1]);
  return { basicAccountBank: '中国建设银行示范市分行', basicAccountNo: `330100 ${700000 + n} ${100000 + n}` };
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  org: string;
  isOrgAdmin?: boolean;
  specialties?: string[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '平台管理员', role: 'platform_admin', org: 'center', isOrgAdmin: true },
  { username: 'staff', displayName: '张敏', role: 'staff', org: 'center' },
  { username: 'staff2', displayName: '黄磊', role: 'staff', org: 'center' },
  { username: 'tenderee', displayName: '李建国', role: 'tenderee', org: 'owner1', isOrgAdmin: true },
  { username: 'tenderee2', displayName: '马丽', role: 'tenderee', org: 'owner2', isOrgAdmin: true },
  { username: 'agent', displayName: '王芳', role: 'agent', org: 'agent', isOrgAdmin: true },
  { username: 'agent2', displayName: '钱进', role: 'agent', org: 'agent' },
  ...(
    [
      ['b1', '陈伟', '林峰'],
      ['b2', '刘洋', '高远'],
      ['b3', '赵磊', '郭静'],
      ['b4', '徐楠', '罗斌'],
      ['b5', '曹颖', '邓超'],
    ] satisfies [org: string, admin: string, clerk: string][]
  ).flatMap(([org, admin, clerk], i): DemoAccount[] => [
    { username: `bidder${i + 1}`, displayName: admin, role: 'bidder', org, isOrgAdmin: true },
    { username: `bidder${i + 1}b`, displayName: clerk, role: 'bidder', org },
  ]),
  // The expert pool (issue 21 §1): specialty codes; profiles and ties come with the 'experts' stage.
  ...DEMO_EXPERTS.map((e): DemoAccount => ({ username: e.username, displayName: e.displayName, role: 'expert', org: 'experts', specialties: e.specialties })),
  { username: 'supervisor', displayName: '周强', role: 'supervisor', org: 'supervision', isOrgAdmin: true },
  { username: 'supervisor2', displayName: '严峻', role: 'supervisor', org: 'supervision2', isOrgAdmin: true },
];

/**
 * What the demo supervisors supervise (issue 20 §4, M3): `supervisor` the demo region, every trade type
 * (engineering: every industry); `supervisor2` a neighbouring city, so its views are empty.
 */
export const DEMO_SUPERVISOR_SCOPES: Record<string, { regionCode: string; tradeTypes: readonly TradeType[] }> = {
  supervisor: { regionCode: '330100', tradeTypes: ['engineering', 'procurement', 'land', 'property'] },
  supervisor2: { regionCode: '330200', tradeTypes: ['engineering', 'procurement', 'land', 'property'] },
};

/** A story a stage could not seed (a rule refused it on this day), and why. */
export interface DemoSkip {
  name: string;
  reason: string;
}

interface Stage {
  name: string;
  /** Seeds the stage; returns the stories it skipped (the seed logs them and puts them in its summary). */
  run(tx: Tx, deps: Deps): Promise<void | { skipped: DemoSkip[] }>;
}

/** Where the demo users' .p12 files go (passphrase: DEMO_PASSWORD). */
export const demoCertDir = (deps: Pick<Deps, 'config'>) => path.join(deps.config.dataDir, 'demo-certs');

const STAGES: Stage[] = [
  {
    name: 'identity',
    async run(tx, deps) {
      const orgIds = new Map<string, number>();
      const now = deps.clock.now();
      for (const o of ORGS) {
        const creditCode = demoCreditCode(o.body);
        const name = o.name ?? deps.config.center.centerName;
        const regionCode = o.kind === 'center' ? deps.config.center.regionCode : creditCode.slice(2, 8);
        const [row] = await tx
          .insert(organizations)
          .values({ creditCode, name, kind: o.kind, status: 'active', regionCode, reviewedAt: now, ...demoBasicAccount(o.key) })
          .returning({ id: organizations.id });
        if (!row) throw new Error('seed: organization insert failed');
        orgIds.set(o.key, row.id);
        await audit(tx, deps, SYSTEM_CONTEXT, { action: 'org.create', subject: { type: 'organization', id: row.id }, payload: { creditCode, name, kind: o.kind, seed: true } });
      }
      const pw = await hashPassword(DEMO_PASSWORD);
      for (const a of DEMO_ACCOUNTS) {
        const [u] = await tx
          .insert(users)
          .values({
            orgId: orgIds.get(a.org) ?? 0,
            username: a.username,
            displayName: a.displayName,
            role: a.role,
            passwordHash: pw,
            // A reserved domain (RFC 2606): in development the mails land in DATA_DIR/mail (MAIL_DIR).
            email: `${a.username}@demo.ebid.example`,
            isOrgAdmin: a.isOrgAdmin ?? false,
            specialties: a.specialties ?? [],
          })
          .returning({ id: users.id });
        await audit(tx, deps, SYSTEM_CONTEXT, { action: 'user.create', subject: { type: 'user', id: u?.id ?? 0 }, payload: { username: a.username, role: a.role, seed: true } });
        const scope = DEMO_SUPERVISOR_SCOPES[a.username];
        if (u && scope) {
          const rows = scope.tradeTypes.map((tradeType) => ({ userId: u.id, regionCode: scope.regionCode, tradeType, industry: null }));
          await tx.insert(supervisorScopes).values(rows);
          await audit(tx, deps, SYSTEM_CONTEXT, {
            action: 'supervisor.set_scopes',
            subject: { type: 'user', id: u.id },
            payload: { scopes: rows.map(({ regionCode, tradeType, industry }) => ({ regionCode, tradeType, industry })), seed: true },
          });
        }
      }
      const [m] = await tx
        .insert(mandates)
        .values({
          agentOrgId: orgIds.get('agent') ?? 0,
          tendereeOrgId: orgIds.get('owner1') ?? 0,
          scope: '示范市城市建设投资集团有限公司2026年度工程建设项目招标代理',
          validFrom: now,
          validTo: new Date(now.getTime() + 365 * 24 * 3600_000),
          createdBy: 0,
        })
        .returning({ id: mandates.id });
      await audit(tx, deps, SYSTEM_CONTEXT, { action: 'mandate.create', subject: { type: 'mandate', id: m?.id ?? 0 }, payload: { seed: true } });
    },
  },
  { name: 'experts', run: (tx, deps) => seedDemoExperts(tx, deps, demoCreditCode, DEMO_PASSWORD) },
  {
    name: 'certificates',
    async run(tx, deps) {
      const dir = demoCertDir(deps);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const rows = await tx
        .select({ user: users, orgName: organizations.name, creditCode: organizations.creditCode })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId));
      const now = deps.clock.now();
      for (const { user, orgName, creditCode } of rows) {
        for (const usage of ['signing', 'encryption'] as const) {
          const keys = generateKeyPairPem();
          const subject = { commonName: user.displayName, organizationName: orgName, serialNumber: creditCode, countryName: 'CN' };
          const issued = deps.pki.platform.issueUserCertificate({
            csrPem: createCsrPem(keys, subject),
            usage,
            expectedSubject: subject,
            notBefore: demoCertNotBefore(deps),
            notAfter: new Date(now.getTime() + CERT_VALIDITY_MS),
          });
          const [c] = await tx
            .insert(certificates)
            .values({
              userId: user.id,
              orgId: user.orgId,
              usage,
              serialHex: issued.info.serialHex,
              subjectDn: issued.info.subjectDn,
              issuerDn: issued.info.issuerDn,
              notBefore: issued.info.notBefore,
              notAfter: issued.info.notAfter,
              pem: issued.pem,
              fingerprintSha256: issued.info.fingerprintSha256,
            })
            .returning({ id: certificates.id });
          await audit(tx, deps, SYSTEM_CONTEXT, { action: 'cert.issue', subject: { type: 'certificate', id: c?.id ?? 0 }, payload: { usage, serialHex: issued.info.serialHex, userId: user.id, seed: true } });
          const p12 = toP12({
            privateKeyPem: keys.privateKeyPem,
            certPem: issued.pem,
            chainPem: [deps.pki.platform.rootCertPem],
            passphrase: DEMO_PASSWORD,
            friendlyName: `${user.username}-${usage}`,
          });
          fs.writeFileSync(path.join(dir, `${user.username}-${usage === 'signing' ? 'sign' : 'enc'}.p12`), p12, { mode: 0o600 });
        }
      }
      fs.writeFileSync(path.join(dir, 'root-ca.pem'), deps.pki.platform.rootCertPem);
    },
  },
  {
    name: 'projects',
    run: async (tx, deps) => ({ skipped: [...(await seedDemoProjects(tx, deps)).skipped, ...(await seedDemoSingleSource(tx, deps)).skipped] }),
  },
  { name: 'sales', run: async (tx, deps) => ({ skipped: (await seedDemoSales(tx, deps)).skipped }) },
  { name: 'tendering', run: async (tx, deps) => ({ skipped: (await seedDemoTendering(tx, deps)).skipped }) },
  { name: 'bids', run: async (tx, deps) => ({ skipped: (await seedDemoBids(tx, deps)).skipped }) },
  {
    name: 'opening',
    // With the consultation opened for the group (issue 18 §2).
    run: async (tx, deps) => ({ skipped: [...(await seedDemoOpening(tx, deps)).skipped, ...(await seedDemoConfidential(tx, deps)).skipped] }),
  },
  // Issue 21: the evaluation committees of the projects past their deadline (a draw done, a draw being witnessed).
  { name: 'committee', run: async (tx, deps) => ({ skipped: (await seedDemoCommittee(tx, deps)).skipped }) },
  { name: 'evaluation', run: async (tx, deps) => ({ skipped: (await seedDemoEvaluation(tx, deps)).skipped }) },
];

/** The stories some stages name by a key rather than by their project: the words the summary shows for them. */
const STORY_WORDS: Record<string, string> = {
  'post-qualification': '资格后审工程项目（报名中，已澄清）',
  prequalification: '资格预审工程项目（审查中）',
  bidding: '投标中的工程项目（已有密封投标）',
  opening: DEMO_OPENING_PROJECT,
  confidential: DEMO_CONFIDENTIAL_PROJECT,
  'committee published': `${DEMO_OPENING_PROJECT}：评标委员会（已公布）`,
  'committee of the waiting session': `${DEMO_WAITING_EVALUATION_PROJECT}：评标委员会（已公布）`,
  [DEMO_WAITING_EVALUATION_PROJECT]: `${DEMO_WAITING_EVALUATION_PROJECT}（已开标）`,
  'evaluation signed': `${DEMO_OPENING_PROJECT}：评标（已签署评标报告）`,
  'evaluation waiting': `${DEMO_WAITING_EVALUATION_PROJECT}：评标（等待专家签到）`,
  'committee committed': `${DEMO_CONFIDENTIAL_PROJECT}：评标委员会（见证中）`,
};

export interface SeedOptions {
  /** Issue certificates and write .p12 files for every demo user (slow: two RSA keys per user). */
  certificates?: boolean;
  /** Publish one demo project of each trade type (needs the holiday calendar). Default true. */
  projects?: boolean;
}

/** A demo project as it stands after the seed: its stage in the procedure, its trade and method. */
export interface DemoSeedProject {
  id: number;
  name: string;
  unifiedDealCode: string;
  tradeType: TradeType;
  method: string;
  status: ProcedureStatus;
  /** The seed stage that made it. */
  stage: string;
  /** Made by this start (false: by an earlier one, the data kept). */
  seededNow: boolean;
}

/**
 * What the demo seed did (issue 19 §8), for the start banner: the stages seeded now, those already there
 * (not generated again) and those switched off; every demo project with its stage; the stories a stage
 * could not seed, and why.
 */
export interface DemoSeedSummary {
  seeded: string[];
  existing: { stage: string; seededAt: string }[];
  disabled: string[];
  projects: DemoSeedProject[];
  skipped: (DemoSkip & { stage: string; seededNow: boolean })[];
  /** The demo projects' alerts nobody has handled yet, by level (issue 20 §2): what staff and supervisors find. */
  openAlerts: { yellow: number; red: number };
}

/** What system_meta keeps of a seeded stage (projectIds and skipped since issue 19 §8). */
interface StageMeta {
  seededAt: string;
  projectIds?: number[];
  skipped?: DemoSkip[];
}

/** Seed every stage not yet seeded; returns the names of the stages seeded now. */
export async function seedDemo(deps: Deps, opts: SeedOptions = {}): Promise<string[]> {
  return (await seedDemoWithSummary(deps, opts)).seeded;
}

/** Seed every stage not yet seeded; returns what it seeded, what was there already and what it skipped (DemoSeedSummary). */
export async function seedDemoWithSummary(deps: Deps, opts: SeedOptions = {}): Promise<DemoSeedSummary> {
  const summary: DemoSeedSummary = { seeded: [], existing: [], disabled: [], projects: [], skipped: [], openAlerts: { yellow: 0, red: 0 } };
  const made: { stage: string; ids: number[]; seededNow: boolean }[] = [];
  for (const stage of STAGES) {
    if (
      (stage.name === 'certificates' && opts.certificates === false) ||
      (['projects', 'sales', 'tendering', 'bids', 'opening', 'committee', 'evaluation'].includes(stage.name) && opts.projects === false)
    ) {
      summary.disabled.push(stage.name);
      continue;
    }
    const key = `demo.stage.${stage.name}`;
    const out = await deps.db.transaction(async (tx): Promise<{ seededNow: boolean; meta: StageMeta }> => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`); // one instance seeds at a time
      const [have] = await tx.select().from(systemMeta).where(eq(systemMeta.key, key));
      if (have) return { seededNow: false, meta: have.value as StageMeta };
      // The projects this stage makes: those created after the last one before it (seeding is serialized).
      const [last] = await tx.select({ id: sql<number>`coalesce(max(${projects.id}), 0)`.mapWith(Number) }).from(projects);
      const report = await stage.run(tx, deps);
      const created = await tx.select({ id: projects.id }).from(projects).where(gt(projects.id, last?.id ?? 0)).orderBy(asc(projects.id));
      const meta: StageMeta = { seededAt: deps.clock.now().toISOString(), projectIds: created.map((r) => r.id), skipped: report ? report.skipped : [] };
      await tx.insert(systemMeta).values({ key, value: meta });
      return { seededNow: true, meta };
    });
    if (out.seededNow) summary.seeded.push(stage.name);
    else summary.existing.push({ stage: stage.name, seededAt: out.meta.seededAt });
    for (const s of out.meta.skipped ?? []) {
      const name = STORY_WORDS[s.name] ?? s.name;
      summary.skipped.push({ stage: stage.name, name, reason: s.reason, seededNow: out.seededNow });
      if (out.seededNow) deps.logger.warn({ stage: stage.name, project: name, reason: s.reason }, 'demo story skipped');
    }
    made.push({ stage: stage.name, ids: out.meta.projectIds ?? [], seededNow: out.seededNow });
  }
  const ids = made.flatMap((m) => m.ids);
  const rows = ids.length ? await deps.db.select().from(projects).where(inArray(projects.id, ids)).orderBy(asc(projects.id)) : [];
  for (const r of rows) {
    const m = made.find((x) => x.ids.includes(r.id));
    if (!m) continue;
    summary.projects.push({ id: r.id, name: r.name, unifiedDealCode: r.unifiedDealCode, tradeType: r.tradeType, method: r.method, status: r.status, stage: m.stage, seededNow: m.seededNow });
  }
  if (ids.length) {
    const open = await deps.db
      .select({ level: supervisionAlerts.level, n: sql<number>`count(*)`.mapWith(Number) })
      .from(supervisionAlerts)
      .where(and(inArray(supervisionAlerts.projectId, ids), isNull(supervisionAlerts.handledAt)))
      .groupBy(supervisionAlerts.level);
    for (const o of open) if (o.level === 'yellow' || o.level === 'red') summary.openAlerts[o.level] = o.n;
  }
  return summary;
}
