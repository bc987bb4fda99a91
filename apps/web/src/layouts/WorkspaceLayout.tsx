import { Layout, Menu, Result, Spin } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, type Actor } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { PkiExpiryAlert } from '../components/PkiExpiryAlert.tsx';
import { MenuIcon } from '../icons.tsx';
import { pick, useLang, useT } from '../i18n.ts';
import { findMenuItem, menuFor } from '../menus.ts';
import { Shell } from './Shell.tsx';

/** Signed-in area: the role's left menu beside the content. Visitors are sent to /login. */
export function WorkspaceLayout() {
  const t = useT();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <Shell>
        <Spin size="large" description={t('loading')} className="ebid-center" />
      </Shell>
    );
  }
  if (me.isError) {
    return (
      <Shell>
        <AppErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </Shell>
    );
  }
  const actor = me.data.actor;
  if (!actor) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  return (
    <Shell sider={<RoleMenu actor={actor} pathname={location.pathname} />}>
      <PkiExpiryAlert actor={actor} />
      <Outlet context={actor} />
    </Shell>
  );
}

/** The side menu's width: English words are longer than Chinese ones (issue 19 §5, checked at 1366 px). */
const SIDER_WIDTH = { zh: 224, en: 256 } as const;

function RoleMenu({ actor, pathname }: { actor: Actor; pathname: string }) {
  const role = actor.role;
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const current = findMenuItem(role, pathname);
  return (
    <Layout.Sider width={SIDER_WIDTH[lang]} theme="light" breakpoint="lg" collapsedWidth={64} trigger={null} className="ebid-sider">
      <nav aria-label={t('nav.main')} data-testid="role-menu">
        <Menu
          mode="inline"
          selectedKeys={current ? [current.path] : []}
          onClick={({ key, domEvent }) => {
            // A click on the link itself is handled by the link; keyboard (Enter) and clicks on the
            // item's padding or icon land here.
            if (domEvent.target instanceof Element && domEvent.target.closest('a')) return;
            void navigate(key);
          }}
          items={menuFor(actor).map((item) => {
            // A label too long for the side menu shows its short form, the full label as its tooltip (issue 19 §5).
            const full = pick(lang, item.label);
            const shown = lang === 'en' && item.short ? item.short.en : full;
            return {
              key: item.path,
              icon: <MenuIcon name={item.icon} />,
              title: full,
              label: (
                <Link to={item.path} aria-current={current?.path === item.path ? 'page' : undefined} title={shown === full ? undefined : full}>
                  {shown}
                </Link>
              ),
            };
          })}
        />
      </nav>
    </Layout.Sider>
  );
}

export function ForbiddenResult({ home }: { home: string }) {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={t('forbidden.body')}
      extra={<Link to={home}>{t('nav.workspace')}</Link>}
    />
  );
}
