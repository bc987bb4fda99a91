/**
 * Demo (issue 18 §2): one government procurement 竞争性磋商 project at its opening, whose responses were
 * opened for the group and not read out (政府采购法 §38, §40; R214). Through the real services with the
 * clock set to each step's instant: published 24 days before its first-response deadline, three suppliers
 * register and submit sealed responses, center staff open them at the deadline, each supplier decrypts its
 * own, the results are published to the group, the record is generated — the group's record and each
 * supplier's own copy — and the first supplier confirms its copy. The session stays open: signed in as
 * bidder1 the room shows bidder1's own line only; as staff, the owner side or the supervisor every line.
 *
 * As in demo-opening.ts, signatures are checked at the time they are made: when the demo certificates are
 * younger than the preferred story (deadline at 09:30 yesterday), the story is told in the minutes after
 * they became valid, and skipped if even that does not fit before now.
 */
import { eq } from 'drizzle-orm';
import { sections, type Tx } from '@ebid/db';
import { AppError, encodeBidSummary, isAppError } from '@ebid/domain';
import { signCmsDetached } from '@ebid/pki';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { confirmOpeningRecord, generateOpeningRecord, openingRecordPdf } from '../opening/record.ts';
import { storeOpeningPlaintext } from '../opening/decrypt.ts';
import { signInToOpening, startOpening } from '../opening/session.ts';
import { createProject, draftNotice, publishNotice, saveSchedule, submitNotice } from '../projects/index.ts';
import { applyRegistration } from '../tendering/registrations/index.ts';
import { runProjectTimer } from '../tendering/lifecycle/index.ts';
import { submitDemoBid } from './demo-bids.ts';
import { atInstant, certificateSession, decryptOwnBid, notBeforeOf } from './demo-opening-kit.ts';
import { addDemoDocuments, at0930, contextFor, lawfulDemoSchedule } from './demo-projects.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEMO_CONFIDENTIAL_PROJECT = '示范市政务云平台运维服务采购（竞争性磋商）';

const SUPPLIERS = [
  { username: 'bidder1', priceFen: 3_865_000_00 },
  { username: 'bidder2', priceFen: 3_712_800_00 },
  { username: 'bidder3', priceFen: 3_948_500_00 },
];


/** The deadline at 09:30 yesterday, responses the day before; or compressed after `validFrom`. */
function timeline(now: number, validFrom: number): { deadline: number; receipt: (i: number) => number; step: (n: number) => number } {
  const preferred = Date.parse(at0930(new Date(now), -1));
  if (preferred - 26 * HOUR >= validFrom + MINUTE) {
    return { deadline: preferred, receipt: (i) => preferred - 26 * HOUR + i * 53 * MINUTE, step: (n) => preferred + n * MINUTE };
  }
  const deadline = validFrom + 2 * MINUTE;
  if (deadline + 20 * MINUTE > now) {
    throw new AppError('INVALID_STATE', { zh: '证书生效时间太晚，无法生成已开启的示范磋商项目', en: 'The certificates became valid too recently for an opened demo consultation' }, { reason: 'DEMO_CERTS_TOO_YOUNG' });
  }
  return { deadline, receipt: (i) => validFrom + 30_000 + i * 10_000, step: (n) => deadline + n * 1000 };
}

async function openedConsultation(sp: Tx, deps: Deps): Promise<void> {
  const now = deps.clock.now().getTime();
  const suppliers = [];
  for (const s of SUPPLIERS) suppliers.push({ ...s, ...(await certificateSession(sp, deps, s.username)) });
  const validFrom = Math.max(deps.pki.platform.rootInfo.notBefore.getTime(), ...suppliers.flatMap((s) => [notBeforeOf(s.keys.sign.certPem), notBeforeOf(s.keys.enc.certPem)]));
  const t = timeline(now, validFrom);
  const at = (ms: number) => atInstant(deps, sp, ms);
  const tenderee = await contextFor(sp, 'tenderee');
  const staff = await contextFor(sp, 'staff');

  // R214: at least 10 days from the consultation documents to the first response; documents on sale ≥ 5 wd.
  const deadlineIso = new Date(t.deadline).toISOString();
  const fitted = await lawfulDemoSchedule(sp, deps, {
    tradeType: 'procurement',
    method: 'consultation',
    t0: new Date(t.deadline - 24 * DAY),
    draft: (t1) => ({ noticePublishAt: t1.toISOString(), docsIssueStart: at0930(t1, 1), docsIssueEnd: at0930(t1, 8), bidDeadline: deadlineIso }),
    fixed: ['bidDeadline'],
    maxBackDays: 20,
  });
  const past = at(fitted.t0.getTime());
  const p = await createProject(past, tenderee, {
    tradeType: 'procurement',
    method: 'consultation',
    name: DEMO_CONFIDENTIAL_PROJECT,
    budgetFen: 4_000_000_00,
    sections: [{ name: '政务云平台运维服务', ceilingFen: 3_980_000_00, securityFen: 0 }],
  });
  await saveSchedule(past, tenderee, { projectId: p.id, schedule: fitted.schedule, expectedVersion: p.version });
  await addDemoDocuments(past, tenderee, p, 'tender');
  const n = await draftNotice(past, tenderee, {
    projectId: p.id,
    kind: 'tender',
    title: `${DEMO_CONFIDENTIAL_PROJECT}竞争性磋商公告`,
    body: '一、项目基本情况\n\n本项目采用竞争性磋商方式采购政务云平台运维服务，评审采用综合评分法。\n\n二、响应文件的开启\n\n响应文件由磋商小组开启，不公开唱标；供应商在交易平台只能查看本单位响应文件的开启情况。',
  });
  await submitNotice(past, tenderee, { noticeId: n.id });
  await publishNotice(past, staff, { noticeId: n.id });
  const docsOpen = Date.parse(fitted.schedule.docsIssueStart ?? '') + MINUTE;
  await runProjectTimer(at(docsOpen), { projectId: p.id, event: 'open_bidding' });
  const [sec] = await sp.select().from(sections).where(eq(sections.projectId, p.id));
  const first = suppliers[0];
  if (!sec || !first) throw new Error('seed: the consultation has no section or supplier');

  for (const s of suppliers) await applyRegistration(at(docsOpen + DAY), s.ctx, { sectionId: sec.id });
  for (const [i, s] of suppliers.entries()) {
    await submitDemoBid(at(t.receipt(i)), s.ctx, s.keys, p.id, sec.id, [
      { part: 'summary', name: '报价一览表.json', plaintext: encodeBidSummary({ projectId: p.id, sectionId: sec.id, priceFen: s.priceFen, durationDays: 365, quality: '合格' }) },
      { part: 'technical', name: '服务方案.txt', plaintext: Buffer.from(`${s.orgName} 政务云平台运维服务方案（示范）\n\n一、服务范围\n二、运维组织\n三、响应时限\n四、安全保障\n`.repeat(20)) },
    ]);
  }

  // Sign-in, the opening at the deadline, each supplier decrypts its own response: published to the group.
  for (const [i, s] of suppliers.entries()) await signInToOpening(at(t.step(i - 10)), s.ctx, { projectId: p.id });
  await startOpening(at(t.deadline), staff, { projectId: p.id });
  const decrypted: number[] = [];
  for (const [i, s] of suppliers.entries()) {
    decrypted.push(await decryptOwnBid(at(t.step(2 + 2 * i)), s.ctx, s.keys, p.id));
  }
  for (const bidId of decrypted) await storeOpeningPlaintext(at(t.step(10)), { bidId });

  // The group's record and each supplier's copy; the first supplier confirms its copy (issue 18 §2).
  await generateOpeningRecord(at(t.step(12)), staff, { projectId: p.id });
  const copy = await downloadRecord(at(t.step(14)), first.ctx, p.id);
  await confirmOpeningRecord(at(t.step(16)), first.ctx, { projectId: p.id, recordSha256: copy.sha256, signatureBase64: signCmsDetached(copy.bytes, first.keys.sign).toString('base64') });
}

/** The record a supplier downloads (its own copy): its hash and bytes, as the browser would fetch them. */
async function downloadRecord(deps: Deps, ctx: RequestContext, projectId: number): Promise<{ sha256: string; bytes: Buffer }> {
  const r = await openingRecordPdf(deps, ctx, { projectId });
  const chunks: Buffer[] = [];
  for await (const c of r.stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return { sha256: r.sha256, bytes: Buffer.concat(chunks) };
}

/** Seeds what it can; returns the projects it skipped and why. */
export async function seedDemoConfidential(tx: Tx, deps: Deps): Promise<{ seeded: string[]; skipped: { name: string; reason: string }[] }> {
  try {
    await tx.transaction((sp) => openedConsultation(sp, deps));
    return { seeded: ['confidential'], skipped: [] };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { seeded: [], skipped: [{ name: 'confidential', reason: `${e.code}: ${e.messageZh} ${JSON.stringify(e.details ?? {})}` }] };
  }
}
