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
  /** The page's name: its heading, its breadcrumb and the start of the browser tab's title. */
  label: { zh: string; en: string };
  /**
   * The side menu's words when the label is too long for it (issue 19 §5: the sider is 224 px in Chinese,
   * 256 px in English); the full label is the item's tooltip.
   */
  short?: { en: string };
  /** One line under the heading: what the page is for and what to do there (issue 19 §5). */
  purpose: { zh: string; en: string };
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

type ItemSpec = Omit<MenuItem, 'path'>;

/** Every signed-in user holds a signing and an encryption certificate (DESIGN §5). */
const CERTIFICATE: ItemSpec = {
  key: 'certificate',
  label: { zh: '我的证书', en: 'My certificates' },
  purpose: { zh: '查看您的签名证书和加密证书的有效期，导入或更新证书', en: 'Your signing and encryption certificates: see when they expire, import or renew them' },
  icon: 'safety-certificate',
};
/** The users of the caller's own organization, for its administrator. */
const ORG_USERS: ItemSpec = {
  key: 'users',
  label: { zh: '企业用户', en: 'Company users' },
  purpose: { zh: '管理本单位的用户账号：新增、停用，指定企业管理员', en: "Manage your company's user accounts: add, disable, name administrators" },
  icon: 'user',
  orgAdminOnly: true,
};
const ORG_REVIEW: ItemSpec = {
  key: 'organizations',
  label: { zh: '机构审核', en: 'Organization review' },
  purpose: { zh: '审核申请入驻平台的单位，通过后其用户方可参与交易', en: 'Review the organizations that apply to join; once approved, their users can trade' },
  icon: 'apartment',
};
const AUDIT: ItemSpec = {
  key: 'audit',
  label: { zh: '审计日志', en: 'Audit log' },
  purpose: { zh: '查询平台上每一项操作的记录：谁、何时、对哪个项目做了什么', en: 'Every action on the platform: who did what, when, on which project' },
  icon: 'file-search',
};

/** 预警处理 (issue 20 §2, M1): the alerts of the checkpoints the caller's side is responsible for, handled and signed. */
const ALERTS: ItemSpec = {
  key: 'alerts',
  label: { zh: '预警处理', en: 'Alerts' },
  purpose: {
    zh: '处理监督点的预警（黄色预警、红色超期）：填写处理情况和结果，用签名证书签名后提交',
    en: 'Handle the alerts of the checkpoints (yellow warning, red overdue): record what was done and the result, sign with your certificate',
  },
  icon: 'alert',
};

/** Tenderee and agent work the same screens (ux.md: "Tenderee / agent"). Each topic lists the projects with its own column. */
const OWNER_SIDE: ItemSpec[] = [
  {
    key: 'projects',
    label: { zh: '交易项目', en: 'Projects' },
    purpose: { zh: '本单位作为招标人或代理机构的全部交易项目，点击项目名称进入项目', en: 'All projects of your company as tenderee or agent; open one by its name' },
    icon: 'project',
  },
  {
    key: 'project-new',
    label: { zh: '新建项目', en: 'New project' },
    purpose: { zh: '填写项目基本信息和标段，保存为草稿后再安排时间、上传文件', en: 'Enter the project and its sections; save it as a draft, then set its dates and upload its documents' },
    icon: 'plus-square',
  },
  {
    key: 'schedule',
    label: { zh: '时间安排', en: 'Schedule' },
    purpose: { zh: '选择项目，安排并检查公告、文件发售、投标截止和开标等时间', en: 'Choose a project to set and check its notice, document sale, deadline and opening dates' },
    icon: 'calendar',
  },
  {
    key: 'documents',
    label: { zh: '招标文件', en: 'Tender documents' },
    purpose: { zh: '选择项目，上传、发布和管理招标文件', en: 'Choose a project to upload, publish and manage its tender documents' },
    icon: 'file-text',
  },
  {
    key: 'clarifications',
    label: { zh: '澄清与修改', en: 'Clarifications and amendments' },
    short: { en: 'Clarifications' },
    purpose: { zh: '选择项目，起草并发布澄清或修改文件，必要时顺延投标截止时间', en: 'Choose a project to draft and publish clarifications and amendments, moving the deadline when needed' },
    icon: 'question-circle',
  },
  {
    key: 'objections',
    label: { zh: '异议答复', en: 'Objection answers' },
    purpose: { zh: '选择项目，在答复期限内受理并答复对招标文件提出的异议', en: 'Choose a project to accept and answer the objections to its documents before they are due' },
    icon: 'message',
  },
  {
    key: 'qualification',
    label: { zh: '资格条件', en: 'Qualification criteria' },
    purpose: { zh: '选择项目，设置投标人须满足的资格条件（公告发布后不可更改）', en: 'Choose a project to set the qualification criteria bidders must meet (fixed once the notice is out)' },
    icon: 'check-square',
  },
  {
    key: 'award',
    label: { zh: '定标', en: 'Award decision' },
    purpose: { zh: '根据评标报告和中标候选人确定中标人', en: 'Decide the winner from the evaluation report and its candidates' },
    icon: 'trophy',
  },
  ALERTS,
  ORG_USERS,
  CERTIFICATE,
];

const SPECS: Record<Role, ItemSpec[]> = {
  platform_admin: [
    ORG_REVIEW,
    ORG_USERS,
    AUDIT,
    {
      key: 'system',
      label: { zh: '运行状态', en: 'Operations' },
      purpose: { zh: '平台各项服务（数据库、文件存储、时钟、任务）当前是否正常', en: 'Whether the platform\'s services (database, file storage, clock, jobs) are working' },
      icon: 'cloud-server',
    },
    CERTIFICATE,
  ],
  staff: [
    {
      key: 'notices',
      label: { zh: '公告审核', en: 'Notice review' },
      purpose: { zh: '审核招标人和代理机构提交的公告，通过后按发布时间公开', en: 'Review the notices owners submit; an approved notice goes public at its publication time' },
      icon: 'notification',
    },
    {
      key: 'projects',
      label: { zh: '中心受理的项目', en: 'Center projects' },
      purpose: { zh: '交易中心受理的全部项目及其所处环节，点击项目名称查看和办理', en: 'Every project the center handles and the step it is at; open one by its name' },
      icon: 'project',
    },
    {
      key: 'deposits',
      label: { zh: '保证金', en: 'Security and deposits' },
      short: { en: 'Deposits' },
      purpose: { zh: '核对投标保证金和竞买保证金的到账、退还情况', en: 'Check that bid securities and sale deposits arrived and are refunded' },
      icon: 'wallet',
    },
    {
      key: 'qualification',
      label: { zh: '资格审查', en: 'Qualification review' },
      purpose: { zh: '逐项审查申请人对资格条件的应答和证明材料', en: "Review each applicant's answers to the qualification criteria and their evidence" },
      icon: 'solution',
    },
    {
      key: 'sale-applications',
      label: { zh: '竞买（受让）申请审核', en: 'Sale application review' },
      short: { en: 'Sale applications' },
      purpose: { zh: '审核土地竞买人和产权意向受让方的申请，确认资格和保证金', en: 'Review the applications of land bidders and property transferees: eligibility and deposit' },
      icon: 'audit',
    },
    {
      key: 'opening',
      label: { zh: '开标控制台', en: 'Opening console' },
      purpose: { zh: '选择项目，主持开标：解密进度、唱标和开标记录', en: 'Choose a project to host its opening: decryption progress, the reading and the record' },
      icon: 'desktop',
    },
    {
      key: 'expert-pool',
      label: { zh: '专家库', en: 'Expert pool' },
      purpose: { zh: '维护评标专家的专业、单位、可用状态和处理记录，查看专家申报的关联关系', en: "Keep the experts' specialties, employers, availability and sanctions; see the ties they declared" },
      icon: 'solution',
    },
    {
      key: 'expert-draws',
      label: { zh: '专家抽取', en: 'Expert draws' },
      purpose: { zh: '从专家库中随机抽取评标委员会成员', en: 'Draw the members of an evaluation committee at random from the expert pool' },
      icon: 'team',
    },
    {
      key: 'evaluations',
      label: { zh: '评标管理', en: 'Evaluation sessions' },
      purpose: {
        zh: '为已公布评标委员会的标段开始评标，跟踪成员签到、评审进度和评标报告签署，必要时替换成员或依法重新评审',
        en: 'Start the evaluation of a section whose committee is published; follow sign-in, review progress and report signing; replace a member or reopen the review when the law allows',
      },
      icon: 'schedule',
    },
    {
      key: 'archive',
      label: { zh: '归档', en: 'Archive' },
      purpose: { zh: '将已结束项目的全部资料归档保存', en: 'File away the full record of finished projects' },
      icon: 'inbox',
    },
    {
      key: 'holidays',
      label: { zh: '节假日', en: 'Holiday calendar' },
      purpose: { zh: '维护法定节假日和调休工作日，各项法定期限据此计算', en: 'Keep the public holidays and working weekends that every statutory period counts with' },
      icon: 'calendar',
    },
    {
      key: 'outages',
      label: { zh: '平台故障登记', en: 'Platform outages' },
      purpose: { zh: '登记平台故障，受影响项目的截止时间据此顺延', en: 'Record platform outages; the deadlines they affected are extended' },
      icon: 'warning',
    },
    {
      key: 'system',
      label: { zh: '运行状态', en: 'Operations' },
      purpose: { zh: '服务器时间与标准时间（NTP）的偏差及平台各项服务是否正常', en: "The server clock's offset from NTP time and whether the platform's services are working" },
      icon: 'cloud-server',
    },
    ALERTS,
    ORG_REVIEW,
    AUDIT,
    CERTIFICATE,
  ],
  tenderee: OWNER_SIDE,
  agent: OWNER_SIDE,
  bidder: [
    CERTIFICATE,
    {
      key: 'projects',
      label: { zh: '我参与的项目', en: 'My projects' },
      purpose: { zh: '本单位报名或下载过文件的项目，点击进入报名、投标和异议', en: 'The projects your company registered for or downloaded documents of; open one to register, bid or object' },
      icon: 'project',
    },
    {
      key: 'bids',
      label: { zh: '我的投标', en: 'My bids' },
      purpose: { zh: '本单位已递交的投标文件及其回执', en: 'The bids your company submitted and their receipts' },
      icon: 'lock',
    },
    {
      key: 'opening',
      label: { zh: '开标大厅', en: 'Opening room' },
      purpose: { zh: '开标时进入项目的开标大厅，解密本单位的投标文件并确认开标记录', en: "At the opening, enter the project's room, decrypt your bid and confirm the record" },
      icon: 'unlock',
    },
    {
      key: 'clarification-requests',
      label: { zh: '评标澄清', en: 'Evaluation clarifications' },
      short: { en: 'Clarification requests' },
      purpose: {
        zh: '评标委员会向本单位发出的书面澄清要求，在答复截止时间前提交答复',
        en: 'The written clarification requests of evaluation committees to your company; answer them before they are due',
      },
      icon: 'question-circle',
    },
    {
      key: 'results',
      label: { zh: '结果与异议', en: 'Results and objections' },
      purpose: { zh: '查看中标结果，对结果提出异议', en: 'See the results and object to them' },
      icon: 'trophy',
    },
    {
      key: 'auction',
      label: { zh: '竞价大厅', en: 'Auction room' },
      purpose: { zh: '参加土地和产权交易的网上竞价', en: 'Bid in the online auctions of land and property' },
      icon: 'thunderbolt',
    },
    ORG_USERS,
  ],
  expert: [
    {
      key: 'sessions',
      label: { zh: '今日评标', en: "Today's sessions" },
      purpose: { zh: '今天您被抽中参加的评标', en: 'The evaluations you were drawn for today' },
      icon: 'schedule',
    },
    {
      key: 'avoidance',
      label: { zh: '回避声明', en: 'Avoidance declaration' },
      short: { en: 'Avoidance' },
      purpose: { zh: '声明您与投标人是否存在利害关系', en: 'Declare whether you have a conflict of interest with a bidder' },
      icon: 'stop',
    },
    {
      key: 'room',
      label: { zh: '评标室', en: 'Evaluation room' },
      purpose: { zh: '评审投标文件并打分', en: 'Review and score the bids' },
      icon: 'form',
    },
    {
      key: 'invitations',
      label: { zh: '评标邀请', en: 'Invitations' },
      purpose: { zh: '您被抽取为评标专家的邀请：评标时间和地点，在答复截止前确认或谢绝', en: 'Your invitations to evaluate: the session time and place; confirm or decline before the answer is due' },
      icon: 'notification',
    },
    {
      key: 'profile',
      label: { zh: '我的资料', en: 'My profile' },
      purpose: { zh: '维护您的专家资料和可用状态，如实申报关联关系（3年内的任职、董事、控股及近亲属任职单位）', en: 'Keep your expert profile and availability; declare your ties (employment, board seats, control, relatives\' employers within 3 years)' },
      icon: 'user',
    },
    CERTIFICATE,
  ],
  supervisor: [
    {
      key: 'dashboard',
      label: { zh: '监管看板', en: 'Dashboard' },
      purpose: { zh: '监管范围内交易项目的运行概况和预警', en: 'How the projects you supervise are running, and their alerts' },
      icon: 'dashboard',
    },
    {
      key: 'projects',
      label: { zh: '监管项目', en: 'Supervised projects' },
      purpose: { zh: '监管范围内的全部交易项目及其所处环节，点击项目名称查看', en: 'Every project you supervise and the step it is at; open one by its name' },
      icon: 'project',
    },
    {
      key: 'timeline',
      label: { zh: '项目时间线', en: 'Project timeline' },
      purpose: { zh: '按时间顺序查看一个项目的每一个环节', en: 'Every step of a project in time order' },
      icon: 'field-time',
    },
    {
      key: 'alerts',
      label: { zh: '预警处理', en: 'Alerts' },
      purpose: {
        zh: '监管范围内项目的预警（黄色预警、红色超期）及其处理记录；可处理并签名',
        en: 'The alerts (yellow warning, red overdue) of the projects you supervise and their handling; handle and sign them',
      },
      icon: 'alert',
    },
    {
      key: 'pause-orders',
      label: { zh: '暂停令', en: 'Pause orders' },
      purpose: { zh: '对违法违规的项目下达或解除暂停令', en: 'Order a project paused, or lift the order' },
      icon: 'pause-circle',
    },
    {
      key: 'complaints',
      label: { zh: '投诉处理', en: 'Complaints' },
      purpose: { zh: '受理投诉并作出处理决定', en: 'Receive complaints and decide them' },
      icon: 'exception',
    },
    {
      key: 'outages',
      label: { zh: '平台故障', en: 'Platform outages' },
      purpose: { zh: '查看平台故障登记及其顺延的截止时间', en: 'The recorded platform outages and the deadlines they extended' },
      icon: 'warning',
    },
    {
      key: 'expert-pool',
      label: { zh: '专家库', en: 'Expert pool' },
      purpose: { zh: '查看评标专家库：专家的专业、可用状态、处理记录和申报的关联关系（只读）', en: "The evaluation expert pool: specialties, availability, sanctions and declared ties (read-only)" },
      icon: 'solution',
    },
    {
      key: 'expert-draws',
      label: { zh: '专家抽取监督', en: 'Expert draw oversight' },
      short: { en: 'Expert draws' },
      purpose: { zh: '见证评标专家的随机抽取，并在本浏览器重新计算抽取结果、核对是否一致', en: 'Witness the random draw of evaluation experts and re-run it in this browser to check that it matches' },
      icon: 'team',
    },
    {
      key: 'evaluations',
      label: { zh: '评标监督', en: 'Evaluation oversight' },
      short: { en: 'Evaluations' },
      purpose: {
        zh: '只读查看监管范围内的评标：成员、实时进度、澄清和评标报告签署，并复核计算评审结果',
        en: 'The evaluations you supervise, read-only: members, live progress, clarifications and report signing; replay their results',
      },
      icon: 'schedule',
    },
    AUDIT,
    CERTIFICATE,
  ],
};

function build(role: Role, specs: ItemSpec[]): MenuItem[] {
  return specs.map((spec) => ({ ...spec, path: `${WORKSPACE_PREFIX}/${ROLE_SEGMENTS[role]}/${spec.key}` }));
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
