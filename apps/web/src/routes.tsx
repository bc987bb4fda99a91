/**
 * The route table. Paths are real URLs (history API): the server answers every non-API path with
 * index.html, so `/login` and `/workspace/...` can be bookmarked and reloaded.
 */
import type { RouteObject } from 'react-router';
import { PortalLayout } from './layouts/PortalLayout.tsx';
import { WorkspaceLayout } from './layouts/WorkspaceLayout.tsx';
import { AboutPage } from './pages/AboutPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NoticeDetailPage } from './pages/NoticeDetailPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PortalHome } from './pages/PortalHome.tsx';
import { ProjectPage } from './pages/ProjectPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { ActivatePage, ResetPasswordPage } from './pages/ResetPasswordPage.tsx';
import { WorkspaceIndex, WorkspacePage } from './pages/WorkspacePage.tsx';

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
