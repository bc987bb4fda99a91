/**
 * 开标 (issue 7, 不见面开标): one room for everybody who takes part, refreshed on every live event of
 * `opening.<projectId>` — the server clock and the countdown of the moment, the steps, the bids with
 * their sign-in, decryption and confirmation states (names and prices only when the server gives them,
 * O4), the 招标控制价, the K draw (a public commit–reveal draw, issue 14 §2: the browser of each
 * participant commits and reveals by itself; the server draws at the reveal close), the opening record, the objections and the live log. Bidders act in
 * BidderActions, center staff in ConsoleActions; supervisors and the owner side watch (the owner sets
 * the opening rules while the project is a draft).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Empty, List, Space, Spin, Steps, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bidSummaryFieldsOf, statusFamilyOf, summaryPeriodKey } from '@ebid/domain';
import { useApi, useMe, type RouterOutputs } from '../api.ts';
import { downloadBytes } from '../certs.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { DenseTable } from '../components/DenseTable.tsx';
import { useServerClock, useServerNow } from '../components/ServerClock.tsx';
import { toAppErrorView } from '../errors.ts';
import { type MessageKey, ProjectTerms, useLang, useProjectT, useTermParams } from '../i18n.ts';
import { useLiveRefresh, type LiveFeed, type LiveState } from '../live.ts';
import { formatFen } from '../money.ts';
import { AnswerForm, ConsoleActions, RecordFailureButton } from './ConsoleActions.tsx';
import { BidderActions } from './BidderActions.tsx';
import { ConfidentialOffersNotice } from './ConfidentialOffersNotice.tsx';
import { ConfirmDeadlineNotice, OpeningTimePanel } from './OpeningTime.tsx';
import { fetchRecord, sha256Hex } from './crypto.ts';
import { DrawPanel } from '../draws/DrawPanel.tsx';
import { SectionStatusTag } from '../components/SectionStatus.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import {
  countdownTarget,
  depositLabel,
  eventText,
  FAILURE_CAUSE_LABELS,
  formatBp,
  formatCountdown,
  OPENING_KEYS,
  OPENING_STEPS,
  openingStep,
  openingTopic,
  recordFileName,
  type OpeningBid,
  type OpeningView,
} from './model.ts';
import { OpeningRulesCard } from './OpeningRulesCard.tsx';
import { ConfirmTag, DecryptTag, ErrorBox, fmtTime, LIST_STYLE, OpeningStatusTag, TEXT_STYLE } from './ui.tsx';

type Project = RouterOutputs['project']['get'];
export type RoomMode = 'owner' | 'bidder' | 'center';

/** A server time differing from the measured clock by more than this re-measures the clock. */
const DRIFT_MS = 3000;

const LIVE_STATE: Record<LiveState, MessageKey> = {
  connecting: 'opening.liveState.connecting',
  connected: 'opening.liveState.live',
  reconnecting: 'opening.liveState.reconnectingEventLost',
  closed: 'opening.liveState.disconnectedReloadPage',
};

/** Coalescing delay of the view's refresh after live events. */
const REFRESH_MS = 300;

export function OpeningRoom({ project, mode }: { project: Project; mode: RoomMode }) {
  const t = useProjectT(project);
  const api = useApi();
  const me = useMe();
  const role = me.data?.actor?.role;
  const projectId = project.id;
  const q = useQuery({ queryKey: OPENING_KEYS.get(projectId), queryFn: () => api.opening.get.query({ projectId }), retry: false });
  // Refresh on live events, at most once per REFRESH_MS (live.ts useLiveRefresh).
  const live = useLiveRefresh([openingTopic(projectId)], 100, OPENING_KEYS.get(projectId), REFRESH_MS);

  // The server time in each answer checks the measured clock (ux.md: corrected on each live event).
  // Each answer is checked once, and only while fresh (its age is measured with the browser's clock,
  // which only serves as a stopwatch here).
  const clock = useServerClock();
  const serverTime = q.data?.serverTime;
  const receivedAt = q.dataUpdatedAt;
  const checkedTime = useRef<string | null>(null);
  useEffect(() => {
    if (!serverTime || checkedTime.current === serverTime) return;
    checkedTime.current = serverTime;
    if (Date.now() - receivedAt > 1000) return;
    const n = clock.now();
    if (n !== undefined && Math.abs(Date.parse(serverTime) - n) > DRIFT_MS) clock.remeasure();
  }, [serverTime, receivedAt, clock]);

  const staff = role === 'staff' || role === 'platform_admin';
  const readOnly = !staff && mode !== 'bidder';
  const title =
    mode === 'bidder'
      ? 'opening.openingRoom'
      : staff
        ? 'opening.room.openingConsole'
        : 'opening.room.openingWatching';

  if (q.isPending) return <Spin description={t('opening.room.loadingOpening')} className="ebid-center" />;
  if (q.isError) {
    const v = toAppErrorView(q.error);
    if (v.code === 'NOT_FOUND' && mode === 'bidder') {
      return (
        <Alert
          type="info"
          showIcon
          data-testid="opening-not-participant"
          title={t('opening.room.yourCompanySubmitted')}
        />
      );
    }
    return <ErrorBox error={q.error} />;
  }
  const view = q.data;
  // Issue 18 §1: every card below names the parties and things by the project's trade and method.
  return (
    <ProjectTerms project={project}>
    <div className="ebid-stack" data-testid="opening-room">
      {mode === 'owner' && <OpeningRulesCard key={`${view.decryptWindowMinutes}-${view.k?.floatPointsBp.join(',') ?? ''}`} view={view} editable={project.status === 'DRAFT'} />}
      <HeaderCard view={view} title={t(title)} readOnly={readOnly} />
      <ConfidentialOffersNotice view={view} supplier={mode === 'bidder'} />
      {mode === 'bidder' && <ConfirmDeadlineNotice view={view} />}
      {mode === 'bidder' && <BidderActions view={view} />}
      {staff && <OpeningTimePanel view={view} />}
      {staff && <ConsoleActions view={view} />}
      <BidsCard view={view} staff={staff} project={project} />
      <KCard view={view} />
      <RecordCard view={view} />
      <ObjectionsCard view={view} staff={staff} />
      <LogCard events={live.events} state={live.state} />
    </div>
    </ProjectTerms>
  );
}

function HeaderCard({ view, title, readOnly }: { view: OpeningView; title: string; readOnly: boolean }) {
  const { lang } = useLang();
  const t = useProjectT();
  const now = useServerNow();
  const step = openingStep(view);
  const target = countdownTarget(view);
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'deadline', label: t('opening.headerCard.bidDeadline'), children: fmtTime(view.bidDeadline) },
    { key: 'signin', label: t('opening.headerCard.signInOpens'), children: fmtTime(view.signInOpensAt) },
    { key: 'opened', label: t('opening.headerCard.opened'), children: <span data-testid="opening-opened-at">{fmtTime(view.openedAt)}</span> },
    {
      key: 'window',
      label: t('opening.headerCard.decryptionDeadline'),
      children: view.decryptDeadline ? fmtTime(view.decryptDeadline) : t('opening.headerCard.minutesAfterOpening', { decryptWindowMinutes: view.decryptWindowMinutes }),
    },
    { key: 'host', label: t('opening.headerCard.host'), children: view.host ?? '—' },
    { key: 'published', label: t('opening.headerCard.published'), children: fmtTime(view.publishedAt) },
  ];
  if (view.closedAt) items.push({ key: 'closed', label: t('opening.headerCard.closed'), children: fmtTime(view.closedAt) });
  return (
    <Card
      title={<h2 className="ebid-card-title">{title}</h2>}
      extra={
        <Space wrap>
          {readOnly && <Tag>{t('opening.headerCard.readOnly')}</Tag>}
          <OpeningStatusTag status={view.status} />
        </Space>
      }
      data-testid="opening-header"
    >
      <Space wrap size={[32, 8]} className="ebid-gap" align="baseline">
        <div>
          <Typography.Text type="secondary">{t('opening.headerCard.serverTimeBeijing')}</Typography.Text>
          <div>
            <Typography.Text strong className="ebid-mono" style={{ fontSize: 22 }} data-testid="opening-clock">
              {now === undefined ? '--' : formatBeijingDateTime(now)}
            </Typography.Text>
          </div>
        </div>
        {target && (
          <div>
            <Typography.Text type="secondary">{t(target.label)}</Typography.Text>
            <div>
              <Typography.Text strong className="ebid-mono" style={{ fontSize: 22 }} data-testid="opening-countdown">
                {now === undefined ? '--' : now >= Date.parse(target.iso) ? t('opening.headerCard.timeUp') : formatCountdown(Date.parse(target.iso) - now, lang)}
              </Typography.Text>
            </div>
          </div>
        )}
      </Space>
      <Steps
        size="small"
        current={step.current}
        status={step.status}
        data-testid="opening-steps"
        className="ebid-gap"
        items={OPENING_STEPS.map((s) => ({ title: t(s) }))}
      />
      {view.failure && (
        <Alert
          type="error"
          showIcon
          className="ebid-gap"
          data-testid="opening-failed"
          title={t('opening.headerCard.fewerThan3', { bidCount: view.failure.bidCount })}
        />
      )}
      {!view.failure && view.failedSections.length > 0 && (
        // Issue 16 §7: a section with too few bids (or qualified) failed alone; the others are opened.
        <Alert
          type="warning"
          showIcon
          className="ebid-gap"
          data-testid="opening-failed-sections"
          title={t('opening.headerCard.theseSectionsFailed')}
          description={
            <ul className="ebid-dl">
              {view.failedSections.map((s) => (
                <li key={s.sectionId}>
                  <span className="ebid-mono">{s.sectionCode}</span> {s.sectionName}
                  {s.bidCount !== null && t('opening.headerCard.bids', { bidCount: s.bidCount })}{' '}
                  <SectionStatusTag section={{ code: s.sectionCode, status: 'failed', failureReason: s.reason, failureNoticeId: s.failureNoticeId }} />
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} items={items} />
    </Card>
  );
}

function BidsCard({ view, staff, project }: { view: OpeningView; staff: boolean; project: Project }) {
  const { lang } = useLang();
  const t = useProjectT();
  // Issue 18 §2: the summary columns the project asks — 工期 / 服务期 / 交货期 …, quality — and no others.
  const asks = bidSummaryFieldsOf(project);
  const now = useServerNow();
  const published = view.status === 'published' || view.status === 'closed';
  const windowOpen = view.status === 'decrypting' && now !== undefined && view.decryptDeadline !== null && now <= Date.parse(view.decryptDeadline);
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.card.bidsResults')}</h2>} data-testid="opening-bids-card">
      {!published && view.bids.length > 0 && !view.confidentialOffers && (
        <Typography.Paragraph type="secondary">
          {t('opening.card.namesPricesOther')}
        </Typography.Paragraph>
      )}
      {view.ceilings.length > 0 && (
        <Descriptions
          size="small"
          className="ebid-gap"
          data-testid="opening-ceilings"
          column={{ xs: 1, md: 3 }}
          items={view.ceilings.map((c) => ({
            key: c.sectionCode,
            label: t('opening.card.ceilingPrice', { sectionCode: c.sectionCode }),
            children: formatFen(c.ceilingFen),
          }))}
        />
      )}
      {view.status === 'waiting' && view.secretUntil !== null && (
        // Before the bid deadline: who signed in, and how many, is not disclosed (a bidder sees its own only).
        <Alert
          type="info"
          showIcon
          data-testid="opening-sign-ins"
          title={t('opening.card.signInsSecret')}
          description={
            view.signIns.length > 0
              ? view.signIns.map((x) => t('opening.card.yourCompanySigned', { at: fmtTime(x.at) })).join('；')
              : undefined
          }
        />
      )}
      {view.status === 'waiting' && view.secretUntil === null && view.signIns.length > 0 && !(view.confidentialOffers && view.me.role === 'bidder') && (
        <Alert
          type="info"
          showIcon
          data-testid="opening-sign-ins"
          title={t('opening.card.signedIn', { length: view.signIns.length })}
          description={view.signIns.map((x) => `${x.bidderName ?? t('opening.card.bidder')} ${fmtTime(x.at)}`).join('；')}
        />
      )}
      {/* Issue 19 §3: fits 1366 px — the section under the bidder, the sign-in with the decryption; no horizontal scroll. */}
      <DenseTable<OpeningBid>
        rowKey="id"
        pagination={false}
        dataSource={view.bids}
        testId="opening-bids"
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view.status === 'waiting' ? t('opening.card.bidsAppearOpening') : t('opening.card.bids')} />}
        {...(staff && windowOpen
          ? { actionsWidth: 150, actions: (b: OpeningBid) => (b.decryptStatus === 'pending' && !b.failureCause ? <RecordFailureButton view={view} bid={b} /> : null) }
          : {})}
        columns={[
          {
            key: 'bidder',
            title: t('opening.card.bidder2'),
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <span>
                  <strong>{b.label}</strong> {b.mine && <Tag color="blue">{t('opening.card.mine')}</Tag>}
                </span>
                {b.bidderName && <span data-testid="bidder-name">{b.bidderName}</span>}
                <span className="ebid-small">
                  {t('opening.card.section')} <span className="ebid-mono">{b.sectionCode}</span>
                </span>
              </Space>
            ),
          },
          {
            key: 'decrypt',
            title: t('tables.opening.signInDecrypt'),
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <span className="ebid-small">
                  {b.signedInAt ? t('tables.opening.signedInAt', { at: fmtTime(b.signedInAt) }) : <Typography.Text type="secondary">{t('opening.card.signedIn3')}</Typography.Text>}
                </span>
                <DecryptTag status={b.decryptStatus} />
                {b.decryptedAt && <span className="ebid-small">{fmtTime(b.decryptedAt)}</span>}
                {b.failureCause && b.decryptStatus !== 'decrypted' && (
                  <span className="ebid-small">
                    {t(FAILURE_CAUSE_LABELS[b.failureCause])}
                    {b.failureNote ? `：${b.failureNote}` : ''}
                  </span>
                )}
              </Space>
            ),
          },
          {
            key: 'price',
            title: t('opening.card.price'),
            align: 'right',
            render: (_, b) =>
              b.priceFen !== null ? (
                <>
                  <span className="ebid-mono" data-testid="bid-price">
                    {formatFen(b.priceFen)}
                  </span>
                  {b.aboveCeiling && (
                    // Issue 16 §2: a flag for the committee, not a rejection (否决 is the committee's act).
                    <Tag color="red" data-testid="bid-above-ceiling" style={{ marginInlineStart: 4 }}>
                      {t('opening.card.abovePriceCeiling')}
                    </Tag>
                  )}
                </>
              ) : (
                '—'
              ),
          },
          ...(asks.period ? [{ key: 'days', title: t(summaryPeriodKey(asks.period)), render: (_: unknown, b: OpeningBid) => b.durationDays ?? '—' }] : []),
          ...(asks.quality ? [{ key: 'quality', title: t('opening.card.quality'), render: (_: unknown, b: OpeningBid) => b.quality ?? '—' }] : []),
          ...(published
            ? [{ key: 'deposit', title: t('opening.card.security'), render: (_: unknown, b: OpeningBid) => depositLabel(b.depositStatus, lang) }]
            : []),
          ...(view.record || view.status === 'closed'
            ? [{ key: 'confirm', title: t('opening.card.recordConfirmation'), render: (_: unknown, b: OpeningBid) => (
                <Space orientation="vertical" size={0}>
                  <ConfirmTag status={b.confirmStatus} />
                  {b.confirmedAt && <span className="ebid-small">{fmtTime(b.confirmedAt)}</span>}
                </Space>
              ) }]
            : []),
        ]}
      />
    </Card>
  );
}

function KCard({ view }: { view: OpeningView }) {
  const t = useProjectT();
  const qc = useQueryClient();
  const me = useMe();
  const k = view.k;
  const [commitOk, setCommitOk] = useState<boolean | null>(null);
  const seed = k?.seedHex ?? null;
  const commitment = k?.commitment ?? null;
  useEffect(() => {
    let live = true;
    if (!seed || !commitment || !/^[0-9a-f]{64}$/i.test(seed)) return;
    const bytes = new Uint8Array(seed.match(/../g)!.map((h) => parseInt(h, 16)));
    void sha256Hex(bytes).then((h) => live && setCommitOk(h === commitment.toLowerCase()), () => live && setCommitOk(false));
    return () => {
      live = false;
    };
  }, [seed, commitment]);
  if (!k) return null;
  if (k.draw) {
    return (
      <Card title={<h2 className="ebid-card-title">{t('opening.kCard.floatPointDraw')}</h2>} data-testid="opening-k">
        <Typography.Paragraph type="secondary">
          {t('opening.kCard.commitRevealDraw')}
        </Typography.Paragraph>
        <DrawPanel
          draw={k.draw}
          userId={me.data?.actor?.userId}
          onChanged={() => void qc.invalidateQueries({ queryKey: OPENING_KEYS.get(view.projectId) })}
          renderOption={(bp, chosen) => (
            <Tag color={chosen ? 'green' : undefined} icon={chosen ? <CheckCircleOutlined aria-hidden /> : undefined}>
              {formatBp(bp as number)}
            </Tag>
          )}
        />
        {k.kValue && (
          <Typography.Paragraph className="ebid-gap-top">
            {t('opening.kCard.result')}
            <Typography.Text strong data-testid="opening-k-result">
              {t('opening.kCard.floatPointK', { bp: formatBp(k.resultBp ?? 0), k: String(k.kValue) })}
            </Typography.Text>
          </Typography.Paragraph>
        )}
      </Card>
    );
  }
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.kCard.floatPointDraw')}</h2>} data-testid="opening-k">
      <Typography.Paragraph type="secondary">
        {t('opening.kCard.openingPlatformPublishes')}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'set',
            label: t('opening.kCard.floatPoints'),
            children: (
              <Space wrap>
                {k.floatPointsBp.map((bp, i) => (
                  <Tag key={bp} color={k.resultIndex === i ? 'green' : undefined} icon={k.resultIndex === i ? <CheckCircleOutlined aria-hidden /> : undefined}>
                    {formatBp(bp)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { key: 'commit', label: t('opening.kCard.seedCommitmentSha'), children: <span className="ebid-mono ebid-break">{k.commitment ?? t('opening.kCard.publishedOpening')}</span> },
          {
            key: 'contrib',
            label: t('opening.kCard.contributions', { length: k.contributions.length }),
            children: k.contributions.length ? (
              <ul style={LIST_STYLE} data-testid="opening-contributions">
                {k.contributions.map((c, i) => (
                  <li key={`${c.at}-${i}`}>
                    {c.label} · {fmtTime(c.at)} · <span className="ebid-mono" title={c.valueHex}>{c.valueHex.slice(0, 16)}…</span>
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            ),
          },
          ...(k.drawnAt
            ? [
                { key: 'drawn', label: t('opening.kCard.drawn'), children: fmtTime(k.drawnAt) },
                {
                  key: 'seed',
                  label: t('opening.kCard.seed'),
                  children: (
                    <Space orientation="vertical" size={0}>
                      <span className="ebid-mono ebid-break">{k.seedHex}</span>
                      {commitOk !== null && (
                        <Typography.Text type={commitOk ? 'success' : 'danger'} className="ebid-small" data-testid="opening-k-commit-check">
                          {commitOk
                            ? t('opening.kCard.checkedInBrowser')
                            : t('opening.kCard.seedDoesMatch')}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  key: 'result',
                  label: t('opening.kCard.result2'),
                  children: (
                    <Typography.Text strong data-testid="opening-k-result">
                      {t('opening.kCard.floatPointK', { bp: formatBp(k.resultBp ?? 0), k: k.kValue ?? '' })}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function RecordCard({ view }: { view: OpeningView }) {
  const t = useProjectT();
  const rec = view.record;
  const download = useMutation({
    mutationFn: async () => {
      if (!rec) return;
      const bytes = await fetchRecord(rec.url);
      downloadBytes(bytes, recordFileName(view.unifiedDealCode, rec.version), 'application/pdf');
    },
  });
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.recordCard.openingRecord')}</h2>} data-testid="opening-record">
      {!rec ? (
        <Typography.Text type="secondary">
          {t('opening.recordCard.generatedCenterAfter')}
        </Typography.Text>
      ) : (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'v', label: t('opening.recordCard.version'), children: <span data-testid="opening-record-version">{`V${rec.version}`}</span> },
              { key: 'at', label: t('opening.recordCard.generated'), children: fmtTime(rec.generatedAt) },
              {
                key: 'sha',
                label: 'SHA-256',
                span: 2,
                children: (
                  <Typography.Text className="ebid-mono ebid-break" copyable={{ text: rec.sha256 }} data-testid="opening-record-sha">
                    {rec.sha256}
                  </Typography.Text>
                ),
              },
              { key: 'size', label: t('opening.recordCard.size'), children: `${(rec.size / 1024).toFixed(1)} KB` },
            ]}
          />
          <Space wrap className="ebid-gap-top">
            <a href={rec.url} target="_blank" rel="noopener noreferrer">
              <FilePdfOutlined aria-hidden /> {t('opening.recordCard.openInBrowser')}
            </a>
            <Button icon={<DownloadOutlined aria-hidden />} loading={download.isPending} onClick={() => download.mutate()} data-testid="opening-record-download">
              {t('opening.recordCard.downloadRecord')}
            </Button>
          </Space>
          {download.isError && <ErrorBox error={download.error} />}
          <details className="ebid-gap-top">
            <summary>{t('opening.recordCard.howCheck')}</summary>
            <Typography.Paragraph>
              {t('opening.recordCard.platformSealsRecord')}
            </Typography.Paragraph>
            <pre className="ebid-mono ebid-small">{`pdfsig ${recordFileName(view.unifiedDealCode)}
openssl cms -verify -binary -inform DER -in confirmation.p7s -content ${recordFileName(view.unifiedDealCode)} -CAfile root.pem -purpose any -out /dev/null`}</pre>
          </details>
        </>
      )}
    </Card>
  );
}

function ObjectionsCard({ view, staff }: { view: OpeningView; staff: boolean }) {
  const t = useProjectT();
  if (view.objections.length === 0 && view.status === 'waiting') return null;
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.card.objectionsOpening')}</h2>} data-testid="opening-objections">
      <List
        dataSource={view.objections}
        locale={{ emptyText: t('opening.card.objections') }}
        renderItem={(o) => (
          <List.Item key={o.id} data-testid={`opening-objection-${o.id}`}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span>
                <strong>{o.label}</strong>
                {o.bidderName ? ` ${o.bidderName}` : ''} · {fmtTime(o.raisedAt)} {o.mine && <Tag color="blue">{t('opening.card.mine')}</Tag>}
              </span>
              <Typography.Paragraph style={TEXT_STYLE}>{o.text}</Typography.Paragraph>
              {o.answer ? (
                <Alert
                  type="success"
                  title={t('opening.card.answer', { answeredAt: fmtTime(o.answeredAt) })}
                  description={<span style={TEXT_STYLE}>{o.answer}</span>}
                />
              ) : staff && view.status !== 'closed' ? (
                <AnswerForm view={view} objectionId={o.id} label={o.label} />
              ) : (
                <StatusTag family={statusFamilyOf('objection', 'filed')}>{t('opening.card.awaitingAnswer')}</StatusTag>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function LogCard({ events, state }: { events: LiveFeed['events']; state: LiveState }) {
  const { lang } = useLang();
  const t = useProjectT();
  const terms = useTermParams();
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('opening.logCard.liveLog')}</h2>}
      extra={
        <span data-testid="opening-live-state" data-state={state}>
          <StatusTag family={statusFamilyOf('connection', state)}>{t(LIVE_STATE[state])}</StatusTag>
        </span>
      }
      data-testid="opening-log"
    >
      {events.length === 0 ? (
        <Typography.Text type="secondary">{t('opening.logCard.openingEventsSince')}</Typography.Text>
      ) : (
        <ol style={LIST_STYLE} aria-live="polite">
          {events.map((e) => (
            <li key={e.id}>
              <span className="ebid-mono">{formatBeijingDateTime(Date.parse(e.at))}</span> {eventText(e, lang, terms)}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
