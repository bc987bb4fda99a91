/**
 * The route table. Paths are real URLs (history API): the server answers every non-API path with
 * index.html, so `/login` and `/workspace/...` can be bookmarked and reloaded.
 */
import type { RouteObject } from 'react-router';
import { PortalLayout } from './layouts/PortalLayout.tsx';
import { WorkspaceLayout } from './layouts/WorkspaceLayout.tsx';
import { AboutPage } from './portal/AboutPage.tsx';
import { CommitteePublicPage, PublishedCommitteesPage } from './portal/CommitteesPage.tsx';
import { LoginPage } from './identity/LoginPage.tsx';
import { NoticeDetailPage } from './portal/NoticeDetailPage.tsx';
import { NotFoundPage } from './layouts/NotFoundPage.tsx';
import { PortalHome } from './portal/PortalHome.tsx';
import { ProjectPage } from './projects/ProjectPage.tsx';
import { RegisterPage } from './identity/RegisterPage.tsx';
import { ActivatePage, ResetPasswordPage } from './identity/ResetPasswordPage.tsx';
import { WorkspaceIndex, WorkspacePage } from './layouts/WorkspacePage.tsx';

export const routes: RouteObject[] = [
  {
    element: <PortalLayout />,
    children: [
      { index: true, element: <PortalHome /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'activate', element: <ActivatePage /> },
      { path: 'about', element: <AboutPage /> },
      { path: 'notices/:id', element: <NoticeDetailPage /> },
      { path: 'committees', element: <PublishedCommitteesPage /> },
      { path: 'committees/:id', element: <CommitteePublicPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  {
    path: 'workspace',
    element: <WorkspaceLayout />,
    children: [
      { index: true, element: <WorkspaceIndex /> },
      { path: ':segment', element: <WorkspacePage /> },
      { path: ':segment/:key', element: <WorkspacePage /> },
      { path: ':segment/projects/:projectId', element: <ProjectPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
