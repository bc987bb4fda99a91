/**
 * The access table (issue 3 §5): one declared rule per procedure, checked by one middleware on every
 * procedure from the path being called. A procedure missing from the table is refused to everyone (and
 * fails the access-matrix test). This settles WHO may call a procedure; whether the caller may act on a
 * given record is decided in the services (company A may not read company B's users, etc.).
 */
import type { Role } from '@ebid/domain';

export type AccessRule = 'public' | 'authenticated' | readonly Role[];

const CENTER = ['staff', 'platform_admin'] as const;
const COMPANY_ADMINS = ['platform_admin', 'staff', 'tenderee', 'agent', 'bidder'] as const;

export const ACCESS = {
  'system.time': 'public',
  'system.info': 'public',
  'system.timeSource': CENTER, // the NTP offset and servers of the instance (issue 20 §5): operations facts, no project data
  'system.setFakeClock': CENTER, // and refused by the service unless the fake clock is configured (never in production)

  'auth.me': 'public',
  'auth.login': 'public',
  'auth.certChallenge': 'public',
  'auth.certLogin': 'public',
  'auth.logout': 'authenticated',
  'auth.revokeAllSessions': 'authenticated',

  'live.events': 'public', // topics are checked per subscription (routers/live.ts)

  'org.register': 'public',
  'org.create': CENTER,
  'org.review': CENTER,
  'org.list': [...CENTER, 'supervisor'],
  'org.get': 'authenticated',
  'org.supplierChoices': ['tenderee', 'agent'], // approved bidder companies' public register data, to name a single source's supplier (issue 18 §3)
  'org.setBasicAccount': ['bidder', ...CENTER], // bidder: its own company's administrator (checked in the service)

  'user.list': 'authenticated',
  'user.create': COMPANY_ADMINS,
  'user.setActive': COMPANY_ADMINS,
  'user.issuePasswordReset': COMPANY_ADMINS,
  'user.scopes': [...CENTER, 'supervisor'], // a supervisor: its own only (service, issue 20 §4)
  'user.setScopes': CENTER,
  'user.resetPassword': 'public',
  'user.activateAccount': 'public',

  // The expert pool (issue 21 §1): the center maintains it, supervisors read it; an expert its own profile
  // and ties only (service: another expert is NOT_FOUND); bidders, the owner side and the public: nothing.
  'expert.list': [...CENTER, 'supervisor'],
  'expert.get': [...CENTER, 'supervisor', 'expert'],
  'expert.mine': ['expert'],
  'expert.createProfile': CENTER,
  'expert.updateProfile': CENTER,
  'expert.updateMine': ['expert'],
  'expert.setAvailability': CENTER,
  'expert.setMyAvailability': ['expert'],
  'expert.sanction': CENTER,
  'expert.unsanction': CENTER,
  'expert.declareTie': [...CENTER, 'expert'],
  'expert.endTie': [...CENTER, 'expert'],

  'mandate.record': ['tenderee', ...CENTER],
  'mandate.list': ['tenderee', 'agent', 'supervisor', ...CENTER],

  'cert.issue': 'authenticated',
  'cert.approveIssuance': COMPANY_ADMINS, // the company's administrator (another person) or center staff, checked in the service
  'cert.list': 'authenticated',
  'cert.revoke': 'authenticated',
  'cert.describe': 'public',

  'audit.list': [...CENTER, 'supervisor'], // registrants' and bidders' acts masked until the deadline (service, issue 13 §2)
  'audit.choices': [...CENTER, 'supervisor'], // the audit filter's projects and users (issue 19 §4)
  'audit.verify': [...CENTER, 'supervisor'],
  'audit.checkpoint': CENTER,

  'project.create': ['tenderee', 'agent'],
  'project.get': 'authenticated', // parties and the center only: checked in the service
  'project.list': ['tenderee', 'agent', 'supervisor', ...CENTER],
  'project.checkSchedule': ['tenderee', 'agent', 'supervisor', ...CENTER],
  'project.scheduleReview': ['tenderee', 'agent', 'supervisor', ...CENTER], // parties and the center only (service)
  'project.saveSchedule': ['tenderee', 'agent'],
  'project.setSaleTerms': ['tenderee', 'agent'], // the owner side of that DRAFT (service, issue 18 §4)
  'project.submit': ['tenderee', 'agent'],
  'project.terminate': ['tenderee', 'agent'],
  'project.retender': ['tenderee', 'agent'],
  'project.successor': 'authenticated', // whoever may see the failed project and the re-tender (service)

  'holiday.list': 'public',
  'holiday.years': 'public',
  'holiday.year': 'public',
  'holiday.set': CENTER,
  'holiday.remove': CENTER,
  'holiday.prefill': CENTER,
  'holiday.publishYear': CENTER,
  'outage.record': CENTER,
  'outage.list': [...CENTER, 'supervisor'],
  // Issue 20 §1: the owner side of the project (service), the center, and supervisors of its scope (service, M3).
  'supervision.checkpoints': ['tenderee', 'agent', 'supervisor', ...CENTER],

  // 预警处理 (issue 20 §2, M1): the responsible party (owner side / staff) and supervisors; which alert is the service's.
  'supervision.alerts': ['staff', 'tenderee', 'agent', 'supervisor'],
  'supervision.alert': ['staff', 'tenderee', 'agent', 'supervisor'],
  'supervision.handleAlert': ['staff', 'tenderee', 'agent', 'supervisor'],
  // Issue 20 §3 (M3): read-only for the supervisor (its scope only, service), staff and the platform admin.
  'supervision.dashboard': ['supervisor', ...CENTER],
  'supervision.dashboardAlerts': ['supervisor', ...CENTER],
  'supervision.timeline': ['supervisor', ...CENTER],

  'notification.list': 'authenticated',
  'notification.markRead': 'authenticated',

  'notice.draft': ['tenderee', 'agent'],
  'notice.update': ['tenderee', 'agent'],
  'notice.submit': ['tenderee', 'agent'],
  'notice.publish': CENTER,
  'notice.reject': CENTER,
  'notice.forProject': 'authenticated', // parties and the center see drafts; others only published notices
  'notice.pending': CENTER,

  'portal.notices': 'public',
  'portal.notice': 'public',
  'portal.changes': 'public',
  'portal.auditRoots': 'public', // issue 13 §6: outside witnesses keep them
  'portal.auditRoot': 'public',

  'document.add': ['tenderee', 'agent'],
  'document.remove': ['tenderee', 'agent'],
  'document.list': 'authenticated', // owner side and center: all; others: visible ones of a public project (service)
  'document.downloads': ['tenderee', 'agent', 'supervisor', ...CENTER], // refused to all until the bid deadline (N6, service)

  'clarification.draft': ['tenderee', 'agent'],
  'clarification.update': ['tenderee', 'agent'],
  'clarification.preview': ['tenderee', 'agent'],
  'clarification.publish': ['tenderee', 'agent'],
  'clarification.list': 'authenticated', // published ones of a public project; drafts for the owner side and center (service)

  'objection.file': ['bidder'],
  'objection.accept': ['tenderee', 'agent'],
  'objection.decline': ['tenderee', 'agent'],
  'objection.answer': ['tenderee', 'agent'],
  'objection.list': 'authenticated', // owner side and center: all with the filer; bidders: own + answered, no filer (service)
  'objection.window': 'authenticated',

  'qualification.setCriteria': ['tenderee', 'agent'],
  'qualification.criteria': 'authenticated', // owner side and center always; others once the project is public (service)
  'qualification.answer': ['bidder'],
  'qualification.mine': ['bidder'],
  'qualification.mineForProject': ['bidder'],
  'qualification.applicants': ['tenderee', 'agent', 'supervisor', ...CENTER], // after the application deadline (post-qualification: the bid deadline); owner side only after the review (service)
  'qualification.reviewQueue': ['supervisor', ...CENTER],
  'qualification.decide': CENTER,
  'qualification.completeReview': CENTER,

  'registration.register': ['bidder'], // 报名 (tRPC reserves the key `apply`)
  'registration.withdraw': ['bidder'], // own company only (service)
  'registration.mine': ['bidder'],
  'registration.forProject': ['tenderee', 'agent', 'supervisor', ...CENTER], // owner side of that project; after the bid deadline (prequalification: the application deadline) (service, issue 13 §2)
  'registration.openProjects': ['bidder'],
  // Issue 18 §4: the center's reviewers only — land / property applicants stay secret from the owner side (services/access/before-deadline.ts `sale_applicants`).
  'registration.review': ['staff'],
  'registration.saleApplicants': ['staff'],
  'registration.saleReviewQueue': ['staff'],

  'bid.startUpload': ['bidder'], // own company, registered/qualified (B8), before the deadline (service)
  'bid.uploadStatus': ['bidder'], // own company's upload only (service)
  'bid.finalize': ['bidder'],
  'bid.mine': ['bidder'],
  'bid.receipt': ['bidder'], // own company's bid only; NOT_FOUND otherwise (B5)
  'bid.withdraw': ['bidder'],

  // Opening (issue 7): participants only — checked per project in the services (opening/common.ts).
  'opening.get': ['bidder', 'tenderee', 'agent', 'supervisor', 'staff', 'platform_admin'],
  'opening.setRules': ['tenderee', 'agent'], // owner side, DRAFT only (service)
  'opening.signIn': ['bidder'], // certificate-login session, company with a bid in force (service)
  'opening.start': ['staff'], // O1: not before the bid deadline; O2 (service)
  'opening.myKeys': ['bidder'], // own company's own wrapped keys only
  'opening.decrypt': ['bidder'], // own bid, signed in, inside the window (service)
  'opening.recordFailure': ['staff'],
  'opening.endWindow': ['staff'],
  'opening.generateRecord': ['staff'],
  'opening.confirm': ['bidder'],
  'opening.object': ['bidder'],
  'opening.answer': ['staff'],
  'opening.close': ['staff'],
  // Public commit–reveal draws (issue 14 §2): the subject's participants see them (service, by purpose);
  // center staff and platform administrators never contribute (here and in the service); no one draws —
  // the draw runs by itself at the reveal close.
  'draw.get': ['bidder', 'tenderee', 'agent', 'supervisor', 'staff', 'platform_admin'],
  // Center staff witness the committee draw only (issue 21 §3: its purpose takes their entropy); every
  // other purpose refuses them in the service (DRAW_CENTER_NO_CONTRIBUTION). Platform administrators never.
  'draw.commit': ['bidder', 'tenderee', 'agent', 'supervisor', 'staff'],
  'draw.reveal': ['bidder', 'tenderee', 'agent', 'supervisor', 'staff'],

  // The evaluation committee (issue 21 §3–§6). Before publication only the center and the project's
  // supervisors learn it exists (service, E4: NOT_FOUND / null to everyone else); after it, everyone.
  'committee.request': ['staff'],
  'committee.get': 'public', // published: anyone; before: center and the project's supervisors (service)
  'committee.ofSection': 'public', // null unless the caller may see it (service)
  'committee.verification': 'public', // the draw's public inputs (pseudonyms): supervisors before publication, anyone after (service)
  'committee.published': 'public', // the published committees, newest first: project, section, time — no expert (service)
  'committee.sections': ['staff', 'supervisor'], // sections past their deadline with their committee's id and status: no bidder, no name (service: supervisor's scope)
  'committee.myInvitations': ['expert'], // own seats only: time, place, due time — never the bidders (E4)
  'committee.confirm': ['expert'], // own seat, before its due time (service)
  'committee.decline': ['expert'],
  'committee.appointManually': ['staff'], // with a recorded special approval (E2, service)
  'committee.publish': ['staff'],

  // The evaluation (issue 22). Members, the center and the project's supervisors only; the service decides
  // per evaluation (evaluation/access.ts: anyone else is told it does not exist).
  'evaluation.setMethod': ['tenderee', 'agent'], // while the project is a draft (S1; service)
  'evaluation.start': ['staff'],
  'evaluation.signIn': ['expert'], // certificate session, own seat, E3 rechecked (service)
  'evaluation.declaration': ['expert'],
  'evaluation.declare': ['expert'],
  // — session (chair, bid viewer, clarifications, extension, replacement, progress)
  'evaluation.voteChair': ['expert'], // declared member, certificate session; the candidate a declared member (service)
  'evaluation.get': ['expert', ...CENTER, 'supervisor'], // own session / the center / the project's supervisors; the bids after the declaration (service)
  'evaluation.mine': ['expert'], // own active seats only
  'evaluation.list': [...CENTER, 'supervisor'], // a supervisor: its scope (service)
  'evaluation.bidParts': ['expert', 'staff', 'supervisor'], // declared member; never platform administrators (service: bid contents)
  'evaluation.clarify': ['expert'], // the chair only (service; S10: a bidder never starts one)
  'evaluation.clarifications': ['expert', ...CENTER, 'supervisor'],
  'evaluation.myClarifications': ['bidder'], // its own company's requests: no committee name (E4)
  'evaluation.answerClarification': ['bidder'], // own company's request, before its due time (service)
  'evaluation.requestExtension': ['expert'], // declared member (E6)
  'evaluation.replaceMember': ['staff'], // E5, with a backup of the committee (service)
  'evaluation.progress': ['expert', ...CENTER, 'supervisor'], // among experts the chair only (service)
  // — review (compliance, scoring, signed sheets, result, replay)
  'evaluation.sheet': ['expert'], // own sheet of a stage, declared (E3; service)
  'evaluation.saveSheetDraft': ['expert'], // certificate session, own sheet, the open stage; refused once signed (S11)
  'evaluation.sheetToSign': ['expert'],
  'evaluation.signSheet': ['expert'], // own signing certificate (service)
  'evaluation.reopenSheet': ['expert'], // only while an objective item disagrees (S5; service)
  'evaluation.closeStage': ['expert'], // the chair (service)
  'evaluation.recordBidInput': ['expert'], // the chair (service): S3, S7, S8
  'evaluation.replay': ['expert', 'supervisor', ...CENTER], // members once the result is out; supervisors in scope (service)
  'evaluation.objects': ['supervisor', ...CENTER], // what `ebid replay-evaluation` recomputes from
  // — report (sealed report, members' signatures, reopening)
  'evaluation.report': ['expert', 'staff', 'platform_admin', 'supervisor'], // declared members, the center, the project's supervisors (service)
  'evaluation.signReport': ['expert'], // a declared member, certificate session, own signing certificate (service)
  'evaluation.recordDissent': ['expert'], // S11: before the member signed the current report (service)
  'evaluation.withdrawDissent': ['expert'],
  'evaluation.reopen': ['staff'], // R87 §64 cases only, a signed evaluation (service)
  'evaluation.reportSignatures': ['expert', 'staff', 'platform_admin', 'supervisor'], // the members' CMS over the report's bytes (service)

  'deposit.list': ['tenderee', 'agent', 'supervisor', ...CENTER], // owner side: its own project only; projects past their bid deadline only (service, issue 13 §2)
  'deposit.lookup': ['staff'], // one security by payment reference or company + project, before the deadline too (issue 13 §2)
  'deposit.record': ['staff'],
  'deposit.refund': ['staff'],
  'deposit.forfeit': ['staff'],
  'deposit.import': ['staff'],
  'deposit.unmatched': ['staff'], // statement rows no payment reference matched (issue 16 §5)
  'deposit.assignUnmatched': ['staff'],
  'deposit.returnUnmatched': ['staff'],
} as const satisfies Record<string, AccessRule>;

export type ProcedurePath = keyof typeof ACCESS;

/** Does the rule let this caller through? (null role = anonymous) */
export function allows(rule: AccessRule | undefined, role: Role | null): boolean {
  if (rule === undefined) return false;
  if (rule === 'public') return true;
  if (role === null) return false;
  if (rule === 'authenticated') return true;
  return rule.includes(role);
}
