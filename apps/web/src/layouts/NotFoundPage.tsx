import { Result, Button, Space } from 'antd';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../components/CenterIdentity.tsx';
import { useT } from '../i18n.ts';

/** A page that does not exist: where to go from here (home, or back), never 重试 — retrying finds nothing (issue 19 §6). */
export function NotFoundPage() {
  const t = useT();
  usePageTitle(t('notFound.title'));
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={<h1 className="ebid-result-title">{t('notFound.title')}</h1>}
      subTitle={t('notFound.body')}
      extra={
        <Space wrap>
          <Link to="/" data-testid="not-found-home">
            {t('notFound.back')}
          </Link>
          <Button type="link" onClick={() => void navigate(-1)} data-testid="not-found-back">
            {t('notFound.goBack')}
          </Button>
        </Space>
      }
    />
  );
}
