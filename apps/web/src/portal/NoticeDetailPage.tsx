import { Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { SectionStatusTag } from '../components/SectionStatus.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { projectT, useLang, useT } from '../i18n.ts';
import { methodKey, NOTICE_KIND_KEYS, noticePdfName, noticePdfUrl, TRADE_KEYS } from '../labels.ts';
import { NotFoundPage } from '../layouts/NotFoundPage.tsx';

/** `/notices/:id`: a published notice, its facts, the deadline countdown (server clock) and the sealed PDF. */
export function NoticeDetailPage() {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const { id } = useParams();
  const noticeId = Number(id);
  const valid = Number.isSafeInteger(noticeId) && noticeId > 0;
  const notice = useQuery({
    queryKey: ['portal', 'notice', noticeId],
    queryFn: () => api.portal.notice.query({ noticeId }),
    enabled: valid,
  });
  if (!valid) return <NotFoundPage />;
  const crumbs = [{ title: t('nav.home'), to: '/' }, { title: t('portal.notices'), to: '/' }];
  if (notice.isPending) {
    return (
      <>
        <PageHeader crumbs={[...crumbs, { title: t('notice.detail') }]} title={t('notice.detail')} />
        <Spin description={t('loading')} className="ebid-center" />
      </>
    );
  }
  if (notice.isError) {
    return (
      <>
        <PageHeader crumbs={[...crumbs, { title: t('notice.detail') }]} title={t('notice.detail')} />
        <AppErrorAlert error={notice.error} onRetry={() => void notice.refetch()} />
      </>
    );
  }
  const n = notice.data;
  const p = n.project;
  const mk = methodKey(p.method);
  const pdfName = noticePdfName(p.unifiedDealCode);
  return (
    <>
      <PageHeader
        crumbs={[...crumbs, { title: n.title }]}
        title={n.title}
        extra={
          <Space wrap>
            <Button type="primary" icon={<FilePdfOutlined aria-hidden />} href={noticePdfUrl(n.id)} target="_blank" rel="noopener" data-testid="notice-pdf">
              {t('notice.pdf')}
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} href={noticePdfUrl(n.id)} download={pdfName} data-testid="notice-download">
              {t('notice.download', { name: pdfName })}
            </Button>
          </Space>
        }
      />
      <div className="ebid-stack">
        <Card title={<h2 className="ebid-card-title">{NOTICE_KIND_KEYS[n.kind] ? t(NOTICE_KIND_KEYS[n.kind]!) : n.kind}</h2>}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            data-testid="notice-facts"
            items={[
              { key: 'code', label: t('project.code'), children: <span className="ebid-mono" data-testid="deal-code">{p.unifiedDealCode}</span> },
              { key: 'project', label: t('notice.project'), children: p.name },
              { key: 'tenderee', label: projectT(lang, p)('notice.tenderee'), children: p.tendereeName },
              { key: 'trade', label: t('notice.trade'), children: `${t(TRADE_KEYS[p.tradeType])} / ${mk ? t(mk) : p.method}` },
              { key: 'status', label: t('project.status'), children: <ProjectStatusTag status={p.status} /> },
              { key: 'publishedAt', label: t('notice.publishedAt'), children: formatBeijingDateTime(Date.parse(n.publishedAt)) },
              ...(n.section ? [{ key: 'section', label: t('notice.section'), span: 2, children: `${n.section.code} ${n.section.name}` }] : []),
              ...(p.sections && p.sections.some((s) => s.status === 'failed')
                ? [
                    {
                      key: 'sections',
                      label: t('project.sections'),
                      span: 2,
                      children: (
                        <ul className="ebid-dl" data-testid="notice-sections">
                          {p.sections.map((s) => (
                            <li key={s.code}>
                              <span className="ebid-mono">{s.code}</span> {s.name} <SectionStatusTag section={s} />
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                  ]
                : []),
              {
                key: 'deadline',
                label: projectT(lang, p)('notice.deadline'),
                span: 2,
                children: p.bidDeadline ? (
                  <Space wrap>
                    <span>{formatBeijingDateTime(Date.parse(p.bidDeadline))}</span>
                    <Countdown deadline={p.bidDeadline} />
                  </Space>
                ) : (
                  '—'
                ),
              },
            ]}
          />
        </Card>
        <Card title={<h2 className="ebid-card-title">{t('notice.body')}</h2>}>
          <Typography.Paragraph className="ebid-pre" data-testid="notice-body">
            {n.body}
          </Typography.Paragraph>
          <Typography.Text type="secondary" className="ebid-small ebid-break">
            {t('notice.pdfInfo', { size: (n.pdfSize / 1024).toFixed(1), sha: n.pdfSha256 })}
          </Typography.Text>
        </Card>
      </div>
    </>
  );
}
