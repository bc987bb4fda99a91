/**
 * The web's text catalogs (issue 17 §4): one catalog per feature, one file per language
 * (zh/<feature>.ts, en/<feature>.ts). A key lives in both languages or the build fails (each en file
 * `satisfies` its zh file's keys); i18n.test.tsx also checks it at run time.
 */
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

export const zh = { ...zhCommon, ...zhPortal, ...zhIdentity, ...zhCertificates, ...zhAudit, ...zhHolidays, ...zhProjects, ...zhBids, ...zhSystem, ...zhProjectPage };
export type MessageKey = keyof typeof zh;
export type Dict = Record<MessageKey, string>;
export const en: Dict = { ...enCommon, ...enPortal, ...enIdentity, ...enCertificates, ...enAudit, ...enHolidays, ...enProjects, ...enBids, ...enSystem, ...enProjectPage };

/** The catalogs by feature, for the test that every key exists in both languages. */
export const CATALOGS = {
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
} as const;
