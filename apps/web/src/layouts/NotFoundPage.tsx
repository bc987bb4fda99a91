import { Result } from 'antd';
import { Link } from 'react-router';
import { usePageTitle } from '../components/CenterIdentity.tsx';
import { useT } from '../i18n.ts';

export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('notFound.title'));
  return (
    <Result
      status="404"
      title={<h1 className="ebid-result-title">{t('notFound.title')}</h1>}
      subTitle={t('notFound.body')}
      extra={<Link to="/">{t('notFound.back')}</Link>}
    />
  );
}
