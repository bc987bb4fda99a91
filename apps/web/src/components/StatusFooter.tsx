import { Typography } from 'antd';
import { Link } from 'react-router';
import { useSystemInfo } from '../api.ts';
import { useT } from '../i18n.ts';
import { usePlatformName } from './CenterIdentity.tsx';
import { modeLabel } from './SystemStatus.tsx';

/** One line of system.info at the foot of every page, linking to the full status page. */
export function StatusFooter() {
  const t = useT();
  const info = useSystemInfo();
  const platformName = usePlatformName();
  return (
    <div className="ebid-footer" data-testid="status-footer">
      <Typography.Text type="secondary">
        {platformName}
        {info.data && (
          <>
            {' '}
            v{info.data.version} ·{' '}
            {t('footer.status', {
              mode: modeLabel(t, info.data.mode),
              database: info.data.database,
              objectStore: info.data.objectStore,
              instance: info.data.instance,
            })}
          </>
        )}
      </Typography.Text>{' '}
      · <Link to="/about">{t('footer.details')}</Link>
    </div>
  );
}
