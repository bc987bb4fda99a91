/**
 * The web's text catalogs (issue 17 §4): one catalog per feature, one file per language
 * (zh/<feature>.ts, en/<feature>.ts). A key lives in both languages or the build fails (each en file
 * `satisfies` its zh file's keys); i18n.test.tsx also checks it at run time. The shared vocabulary of the
 * glossary (statuses, trade types, methods, roles, bid parts, deposit states …) comes from
 * @ebid/domain/vocabulary, spread into both dictionaries (`t('trade.engineering')`).
 */
import { VOCABULARY } from '@ebid/domain/vocabulary';
import zhCommon from './zh/common.ts';
import zhPortal from './zh/portal.ts';
import zhIdentity from './zh/identity.ts';
import zhCertificates from './zh/certificates.ts';
import zhAudit from './zh/audit.ts';
import zhHolidays from './zh/holidays.ts';
import zhProjects from './zh/projects.ts';
import zhBids from './zh/bids.ts';
import zhSystem from './zh/system.ts';
import zhProjectPage from './zh/project-page.ts';
import zhMyBids from './zh/my-bids.ts';
import zhComponents from './zh/components.ts';
import zhDraws from './zh/draws.ts';
import zhOpening from './zh/opening.ts';
import zhOpeningTime from './zh/opening-time.ts';
import zhDeposits from './zh/deposits.ts';
import zhRegistrations from './zh/registrations.ts';
import zhClarifications from './zh/clarifications.ts';
import zhQualification from './zh/qualification.ts';
import zhDocuments from './zh/documents.ts';
import zhObjections from './zh/objections.ts';
import zhCertImport from './zh/cert-import.ts';
import zhSales from './zh/sales.ts';
import zhProjectLists from './zh/project-lists.ts';
import zhTables from './zh/tables.ts';
import zhSupervisorScopes from './zh/supervisorScopes.ts';
import zhErrors from './zh/errors.ts';
import zhTimeSource from './zh/time-source.ts';
import zhSupervisionAlerts from './zh/supervision-alerts.ts';
import zhSupervisionDashboard from './zh/supervision-dashboard.ts';
import zhExperts from './zh/experts.ts';
import zhCommittee from './zh/committee.ts';
import zhEvaluationCenter from './zh/evaluation-center.ts';
import zhEvaluation from './zh/evaluation.ts';
import enCommon from './en/common.ts';
import enPortal from './en/portal.ts';
import enIdentity from './en/identity.ts';
import enCertificates from './en/certificates.ts';
import enAudit from './en/audit.ts';
import enHolidays from './en/holidays.ts';
import enProjects from './en/projects.ts';
import enBids from './en/bids.ts';
import enSystem from './en/system.ts';
import enProjectPage from './en/project-page.ts';
import enMyBids from './en/my-bids.ts';
import enComponents from './en/components.ts';
import enDraws from './en/draws.ts';
import enOpening from './en/opening.ts';
import enOpeningTime from './en/opening-time.ts';
import enDeposits from './en/deposits.ts';
import enRegistrations from './en/registrations.ts';
import enClarifications from './en/clarifications.ts';
import enQualification from './en/qualification.ts';
import enDocuments from './en/documents.ts';
import enObjections from './en/objections.ts';
import enCertImport from './en/cert-import.ts';
import enSales from './en/sales.ts';
import enProjectLists from './en/project-lists.ts';
import enTables from './en/tables.ts';
import enSupervisorScopes from './en/supervisorScopes.ts';
import enErrors from './en/errors.ts';
import enTimeSource from './en/time-source.ts';
import enSupervisionDashboard from './en/supervision-dashboard.ts';
import enSupervisionAlerts from './en/supervision-alerts.ts';
import enExperts from './en/experts.ts';
import enCommittee from './en/committee.ts';
import enEvaluationCenter from './en/evaluation-center.ts';
import enEvaluation from './en/evaluation.ts';

export const zh = { ...VOCABULARY.zh, ...zhCommon, ...zhPortal, ...zhIdentity, ...zhCertificates, ...zhAudit, ...zhHolidays, ...zhProjects, ...zhBids, ...zhSystem, ...zhProjectPage, ...zhMyBids, ...zhComponents, ...zhDraws, ...zhOpening, ...zhOpeningTime, ...zhDeposits, ...zhRegistrations, ...zhClarifications, ...zhQualification, ...zhDocuments, ...zhObjections, ...zhCertImport, ...zhSales, ...zhProjectLists, ...zhTables, ...zhErrors, ...zhTimeSource, ...zhSupervisionAlerts, ...zhSupervisionDashboard, ...zhSupervisorScopes, ...zhExperts, ...zhCommittee, ...zhEvaluationCenter, ...zhEvaluation };
export type MessageKey = keyof typeof zh;
export type Dict = Record<MessageKey, string>;
export const en: Dict = { ...VOCABULARY.en, ...enCommon, ...enPortal, ...enIdentity, ...enCertificates, ...enAudit, ...enHolidays, ...enProjects, ...enBids, ...enSystem, ...enProjectPage, ...enMyBids, ...enComponents, ...enDraws, ...enOpening, ...enOpeningTime, ...enDeposits, ...enRegistrations, ...enClarifications, ...enQualification, ...enDocuments, ...enObjections, ...enCertImport, ...enSales, ...enProjectLists, ...enTables, ...enErrors, ...enTimeSource, ...enSupervisionAlerts, ...enSupervisionDashboard, ...enSupervisorScopes, ...enExperts, ...enCommittee, ...enEvaluationCenter, ...enEvaluation };

/** The catalogs by feature, for the test that every key exists in both languages. */
export const CATALOGS = {
  vocabulary: VOCABULARY,
  common: { zh: zhCommon, en: enCommon },
  portal: { zh: zhPortal, en: enPortal },
  identity: { zh: zhIdentity, en: enIdentity },
  certificates: { zh: zhCertificates, en: enCertificates },
  audit: { zh: zhAudit, en: enAudit },
  holidays: { zh: zhHolidays, en: enHolidays },
  projects: { zh: zhProjects, en: enProjects },
  bids: { zh: zhBids, en: enBids },
  system: { zh: zhSystem, en: enSystem },
  projectPage: { zh: zhProjectPage, en: enProjectPage },
  myBids: { zh: zhMyBids, en: enMyBids },
  components: { zh: zhComponents, en: enComponents },
  draws: { zh: zhDraws, en: enDraws },
  opening: { zh: zhOpening, en: enOpening },
  openingTime: { zh: zhOpeningTime, en: enOpeningTime },
  deposits: { zh: zhDeposits, en: enDeposits },
  registrations: { zh: zhRegistrations, en: enRegistrations },
  clarifications: { zh: zhClarifications, en: enClarifications },
  qualification: { zh: zhQualification, en: enQualification },
  documents: { zh: zhDocuments, en: enDocuments },
  objections: { zh: zhObjections, en: enObjections },
  certImport: { zh: zhCertImport, en: enCertImport },
  sales: { zh: zhSales, en: enSales },
  projectLists: { zh: zhProjectLists, en: enProjectLists },
  tables: { zh: zhTables, en: enTables },
  supervisorScopes: { zh: zhSupervisorScopes, en: enSupervisorScopes },
  errors: { zh: zhErrors, en: enErrors },
  timeSource: { zh: zhTimeSource, en: enTimeSource },
  supervisionAlerts: { zh: zhSupervisionAlerts, en: enSupervisionAlerts },
  supervisionDashboard: { zh: zhSupervisionDashboard, en: enSupervisionDashboard },
  experts: { zh: zhExperts, en: enExperts },
  committee: { zh: zhCommittee, en: enCommittee },
  evaluationCenter: { zh: zhEvaluationCenter, en: enEvaluationCenter },
  evaluation: { zh: zhEvaluation, en: enEvaluation },
} as const;
