/** The roles of DESIGN §5 / ux.md, in one list shared by the database enum, the API and the web menus. */
export const ROLES = ['platform_admin', 'staff', 'tenderee', 'agent', 'bidder', 'expert', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  platform_admin: { zh: '平台管理员', en: 'Platform admin' },
  staff: { zh: '交易中心', en: 'Center staff' },
  tenderee: { zh: '招标人', en: 'Tenderee' },
  agent: { zh: '代理机构', en: 'Agent' },
  bidder: { zh: '投标人', en: 'Bidder' },
  expert: { zh: '评标专家', en: 'Expert' },
  supervisor: { zh: '监管部门', en: 'Supervisor' },
};
