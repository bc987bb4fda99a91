import { useT } from '../i18n.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { SystemStatus } from '../components/SystemStatus.tsx';

export function AboutPage() {
  const t = useT();
  return (
    <>
      <PageHeader crumbs={[{ title: t('nav.home'), to: '/' }, { title: t('about.title') }]} title={t('about.title')} />
      <SystemStatus />
    </>
  );
}
