import { lazy, Suspense, type ComponentType } from 'react';
import { Spin } from 'antd';
import { Navigate, useOutletContext, useParams } from 'react-router';
import type { Actor } from '../api.ts';
import { usePageTitle } from '../components/CenterIdentity.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { pick, useLang, useT } from '../i18n.ts';
import { ForbiddenResult } from '../layouts/WorkspaceLayout.tsx';
import { findMenuItem, homePathFor, MENUS, roleForSegment, WORKSPACE_PREFIX } from '../menus.ts';
import { AuditPage } from '../system/AuditPage.tsx';
import { HolidaysPage } from '../system/HolidaysPage.tsx';
import { OutagesPage } from '../system/OutagesPage.tsx';
import { OperationsPage } from '../system/TimeSourceCard.tsx';
import { NoticeReviewPage } from '../projects/NoticeReviewPage.tsx';
import { ProjectNewPage } from '../projects/ProjectNewPage.tsx';
import { ProjectsPage } from '../projects/ProjectsPage.tsx';
import { CertificatePage } from '../certificates/CertificatePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { OrgReviewPage } from '../identity/OrgReviewPage.tsx';
import { OrgUsersPage } from '../identity/OrgUsersPage.tsx';
import { UnderConstruction } from './UnderConstruction.tsx';
import { MyBidsPage } from '../bids/MyBidsPage.tsx';
import { OpeningProjectsPage } from '../opening/OpeningProjectsPage.tsx';
import { BidderProjectsPage } from '../tendering/BidderProjectsPage.tsx';
import { DepositsPage } from '../tendering/DepositsPage.tsx';
import { QualificationReviewPage } from '../tendering/QualificationReviewPage.tsx';
import { SaleApplicationsPage } from '../tendering/SaleApplicationsPage.tsx';
import { AlertsPage } from '../supervision/AlertsPanel.tsx';

// The supervisor's pages (issue 20 §3) are chunks of their own, so the portal's bundle does not carry them.
const DashboardPage = lazy(() => import('../supervision/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
// The expert pool (issue 21 §1): the center's and the supervisor's 专家库, an expert's 我的资料.
const ExpertPoolPage = lazy(() => import('../experts/ExpertPoolPage.tsx').then((m) => ({ default: m.ExpertPoolPage })));
const MyExpertProfilePage = lazy(() => import('../experts/MyExpertProfilePage.tsx').then((m) => ({ default: m.MyExpertProfilePage })));
// The committee draw (issue 21 §7): 专家抽取 for staff and supervisors, 评标邀请 for experts.
const CommitteeDrawsPage = lazy(() => import('../committee/CommitteeDrawsPage.tsx').then((m) => ({ default: m.CommitteeDrawsPage })));
const InvitationsPage = lazy(() => import('../committee/InvitationsPage.tsx').then((m) => ({ default: m.InvitationsPage })));
// The evaluation (issue 22 §6): 评标管理 (staff) and 评标监督 (supervisor, read-only), 评标澄清 (bidder).
const EvaluationsPage = lazy(() => import('../evaluation-center/EvaluationsPage.tsx').then((m) => ({ default: m.EvaluationsPage })));
const ClarificationRequestsPage = lazy(() => import('../evaluation-center/ClarificationRequestsPage.tsx').then((m) => ({ default: m.ClarificationRequestsPage })));
// The evaluation (issue 22 §6): the expert's 今日评标, 回避声明 and 评标室.
const ExpertSessionsPage = lazy(() => import('../evaluation/SessionsPage.tsx').then((m) => ({ default: m.SessionsPage })));
const ExpertAvoidancePage = lazy(() => import('../evaluation/SessionsPage.tsx').then((m) => ({ default: m.AvoidancePage })));
const EvaluationRoomPage = lazy(() => import('../evaluation/EvaluationRoom.tsx').then((m) => ({ default: m.EvaluationRoomPage })));
const TimelinePage = lazy(() => import('../supervision/TimelinePage.tsx').then((m) => ({ default: m.TimelinePage })));

/**
 * The pages that exist, by menu path. Every other menu item shows the 建设中 placeholder; a capability
 * that lands registers its page here (or as its own route in routes.tsx).
 */
const BY_KEY: Record<string, ComponentType> = {
  certificate: CertificatePage,
  users: OrgUsersPage,
  organizations: OrgReviewPage,
  audit: AuditPage,
  // 预警处理 (issue 20 §2): staff, tenderee, agent and supervisor.
  alerts: AlertsPage,
};

const BUILT: Record<string, ComponentType> = {
  // 运行状态: the time source (issue 20 §5) above the platform's facts and live feed.
  [`${WORKSPACE_PREFIX}/admin/system`]: OperationsPage,
  [`${WORKSPACE_PREFIX}/staff/system`]: OperationsPage,
  [`${WORKSPACE_PREFIX}/staff/notices`]: NoticeReviewPage,
  [`${WORKSPACE_PREFIX}/staff/holidays`]: HolidaysPage,
  [`${WORKSPACE_PREFIX}/staff/outages`]: OutagesPage,
  [`${WORKSPACE_PREFIX}/supervisor/outages`]: OutagesPage,
  // Issue 20 §3: the supervisor lands on the dashboard (its first menu item); the timeline takes ?projectId=.
  [`${WORKSPACE_PREFIX}/supervisor/dashboard`]: DashboardPage,
  [`${WORKSPACE_PREFIX}/supervisor/timeline`]: TimelinePage,
  [`${WORKSPACE_PREFIX}/staff/expert-pool`]: ExpertPoolPage,
  [`${WORKSPACE_PREFIX}/supervisor/expert-pool`]: ExpertPoolPage,
  [`${WORKSPACE_PREFIX}/expert/profile`]: MyExpertProfilePage,
  [`${WORKSPACE_PREFIX}/staff/expert-draws`]: CommitteeDrawsPage,
  [`${WORKSPACE_PREFIX}/supervisor/expert-draws`]: CommitteeDrawsPage,
  [`${WORKSPACE_PREFIX}/expert/invitations`]: InvitationsPage,
  [`${WORKSPACE_PREFIX}/staff/evaluations`]: EvaluationsPage,
  [`${WORKSPACE_PREFIX}/supervisor/evaluations`]: EvaluationsPage,
  [`${WORKSPACE_PREFIX}/bidder/clarification-requests`]: ClarificationRequestsPage,
  [`${WORKSPACE_PREFIX}/expert/sessions`]: ExpertSessionsPage,
  [`${WORKSPACE_PREFIX}/expert/avoidance`]: ExpertAvoidancePage,
  [`${WORKSPACE_PREFIX}/expert/room`]: EvaluationRoomPage,
  [`${WORKSPACE_PREFIX}/tenderee/projects`]: ProjectsPage,
  [`${WORKSPACE_PREFIX}/agent/projects`]: ProjectsPage,
  [`${WORKSPACE_PREFIX}/tenderee/project-new`]: ProjectNewPage,
  [`${WORKSPACE_PREFIX}/staff/projects`]: ProjectsPage,
  [`${WORKSPACE_PREFIX}/supervisor/projects`]: ProjectsPage,
  [`${WORKSPACE_PREFIX}/staff/deposits`]: DepositsPage,
  [`${WORKSPACE_PREFIX}/staff/qualification`]: QualificationReviewPage,
  [`${WORKSPACE_PREFIX}/staff/sale-applications`]: SaleApplicationsPage,
  [`${WORKSPACE_PREFIX}/bidder/projects`]: BidderProjectsPage,
  [`${WORKSPACE_PREFIX}/bidder/bids`]: MyBidsPage,
  // 开标大厅 / 开标控制台 (issue 7): the projects, each link opening the project's 开标 tab.
  [`${WORKSPACE_PREFIX}/bidder/opening`]: OpeningProjectsPage,
  [`${WORKSPACE_PREFIX}/staff/opening`]: () => <ProjectsPage topic="opening" />,
  // The owner side's per-topic menu items (issue 19 §5): the projects with that topic's column of their
  // work, each link opening that tab of the project.
  ...Object.fromEntries(
    (['tenderee', 'agent'] as const).flatMap((seg) =>
      (['documents', 'clarifications', 'objections', 'qualification', 'schedule'] as const).map((key) => [
        `${WORKSPACE_PREFIX}/${seg}/${key}`,
        () => <ProjectsPage topic={key} />,
      ]),
    ),
  ),
  [`${WORKSPACE_PREFIX}/agent/project-new`]: ProjectNewPage,
  // The identity pages are the same for every role that has them in its menu.
  ...Object.fromEntries(
    Object.values(MENUS)
      .flat()
      .filter((item) => BY_KEY[item.key])
      .map((item) => [item.path, BY_KEY[item.key]!]),
  ),
};

/** `/workspace`: straight to the role's first menu item. */
export function WorkspaceIndex() {
  const actor = useOutletContext<Actor>();
  return <Navigate to={homePathFor(actor.role)} replace />;
}

/** `/workspace/:segment/:key` for the signed-in role: the menu item's heading and purpose line above its page. */
export function WorkspacePage() {
  const t = useT();
  const { lang } = useLang();
  const actor = useOutletContext<Actor>();
  const { segment, key } = useParams();
  const role = roleForSegment(segment);
  const home = homePathFor(actor.role);
  const item = role === actor.role && key ? findMenuItem(actor.role, `${WORKSPACE_PREFIX}/${segment}/${key}`) : undefined;
  const forbidden = (role !== undefined && role !== actor.role) || (item?.orgAdminOnly === true && !actor.isOrgAdmin);
  usePageTitle(forbidden ? t('forbidden.title') : undefined);
  if (forbidden) return <ForbiddenResult home={home} />;
  if (!role) return <NotFoundPage />;
  if (!key) return <Navigate to={home} replace />;
  if (!item) return <NotFoundPage />;
  const title = pick(lang, item.label);
  const Built = BUILT[item.path];
  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('nav.workspace'), to: home },
          { title: t(`role.${actor.role}`), to: home },
          { title },
        ]}
        title={title}
        purpose={pick(lang, item.purpose)}
      />
      {Built ? (
        <Suspense fallback={<Spin description={t('loading')} className="ebid-center" />}>
          <Built />
        </Suspense>
      ) : (
        <UnderConstruction section={title} />
      )}
    </>
  );
}
