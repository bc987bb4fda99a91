import { Button, Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { noticeKindWord, noticeParagraphs } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { SectionStatusTag } from '../components/SectionStatus.tsx';
import { ProjectStatusTag } from '../components/StatusTag.tsx';
import { projectT, useLang, useT, type TFunction } from '../i18n.ts';
import { methodKey, noticePdfUrl, TRADE_KEYS } from '../labels.ts';
import { NotFoundPage } from '../layouts/NotFoundPage.tsx';
import './portal.css';

type Notice = RouterOutputs['portal']['notice'];

/** A size in KB with one decimal, as the file lists show it. */
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

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
  const pt = projectT(lang, p);
  const kindWord = noticeKindWord(lang, n.kind, p.tradeType, p.method);
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
            <Button icon={<DownloadOutlined aria-hidden />} href={noticePdfUrl(n.id)} download={n.pdfFileName} data-testid="notice-download">
              {t('notice.download', { name: n.pdfFileName })}
            </Button>
          </Space>
        }
      />
      <div className="ebid-stack">
        <Card title={<h2 className="ebid-card-title">{kindWord}</h2>}>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            data-testid="notice-facts"
            items={[
              { key: 'code', label: t('project.code'), children: <span className="ebid-mono" data-testid="deal-code">{p.unifiedDealCode}</span> },
              { key: 'project', label: t('notice.project'), children: p.name },
              { key: 'tenderee', label: pt('notice.tenderee'), children: p.tendereeName },
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
                              <span className="ebid-mono">{s.code}</span> {s.name} <SectionStatusTag section={s} project={p} />
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                  ]
                : []),
              {
                key: 'deadline',
                label: pt('notice.deadline'),
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
          {/* The PDF's paragraphs (issue 19 §1): one rule, domain noticeParagraphs; the notice is Chinese in either language. */}
          <div className="ebid-notice-body" lang="zh-CN" data-testid="notice-body">
            {noticeParagraphs(n.body).map((para, i) => (
              <p key={i}>{para}</p>
            ))}
          </div>
          <Typography.Text type="secondary" className="ebid-small ebid-break">
            {t('notice.pdfInfo', { size: kb(n.pdfSize), sha: n.pdfSha256 })}
          </Typography.Text>
        </Card>
        {n.projectFiles && <ProjectFiles notice={n} files={n.projectFiles} t={t} pt={pt} />}
      </div>
    </>
  );
}

/**
 * 本项目公告与文件 (issue 19 §1): the notice detail is the project's portal page — every public notice of
 * the project (newest first, this one marked) with its sealed PDF named in words, and the opening record
 * once it is public (the server sends none before).
 */
function ProjectFiles({ notice, files, t, pt }: { notice: Notice; files: NonNullable<Notice['projectFiles']>; t: TFunction; pt: TFunction }) {
  const { lang } = useLang();
  const p = notice.project;
  const rec = files.openingRecord;
  return (
    <Card title={<h2 className="ebid-card-title">{t('portal.files.title')}</h2>} data-testid="project-files">
      <Typography.Paragraph type="secondary">{t('portal.files.intro')}</Typography.Paragraph>
      <ul className="ebid-file-list">
        {rec && (
          <li data-testid="project-file-record">
            <div>
              <Tag>{pt('portal.files.record', { version: rec.version })}</Tag>
              <span className="ebid-small">{pt('portal.files.recordClosed', { at: formatBeijingDateTime(Date.parse(rec.closedAt)) })}</span>
            </div>
            <a href={rec.url} download={rec.fileName} aria-label={t('portal.download', { name: rec.fileName, size: kb(rec.size) })}>
              <FilePdfOutlined aria-hidden /> {rec.fileName}
            </a>{' '}
            <span className="ebid-small">{t('portal.files.pdf', { size: kb(rec.size) })}</span>
          </li>
        )}
        {files.notices.map((x) => {
          const current = x.id === notice.id;
          return (
            <li key={x.id} data-testid={`project-file-notice-${x.id}`} aria-current={current ? 'page' : undefined}>
              <div>
                <Tag>{noticeKindWord(lang, x.kind, p.tradeType, p.method)}</Tag>
                {current ? (
                  <>
                    <strong>{x.title}</strong> <Tag>{t('portal.files.current')}</Tag>
                  </>
                ) : (
                  <Link to={`/notices/${x.id}`}>{x.title}</Link>
                )}{' '}
                <span className="ebid-small">{t('portal.files.published', { at: formatBeijingDateTime(Date.parse(x.publishedAt)) })}</span>
              </div>
              <a href={noticePdfUrl(x.id)} download={x.pdfFileName} aria-label={t('portal.download', { name: x.pdfFileName, size: kb(x.pdfSize) })}>
                <FilePdfOutlined aria-hidden /> {x.pdfFileName}
              </a>{' '}
              <span className="ebid-small">{t('portal.files.pdf', { size: kb(x.pdfSize) })}</span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
