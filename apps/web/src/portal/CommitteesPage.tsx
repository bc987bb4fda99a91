/**
 * 评标委员会公示 on the public portal (issue 21 §3, §5; E2, E4): once staff publish a committee its names and
 * every input of its draw are public, and anyone — signed in or not — re-runs the draw in this browser
 * (rerun.ts, WebCrypto, the same pure code as the server) and sees whether it matches. Before publication a
 * committee is not listed and its page answers "not found", as for everyone outside the center and the
 * project's supervisors.
 *
 * - `/committees`: the published committees, newest first (project, section, time; no expert in the list);
 * - `/committees/:id`: the committee, its sitting members (name, pseudonym, specialty) and the re-run.
 */
import { Card, Descriptions, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { RerunCard } from '../committee/CommitteeDrawsPage.tsx';
import { CommitteeStatusTag, useSeatKind } from '../committee/words.tsx';
import { useSpecialtyName } from '../experts/words.tsx';
import { useT } from '../i18n.ts';
import { TRADE_KEYS } from '../labels.ts';
import { fmtTime } from '../opening/ui.tsx';

type Published = RouterOutputs['committee']['published'][number];
type Seat = RouterOutputs['committee']['get']['seats'][number];

/** The published committees as a table; `limit` rows (the portal home shows the latest few). */
export function PublishedCommitteesTable({ limit }: { limit?: number }) {
  const t = useT();
  const api = useApi();
  const list = useQuery({ queryKey: ['committee', 'published'], queryFn: () => api.committee.published.query() });
  if (list.isError) return <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.data ?? [];
  return (
    <DenseTable<Published>
      rowKey="committeeId"
      loading={list.isPending}
      dataSource={limit === undefined ? rows : rows.slice(0, limit)}
      testId="published-committees"
      empty={t('portal.committees.empty')}
      columns={[
        {
          key: 'project',
          title: t('committee.project'),
          render: (_v, c) => (
            <Link to={`/committees/${c.committeeId}`} data-testid={`published-committee-${c.committeeId}`}>
              {c.projectName}
            </Link>
          ),
        },
        { key: 'section', title: t('committee.section'), render: (_v, c) => `${c.sectionCode} ${c.sectionName}` },
        { key: 'trade', title: t('portal.filter.tradeType'), render: (_v, c) => t(TRADE_KEYS[c.tradeType]) },
        { key: 'code', title: t('portal.col.code'), render: (_v, c) => <span className="ebid-mono">{c.unifiedDealCode}</span> },
        { key: 'publishedAt', title: t('committee.publishedAt'), render: (_v, c) => fmtTime(c.publishedAt) },
      ]}
    />
  );
}

export function PublishedCommitteesPage() {
  const t = useT();
  return (
    <>
      <PageHeader crumbs={[{ title: t('nav.home'), to: '/' }, { title: t('portal.committees') }]} title={t('portal.committees')} purpose={t('portal.committees.intro')} />
      <Card>
        <PublishedCommitteesTable />
      </Card>
    </>
  );
}

export function CommitteePublicPage() {
  const t = useT();
  const api = useApi();
  const specialtyName = useSpecialtyName();
  const seatKind = useSeatKind();
  const committeeId = Number(useParams().id);
  const valid = Number.isInteger(committeeId) && committeeId > 0;
  const c = useQuery({ queryKey: ['committee', 'get', committeeId], queryFn: () => api.committee.get.query({ committeeId }), enabled: valid, retry: false });
  const published = c.data?.status === 'published';
  const v = useQuery({ queryKey: ['committee', 'verification', committeeId], queryFn: () => api.committee.verification.query({ committeeId }), enabled: published, retry: false });
  const listed = useQuery({ queryKey: ['committee', 'published'], queryFn: () => api.committee.published.query(), enabled: published });
  const entry = listed.data?.find((x) => x.committeeId === committeeId);
  const crumbs = [{ title: t('nav.home'), to: '/' }, { title: t('portal.committees'), to: '/committees' }, { title: t('portal.committee.title') }];
  if (!valid || c.isError) {
    return (
      <>
        <PageHeader crumbs={crumbs} title={t('portal.committee.title')} />
        {/* Not published yet, or no such committee: the same answer (E4). */}
        {c.isError ? <AppErrorAlert error={c.error} /> : <Typography.Paragraph>{t('portal.committees.notFound')}</Typography.Paragraph>}
      </>
    );
  }
  if (!c.data) return <Card loading />;
  const committee = c.data;
  return (
    <>
      <PageHeader crumbs={crumbs} title={t('portal.committee.title')} purpose={entry ? `${entry.projectName} · ${entry.sectionCode} ${entry.sectionName}` : undefined} />
      <div className="ebid-stack" data-testid="committee-public">
        <Card>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'project', label: t('committee.project'), children: entry?.projectName ?? '—' },
              { key: 'section', label: t('committee.section'), children: entry ? `${entry.sectionCode} ${entry.sectionName}` : '—' },
              { key: 'status', label: t('committee.status'), children: <CommitteeStatusTag status={committee.status} /> },
              { key: 'size', label: t('committee.size'), children: t('committee.sizeOf', { size: committee.size, reps: committee.ownerReps }) },
              { key: 'published', label: t('committee.publishedAt'), children: fmtTime(committee.publishedAt) },
            ]}
          />
        </Card>
        <Card title={<h2 className="ebid-card-title">{t('committee.roster.title')}</h2>}>
          <DenseTable<Seat>
            rowKey="id"
            dataSource={committee.seats}
            testId="committee-public-seats"
            empty={t('portal.committees.noSeats')}
            columns={[
              { key: 'specialty', title: t('committee.specialty'), render: (_v, s) => specialtyName(s.specialty) },
              {
                key: 'kind',
                title: t('committee.seat.kind'),
                // A backup sits in a declined or timed-out member's place, in drawn order (§6).
                render: (_v, s) => seatKind(committee, s),
              },
              { key: 'pseudonym', title: t('committee.pseudonym'), render: (_v, s) => <span className="ebid-mono">{s.pseudonym}</span> },
              { key: 'name', title: t('committee.name'), render: (_v, s) => s.name ?? t('committee.nameHidden') },
            ]}
          />
          {committee.manual && <Typography.Paragraph type="warning" className="ebid-gap-top">{t('portal.committees.manual')}</Typography.Paragraph>}
        </Card>
        {v.isError && <AppErrorAlert error={v.error} />}
        {/* The public sees the sitting members only (not who declined), so the re-run checks the draw and the
            selection, not the seat-by-seat roster the center compares. */}
        {v.data && v.data.selection !== null && <RerunCard verification={v.data} />}
      </div>
    </>
  );
}
