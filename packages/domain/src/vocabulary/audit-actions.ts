/**
 * The audit log in words (issue 19 §4): one name per audit action the platform writes and one per kind of
 * subject an event is about, in Chinese and English. `AuditAction` is the type of the `action` the services'
 * `audit()` takes, so an act written without words here does not compile; a unit test
 * (services audit/action-words.test.ts) also scans the source for action literals written another way.
 */
import type { ProcedureEventType } from '../procedure/machine.ts';

type Words = readonly [zh: string, en: string];

/** At most this many events in one export of the audit log (issue 19 §4); beyond it the export is refused: narrow the filter. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/** The acts of a project's procedure (`project.<event>`, procedure-events.ts): one per event of the machine. */
const PROCEDURE_ACTION_WORDS = {
  'project.submit_notice': ['项目提交公告审核', 'Notice submitted for review'],
  'project.reject_notice': ['项目公告被退回', 'Project notice returned'],
  'project.publish_notice': ['项目公告发布', 'Project notice published'],
  'project.start_prequalification': ['开始资格预审', 'Prequalification started'],
  'project.prequalification_done': ['资格预审结束', 'Prequalification ended'],
  'project.open_bidding': ['开始投标', 'Bidding opened'],
  'project.deadline_reached': ['投标截止', 'Bid deadline reached'],
  'project.opening_done': ['项目开标完成', 'Project opening done'],
  'project.evaluation_done': ['评标结束', 'Evaluation ended'],
  'project.auction_closed': ['竞价结束', 'Auction closed'],
  'project.publicity_done': ['公示期满', 'Publicity ended'],
  'project.award': ['定标', 'Award decided'],
  'project.contract_signed': ['签订合同', 'Contract signed'],
  'project.archive': ['归档', 'Archived'],
  'project.suspend': ['暂停项目', 'Project suspended'],
  'project.resume': ['恢复项目', 'Project resumed'],
  'project.fail': ['项目失败（流标）', 'Project failed'],
  'project.terminate': ['终止项目', 'Project terminated'],
} as const satisfies Record<`project.${ProcedureEventType}`, Words>;

export const AUDIT_ACTION_WORDS = {
  ...PROCEDURE_ACTION_WORDS,
  'audit.checkpoint': ['审计检查点签名', 'Audit checkpoint signed'],
  'audit.export': ['导出审计日志', 'Audit log exported'],
  'auth.login': ['登录', 'Signed in'],
  'auth.logout': ['退出登录', 'Signed out'],
  'auth.revoke_all': ['注销全部会话', 'All sessions revoked'],
  'bid.digest': ['计算投标文件摘要', 'Bid digests computed'],
  'bid.finalize': ['提交投标文件', 'Bid submitted'],
  'bid.receipt_pdf': ['下载投标回执', 'Bid receipt downloaded'],
  'bid.upload_abandon': ['放弃上传投标文件', 'Bid upload abandoned'],
  'bid.upload_start': ['开始上传投标文件', 'Bid upload started'],
  'bid.withdraw': ['撤回投标文件', 'Bid withdrawn'],
  'calendar.prefill_year': ['预填年度节假日', 'Holiday year prefilled'],
  'calendar.publish_year': ['发布年度节假日', 'Holiday year published'],
  'calendar.republish_year': ['重新发布年度节假日', 'Holiday year republished'],
  'calendar.remove_day': ['删除节假日', 'Calendar day removed'],
  'calendar.seed': ['初始化日历', 'Calendar seeded'],
  'calendar.set_day': ['设置节假日', 'Calendar day set'],
  'cert.approve_issuance': ['批准签发证书', 'Certificate issuance approved'],
  'cert.issue': ['签发证书', 'Certificate issued'],
  'cert.renew': ['更新证书', 'Certificate renewed'],
  'cert.revoke': ['吊销证书', 'Certificate revoked'],
  'checkpoint.period_run': ['法定最短期限届满', 'Statutory minimum period run'],
  'checkpoint.period_short': ['法定最短期限被缩短', 'Statutory minimum period cut short'],
  'checkpoint.red': ['监督点红色预警（超期）', 'Checkpoint red alert (overdue)'],
  'checkpoint.yellow': ['监督点黄色预警（将超期）', 'Checkpoint yellow warning (due soon)'],
  'clarification.draft': ['起草澄清', 'Clarification drafted'],
  'clarification.publish': ['发布澄清', 'Clarification published'],
  'clarification.update': ['修改澄清', 'Clarification updated'],
  'committee.appoint_manual': ['经特殊审批指定评标专家', 'Expert appointed with special approval'],
  'committee.backup_invited': ['递补候补专家', 'Backup expert called in'],
  'committee.seat_avoided': ['抽中专家回避，未邀请', 'Drawn expert withdrew (avoidance), not invited'],
  'committee.backups_exhausted': ['候补专家已用尽', 'No backup expert left'],
  'committee.confirm': ['专家确认参加评标', 'Expert confirmed'],
  'committee.decline': ['专家谢绝参加评标', 'Expert declined'],
  'committee.drawn': ['评标专家抽取完成', 'Committee drawn'],
  'committee.publish': ['公布评标委员会名单', 'Committee published'],
  'committee.request': ['申请抽取评标专家', 'Committee draw requested'],
  'committee.timeout': ['专家逾期未答复', 'Expert did not answer in time'],
  'crl.publish': ['发布证书吊销列表', 'CRL published'],
  'deposit.assign_unmatched': ['认领未匹配到账', 'Unmatched payment assigned'],
  'deposit.forfeit': ['没收保证金', 'Security forfeited'],
  'deposit.import': ['导入银行流水', 'Bank statement imported'],
  'deposit.mark_for_refund': ['标记待退保证金', 'Security marked for refund'],
  'deposit.record': ['登记保证金', 'Security recorded'],
  'deposit.refund': ['退还保证金', 'Security refunded'],
  'deposit.refund_due_recomputed': ['重算退还期限', 'Refund due date recomputed'],
  'deposit.refund_due_soon': ['保证金退还即将到期', 'Security refund due soon'],
  'deposit.refund_overdue': ['保证金逾期未退', 'Security refund overdue'],
  'document.add': ['上传招标文件', 'Document added'],
  'document.remove': ['删除招标文件', 'Document removed'],
  'draw.commit': ['抽取承诺', 'Draw committed'],
  'draw.create': ['创建抽取', 'Draw created'],
  'draw.result': ['抽取结果', 'Draw result'],
  'draw.reveal': ['揭示抽取', 'Draw revealed'],
  'evaluation.declare': ['评标专家签署回避声明', 'Member signed the avoidance declaration'],
  'evaluation.method_set': ['设定评标办法', 'Evaluation method set'],
  'evaluation.sign_in': ['评标专家签到', 'Member signed in to the evaluation'],
  'evaluation.start': ['开始评标', 'Evaluation started'],
  'expert.availability_set': ['设置专家可用状态', 'Expert availability set'],
  'expert.profile_create': ['建立专家档案', 'Expert profile created'],
  'expert.profile_update': ['修改专家档案', 'Expert profile updated'],
  'expert.sanction': ['暂停专家评标资格', 'Expert sanctioned'],
  'expert.tie_declare': ['申报专家关联关系', 'Expert tie declared'],
  'expert.tie_end': ['登记专家关联关系终止', 'Expert tie ended'],
  'expert.unsanction': ['解除专家评标资格暂停', 'Expert sanction lifted'],
  'file.upload': ['上传文件', 'File uploaded'],
  'mandate.create': ['登记代理委托', 'Agency mandate recorded'],
  'notice.draft': ['起草公告', 'Notice drafted'],
  'notice.publication_refused': ['公告发布被拒绝', 'Notice publication refused'],
  'notice.publish': ['发布公告', 'Notice published'],
  'notice.reject': ['退回公告', 'Notice rejected'],
  'notice.schedule': ['定时发布公告', 'Notice scheduled'],
  'notice.submit': ['提交公告', 'Notice submitted'],
  'notice.update': ['修改公告', 'Notice updated'],
  'objection.accept': ['受理异议', 'Objection accepted'],
  'objection.answer': ['答复异议', 'Objection answered'],
  'objection.decline': ['不予受理异议', 'Objection declined'],
  'objection.due_recomputed': ['重算异议答复期限', 'Objection due date recomputed'],
  'objection.due_soon': ['异议答复即将到期', 'Objection answer due soon'],
  'objection.file': ['提出异议', 'Objection filed'],
  'objection.overdue': ['异议答复逾期', 'Objection answer overdue'],
  'opening.answer': ['答复开标异议', 'Opening objection answered'],
  'opening.cause_reclassified': ['重新认定解密失败原因', 'Decryption failure cause reclassified'],
  'opening.close': ['开标结束', 'Opening closed'],
  'opening.confirm': ['确认开标记录', 'Opening record confirmed'],
  'opening.decrypt': ['解密投标文件', 'Bid decrypted'],
  'opening.decrypt_expired': ['解密时限届满', 'Decryption window expired'],
  'opening.decrypt_refused': ['拒绝解密', 'Decryption refused'],
  'opening.fail': ['开标失败', 'Opening failed'],
  'opening.failure_cause': ['认定解密失败原因', 'Decryption failure cause recorded'],
  'opening.host': ['主持开标', 'Opening hosted'],
  'opening.objection': ['提出开标异议', 'Opening objection raised'],
  'opening.plaintext_stored': ['保存解密内容', 'Decrypted content stored'],
  'opening.publish': ['公布开标结果', 'Opening results published'],
  'opening.record': ['生成开标记录', 'Opening record generated'],
  'opening.rules': ['设置开标规则', 'Opening rules set'],
  'opening.sign_in': ['开标签到', 'Signed in to the opening'],
  'opening.start': ['开始开标', 'Opening started'],
  'opening.start_overdue': ['开标逾期未开始', 'Opening start overdue'],
  'org.create': ['创建单位', 'Organization created'],
  'org.register': ['单位注册', 'Organization registered'],
  'org.review': ['审核单位', 'Organization reviewed'],
  'org.set_basic_account': ['设置基本账户', 'Basic account set'],
  'outage.record': ['登记系统故障', 'Outage recorded'],
  'project.create': ['创建项目', 'Project created'],
  'project.outage_extension': ['因故障顺延', 'Extended for an outage'],
  'project.publicity_held': ['公示期满暂缓', 'Publicity end held'],
  'project.retendered': ['重新招标', 'Re-tendered'],
  'project.sale_terms': ['设置出让（转让）条件', 'Sale terms set'],
  'project.schedule': ['保存项目日程', 'Schedule saved'],
  'project.schedule_conflict': ['项目日程冲突', 'Schedule conflict'],
  'project.schedule_published': ['公布项目日程', 'Schedule published'],
  'project.terminated': ['项目已终止', 'Project terminated (notice)'],
  'qualification.answer': ['填报资格条件', 'Qualification answered'],
  'qualification.complete': ['完成资格审查', 'Qualification review completed'],
  'qualification.criteria.set': ['设置资格条件', 'Qualification criteria set'],
  'qualification.decide': ['资格审查结论', 'Qualification decided'],
  'qualification.review_due_soon': ['资格审查即将到期', 'Qualification review due soon'],
  'qualification.review_overdue': ['资格审查逾期', 'Qualification review overdue'],
  'registration.apply': ['报名', 'Registered'],
  'registration.reapply': ['重新报名', 'Registered again'],
  'registration.review': ['审核竞买（受让）申请', 'Application reviewed'],
  'registration.withdraw': ['撤回报名', 'Registration withdrawn'],
  'section.fail': ['标段失败', 'Section failed'],
  'storage.integrity_failed': ['存储完整性告警', 'Storage integrity alert'],
  'supervision.alert_handle': ['处理监察预警并签名', 'Supervision alert handled and signed'],
  'supervisor.set_scopes': ['设置监管范围', 'Supervision scope set'],
  'system.fake_clock.set': ['设置测试时钟', 'Test clock set'],
  'system.time_source.alert': ['服务器时间偏差告警', 'Server clock offset alert'],
  'system.time_source.recovered': ['服务器时间恢复正常', 'Server clock back in step'],
  'unmatched_payment.return': ['退回未匹配到账', 'Unmatched payment returned'],
  'user.activate': ['启用用户', 'User activated'],
  'user.activate_account': ['激活账号', 'Account activated'],
  'user.activation_issue': ['发放激活码', 'Activation code issued'],
  'user.create': ['创建用户', 'User created'],
  'user.deactivate': ['停用用户', 'User deactivated'],
  'user.password_reset': ['重置密码', 'Password reset'],
  'user.password_reset_issue': ['发放密码重置码', 'Password reset code issued'],
} as const satisfies Record<string, Words>;

/** Every audit action the platform writes (the type of `audit()`'s `action`). */
export type AuditAction = keyof typeof AUDIT_ACTION_WORDS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_WORDS).sort() as AuditAction[];

export function isAuditAction(v: unknown): v is AuditAction {
  return typeof v === 'string' && Object.hasOwn(AUDIT_ACTION_WORDS, v);
}

/** The kinds of thing an event is about (`subject.type`). An unknown kind is shown as its code and id. */
export const AUDIT_SUBJECT_WORDS = {
  audit_checkpoint: ['审计检查点', 'Audit checkpoint'],
  audit_log: ['审计日志', 'Audit log'],
  bid: ['投标文件', 'Bid'],
  bid_upload: ['投标文件上传', 'Bid upload'],
  calendar: ['日历', 'Calendar'],
  calendar_day: ['日历日', 'Calendar day'],
  calendar_year: ['日历年度', 'Calendar year'],
  certificate: ['证书', 'Certificate'],
  checkpoint: ['监督点', 'Checkpoint'],
  clarification: ['澄清', 'Clarification'],
  clock: ['时钟', 'Clock'],
  committee: ['评标委员会', 'Evaluation committee'],
  committee_member: ['评标委员会成员', 'Committee seat'],
  crl: ['证书吊销列表', 'CRL'],
  deposit: ['保证金', 'Security'],
  deposit_import: ['银行流水', 'Bank statement'],
  document: ['招标文件', 'Document'],
  draw: ['抽取', 'Draw'],
  expert: ['评标专家', 'Expert'],
  expert_tie: ['专家关联关系', 'Expert tie'],
  mandate: ['代理委托', 'Agency mandate'],
  notice: ['公告', 'Notice'],
  object: ['存储对象', 'Stored object'],
  objection: ['异议', 'Objection'],
  opening: ['开标', 'Opening'],
  org: ['单位', 'Organization'],
  organization: ['单位', 'Organization'],
  outage: ['系统故障', 'Outage'],
  project: ['项目', 'Project'],
  qualification_answer: ['资格条件填报', 'Qualification answer'],
  registration: ['报名', 'Registration'],
  section: ['标段', 'Section'],
  session: ['会话', 'Session'],
  time_source: ['时间源', 'Time source'],
  supervision_alert: ['监察预警', 'Supervision alert'],
  unmatched_payment: ['未匹配到账', 'Unmatched payment'],
  upload: ['上传文件', 'Upload'],
  user: ['用户', 'User'],
} as const satisfies Record<string, Words>;

export type AuditSubjectType = keyof typeof AUDIT_SUBJECT_WORDS;
export const AUDIT_SUBJECT_TYPES = Object.keys(AUDIT_SUBJECT_WORDS).sort() as AuditSubjectType[];

export function isAuditSubjectType(v: unknown): v is AuditSubjectType {
  return typeof v === 'string' && Object.hasOwn(AUDIT_SUBJECT_WORDS, v);
}

type ActionKey = `auditAction.${AuditAction}`;
type SubjectKey = `auditSubject.${AuditSubjectType}`;

function keyed<K extends string>(prefix: string, table: Record<string, Words>, i: 0 | 1): Record<K, string> {
  return Object.fromEntries(Object.entries(table).map(([k, w]) => [`${prefix}.${k}`, w[i]])) as Record<K, string>;
}

/** The words as vocabulary entries (`auditAction.auth.login`, `auditSubject.bid`), spread into zh.ts / en.ts. */
export const AUDIT_VOCABULARY = {
  zh: { ...keyed<ActionKey>('auditAction', AUDIT_ACTION_WORDS, 0), ...keyed<SubjectKey>('auditSubject', AUDIT_SUBJECT_WORDS, 0) },
  en: { ...keyed<ActionKey>('auditAction', AUDIT_ACTION_WORDS, 1), ...keyed<SubjectKey>('auditSubject', AUDIT_SUBJECT_WORDS, 1) },
};
