/** Chinese words of the project page (its tabs per viewer and breadcrumbs) and of the public notice page's section line. */
export default {
  'project.tab.overview': '时间安排与公告',
  'project.tab.documents': '{tenderDocs}',
  'project.tab.clarifications': '澄清与修改',
  'project.tab.criteria': '资格条件',
  'project.tab.objectionReplies': '异议答复',
  'project.tab.registrations': '{registration}情况',
  'project.tab.opening': '{opening}',
  'project.tab.registration': '{registration}与{security}',
  'project.tab.qualification': '资格审查',
  'project.tab.bid': '我的{bid}',
  'project.tab.objections': '异议',
  'project.tab.registrationsAndSecurities': '{registration}与{security}',
  'project.crumb.myProjects': '我参与的项目',
  'project.crumb.projects': '交易项目',
  'project.previousFailed': '原项目（流标）',
  'notice.section': '标段',
};
