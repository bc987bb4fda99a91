import { App as AntApp, Button, Dropdown, Segmented, Space, Tag, Typography } from 'antd';
import { BankOutlined, DownOutlined, LoginOutlined, LogoutOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router';
import { useMe } from '../api.ts';
import { errorMessage, toAppErrorView } from '../errors.ts';
import { LANG_NAMES, LANGS, useLang, useT, type Lang } from '../i18n.ts';
import { homePathFor, WORKSPACE_PREFIX } from '../menus.ts';
import { useLogout } from '../session.ts';
import { usePlatformName } from './CenterIdentity.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { ServerClock } from './ServerClock.tsx';

/** ux.md Patterns: platform name, server clock, role, language, user menu. */
export function TopBar() {
  const t = useT();
  const { lang, setLang } = useLang();
  const { message } = AntApp.useApp();
  const me = useMe();
  const actor = me.data?.actor ?? null;
  const location = useLocation();
  const logout = useLogout();
  const inWorkspace = location.pathname.startsWith(WORKSPACE_PREFIX);
  const platformName = usePlatformName();

  const onLogout = () => {
    logout.mutate(undefined, {
      onError: (err) => {
        const view = toAppErrorView(err);
        if (view.code !== 'UNAUTHORIZED') void message.error(`${errorMessage(view, lang)} (${t('error.code')}: ${view.code})`);
      },
    });
  };

  return (
    <div className="ebid-topbar">
      <Link to="/" className="ebid-brand" data-testid="platform-name">
        <BankOutlined aria-hidden /> <span>{platformName}</span>
      </Link>
      <div className="ebid-topbar-right">
        <ServerClock />
        {actor && (
          <Tag icon={<TeamOutlined aria-hidden />} className="ebid-role-tag" data-testid="role-label">
            <span className="ebid-visually-hidden">{t('user.role')}: </span>
            {t(`role.${actor.role}`)}
          </Tag>
        )}
        <Segmented<Lang>
          aria-label={t('lang.switch')}
          size="small"
          value={lang}
          onChange={(v) => setLang(v)}
          options={LANGS.map((l) => ({ value: l, label: <span lang={l === 'zh' ? 'zh-CN' : 'en'}>{LANG_NAMES[l]}</span> }))}
          data-testid="lang-switch"
        />
        {actor ? (
          <Space size={8}>
            <NotificationBell actor={actor} />
            {!inWorkspace && (
              <Link to={homePathFor(actor.role)} className="ebid-topbar-link">
                {t('user.workspace')}
              </Link>
            )}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'who',
                    disabled: true,
                    className: 'ebid-user-card',
                    label: (
                      <div>
                        <div className="ebid-user-name">{actor.displayName}</div>
                        <Typography.Text type="secondary">
                          {t('user.org')}: {actor.orgName}
                        </Typography.Text>
                      </div>
                    ),
                  },
                  { type: 'divider' },
                  {
                    key: 'logout',
                    icon: <LogoutOutlined aria-hidden />,
                    label: t('user.logout'),
                    disabled: logout.isPending,
                    onClick: onLogout,
                  },
                ],
              }}
            >
              <Button type="text" className="ebid-user-button" aria-label={`${t('user.menu')}: ${actor.displayName}`} data-testid="user-menu">
                <UserOutlined aria-hidden /> <span className="ebid-user-button-name">{actor.displayName}</span>{' '}
                <DownOutlined aria-hidden />
              </Button>
            </Dropdown>
          </Space>
        ) : (
          location.pathname !== '/login' && (
            <Link to="/login" className="ebid-topbar-link" data-testid="login-link">
              <LoginOutlined aria-hidden /> {t('user.login')}
            </Link>
          )
        )}
      </div>
    </div>
  );
}
