import type { ComponentType } from 'react';
import { Navigate, useOutletContext, useParams } from 'react-router';
import { ROLE_LABELS } from '@ebid/domain';
import type { Actor } from '../api.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { SystemStatus } from '../components/SystemStatus.tsx';
import { pick, useLang, useT } from '../i18n.ts';
import { ForbiddenResult } from '../layouts/WorkspaceLayout.tsx';
import { findMenuItem, homePathFor, roleForSegment, WORKSPACE_PREFIX } from '../menus.ts';
import { NotFoundPage } from './NotFoundPage.tsx';
import { UnderConstruction } from './UnderConstruction.tsx';

/**
 * The pages that exist, by menu path. Every other menu item shows the 建设中 placeholder; a capability
 * that lands registers its page here (or as its own route in routes.tsx).
 */
const BUILT: Record<string, ComponentType> = {
  [`${WORKSPACE_PREFIX}/admin/system`]: SystemStatus,
};

/** `/workspace`: straight to the role's first menu item. */
export function WorkspaceIndex() {
  const actor = useOutletContext<Actor>();
  return <Navigate to={homePathFor(actor.role)} replace />;
}

/** `/workspace/:segment/:key` for the signed-in role. */
export function WorkspacePage() {
  const t = useT();
  const { lang } = useLang();
  const actor = useOutletContext<Actor>();
  const { segment, key } = useParams();
  const role = roleForSegment(segment);
  const home = homePathFor(actor.role);
  if (role !== actor.role) return role ? <ForbiddenResult home={home} /> : <NotFoundPage />;
  if (!key) return <Navigate to={home} replace />;
  const item = findMenuItem(actor.role, `${WORKSPACE_PREFIX}/${segment}/${key}`);
  if (!item) return <NotFoundPage />;
  const title = pick(lang, item.label);
  const Built = BUILT[item.path];
  return (
    <>
      <PageHeader
        crumbs={[
          { title: t('nav.workspace'), to: home },
          { title: pick(lang, ROLE_LABELS[actor.role]), to: home },
          { title },
        ]}
        title={title}
      />
      {Built ? <Built /> : <UnderConstruction section={title} />}
    </>
  );
}
