/** English words of the project page and the notice page's section line (the keys of ../zh/project-page.ts, each one). */
import type zh from '../zh/project-page.ts';

export default {
  'project.tab.overview': 'Schedule',
  'project.tab.documents': '{TenderDocs}',
  'project.tab.clarifications': 'Clarifications',
  'project.tab.criteria': 'Criteria',
  'project.tab.objectionReplies': 'Objections',
  'project.tab.registrations': 'Applicants',
  'project.tab.opening': '{Opening}',
  'project.tab.registration': '{Registration}',
  'project.tab.qualification': 'Qualification',
  'project.tab.bid': 'My {bid}',
  'project.tab.objections': 'Objections',
  'project.tab.registrationsAndSecurities': 'Applicants, {security}',
  'project.crumb.myProjects': 'My projects',
  'project.crumb.projects': 'Projects',
  'project.previousFailed': 'Previous (failed) project',
  'project.steps.stoppedAt': 'stopped at "{step}"',
  'project.steps.stopUnknown': 'the step where it stopped was not recorded',
  'project.steps.reason': 'Reason: {reason}',
  'project.steps.conditional': 'if needed',
  'project.notices.title': 'Notices of the project',
  'notice.section': 'Section',
} satisfies Record<keyof typeof zh, string>;
