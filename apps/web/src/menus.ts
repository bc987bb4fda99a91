/**
 * The left menu of every role, in one table (ux.md "Screens per role"). Each item is one workspace page
 * at `/workspace/<role segment>/<key>`. For this foundation the pages are honest placeholders
 * (状态: 建设中); later capabilities replace them one by one without changing the paths.
 *
 * Icons are named, not imported, so this table stays plain data (tests and the server-side docs can
 * read it); `icons.tsx` maps the names to @ant-design/icons components.
 */
import { ROLES, type Role } from '@ebid/domain';

export type MenuIconName =
  | 'safety-certificate'
  | 'project'
  | 'file-text'
  | 'lock'
  | 'unlock'
  | 'trophy'
  | 'thunderbolt'
  | 'plus-square'
  | 'calendar'
  | 'question-circle'
  | 'message'
  | 'audit'
  | 'check-square'
  | 'notification'
  | 'wallet'
  | 'solution'
  | 'desktop'
  | 'team'
  | 'schedule'
  | 'inbox'
  | 'stop'
  | 'form'
  | 'dashboard'
  | 'field-time'
  | 'alert'
  | 'warning'
  | 'pause-circle'
  | 'exception'
  | 'apartment'
  | 'file-search'
  | 'cloud-server'
  | 'user';

export interface MenuItem {
  /** Unique within the role; the last path segment. */
  key: string;
  label: { zh: string; en: string };
  icon: MenuIconName;
  /** Full path of the page. */
  path: string;
  /** Shown only to the organization's administrators (企业管理员). */
  orgAdminOnly?: boolean;
}

/** The URL segment of each role's workspace. */
export const ROLE_SEGMENTS: Record<Role, string> = {
  platform_admin: 'admin',
  staff: 'staff',
  tenderee: 'tenderee',
  agent: 'agent',
  bidder: 'bidder',
  expert: 'expert',
  supervisor: 'supervisor',
};

export const WORKSPACE_PREFIX = '/workspace';

/** Where a signed-in user's workspace pages live: `/workspace/<role segment>`. */
export function workspaceBase(actor: { role: Role }): string {
  return `${WORKSPACE_PREFIX}/${ROLE_SEGMENTS[actor.role]}`;
}

type ItemSpec = [key: string, zh: string, en: string, icon: MenuIconName, opts?: { orgAdminOnly?: boolean }];

/** Every signed-in user holds a signing and an encryption certificate (DESIGN §5). */
const CERTIFICATE: ItemSpec = ['certificate', '我的证书', 'My certificates', 'safety-certificate'];
/** The users of the caller's own organization, for its administrator. */
const ORG_USERS: ItemSpec = ['users', '企业用户', 'Company users', 'user', { orgAdminOnly: true }];
const ORG_REVIEW: ItemSpec = ['organizations', '机构审核', 'Organization review', 'apartment'];
const AUDIT: ItemSpec = ['audit', '审计日志', 'Audit log', 'file-search'];

/** Tenderee and agent work the same screens (ux.md: "Tenderee / agent"). */
const OWNER_SIDE: ItemSpec[] = [
  ['projects', '交易项目', 'Projects', 'project'],
  ['project-new', '新建项目', 'New project', 'plus-square'],
  ['schedule', '时间安排', 'Schedule', 'calendar'],
  ['documents', '招标文件', 'Tender documents', 'file-text'],
  ['clarifications', '澄清与修改', 'Clarifications and amendments', 'question-circle'],
  ['objections', '异议答复', 'Objections', 'message'],
  ['qualification', '资格条件', 'Qualification criteria', 'check-square'],
  ['award', '定标', 'Award decision', 'trophy'],
  ORG_USERS,
  CERTIFICATE,
];

const SPECS: Record<Role, ItemSpec[]> = {
  platform_admin: [ORG_REVIEW, ORG_USERS, AUDIT, ['system', '运行状态', 'Operations', 'cloud-server'], CERTIFICATE],
  staff: [
    ['notices', '公告审核', 'Notice review', 'notification'],
    ['projects', '交易项目', 'Projects', 'project'],
    ['deposits', '保证金', 'Security and deposits', 'wallet'],
    ['qualification', '资格审查', 'Qualification review', 'solution'],
    ['sale-applications', '竞买（受让）申请审核', 'Sale application review', 'audit'],
    ['opening', '开标控制台', 'Opening console', 'desktop'],
    ['expert-draws', '专家抽取', 'Expert draws', 'team'],
    ['evaluation', '评标管理', 'Evaluation sessions', 'schedule'],
    ['archive', '归档', 'Archive', 'inbox'],
    ['holidays', '节假日', 'Holiday calendar', 'calendar'],
    ['outages', '平台故障登记', 'Platform outages', 'warning'],
    ORG_REVIEW,
    AUDIT,
    CERTIFICATE,
  ],
  tenderee: OWNER_SIDE,
  agent: OWNER_SIDE,
  bidder: [
    CERTIFICATE,
    ['projects', '我参与的项目', 'My projects', 'project'],
    ['bids', '我的投标', 'My bids', 'lock'],
    ['opening', '开标大厅', 'Opening room', 'unlock'],
    ['results', '结果与异议', 'Results and objections', 'trophy'],
    ['auction', '竞价大厅', 'Auction room', 'thunderbolt'],
    ORG_USERS,
  ],
  expert: [
    ['sessions', '今日评标', "Today's sessions", 'schedule'],
    ['avoidance', '回避声明', 'Avoidance declaration', 'stop'],
    ['room', '评标室', 'Evaluation room', 'form'],
    CERTIFICATE,
  ],
  supervisor: [
    ['dashboard', '监管看板', 'Dashboard', 'dashboard'],
    ['projects', '交易项目', 'Projects', 'project'],
    ['timeline', '项目时间线', 'Project timeline', 'field-time'],
    ['alerts', '预警处理', 'Alerts', 'alert'],
    ['pause-orders', '暂停令', 'Pause orders', 'pause-circle'],
    ['complaints', '投诉处理', 'Complaints', 'exception'],
    ['outages', '平台故障', 'Platform outages', 'warning'],
    AUDIT,
    CERTIFICATE,
  ],
};

function build(role: Role, specs: ItemSpec[]): MenuItem[] {
  return specs.map(([key, zh, en, icon, opts]) => ({
    key,
    label: { zh, en },
    icon,
    path: `${WORKSPACE_PREFIX}/${ROLE_SEGMENTS[role]}/${key}`,
    ...(opts?.orgAdminOnly ? { orgAdminOnly: true } : {}),
  }));
}

export const MENUS: Record<Role, MenuItem[]> = Object.fromEntries(
  ROLES.map((role) => [role, build(role, SPECS[role])]),
) as Record<Role, MenuItem[]>;

/** Who is looking at the menu: the role, and whether they administer their organization. */
export interface MenuViewer {
  role: Role;
  isOrgAdmin?: boolean;
}

/** The items this viewer sees (company-admin items only for company admins). */
export function menuFor(viewer: Role | MenuViewer): MenuItem[] {
  const v = typeof viewer === 'string' ? { role: viewer } : viewer;
  return MENUS[v.role].filter((i) => !i.orgAdminOnly || v.isOrgAdmin === true);
}

/** Where a role lands after signing in: its first menu item. */
export function homePathFor(role: Role): string {
  const first = MENUS[role][0];
  return first ? first.path : WORKSPACE_PREFIX;
}

export function roleForSegment(segment: string | undefined): Role | undefined {
  return ROLES.find((r) => ROLE_SEGMENTS[r] === segment);
}

/** The menu item a path belongs to (exact page or a sub-page of it), if any. */
export function findMenuItem(role: Role, pathname: string): MenuItem | undefined {
  return MENUS[role].find((i) => pathname === i.path || pathname.startsWith(i.path + '/'));
}

/** Whether `pathname` is inside this role's workspace (used to honour a "from" after sign-in). */
export function belongsToRole(role: Role, pathname: string): boolean {
  return pathname.startsWith(`${WORKSPACE_PREFIX}/${ROLE_SEGMENTS[role]}/`);
}
