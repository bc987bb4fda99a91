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
import { Alert, Button, Card, Descriptions, Empty, List, Space, Spin, Steps, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useMe, type RouterOutputs } from '../api.ts';
import { downloadBytes } from '../certs.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { useServerClock, useServerNow } from '../components/ServerClock.tsx';
import { toAppErrorView } from '../errors.ts';
import { pick, SECRET_BEFORE_DEADLINE, useLang } from '../i18n.ts';
import { useLiveEvents, type LiveState } from '../live.ts';
import { formatFen } from '../money.ts';
import { AnswerForm, ConsoleActions, RecordFailureButton } from './ConsoleActions.tsx';
import { BidderActions } from './BidderActions.tsx';
import { fetchRecord, sha256Hex } from './crypto.ts';
import { DrawPanel } from '../draws/DrawPanel.tsx';
import { SectionStatusTag } from '../components/SectionStatus.tsx';
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

const LIVE_STATE: Record<LiveState, { zh: string; en: string }> = {
  connecting: { zh: '正在连接实时通道', en: 'Connecting' },
  connected: { zh: '实时连接正常', en: 'Live' },
  reconnecting: { zh: '正在重新连接（不会丢失事件）', en: 'Reconnecting (no event is lost)' },
  closed: { zh: '实时连接已断开，请刷新页面', en: 'Disconnected; reload the page' },
};

/** Coalescing delay of the view's refresh after live events. */
const REFRESH_MS = 300;

export function OpeningRoom({ project, mode }: { project: Project; mode: RoomMode }) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const me = useMe();
  const role = me.data?.actor?.role;
  const projectId = project.id;
  const q = useQuery({ queryKey: OPENING_KEYS.get(projectId), queryFn: () => api.opening.get.query({ projectId }), retry: false });
  const live = useLiveEvents([openingTopic(projectId)], 100);
  const latest = live.events[0]?.id;
  // Refresh on live events, at most once per REFRESH_MS: in a busy window (a hundred bidders decrypting
  // within minutes) a burst of events becomes one fetch of the view, never one per event.
  const refresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (latest === undefined || refresh.current) return;
    refresh.current = setTimeout(() => {
      refresh.current = null;
      void qc.invalidateQueries({ queryKey: OPENING_KEYS.get(projectId) });
    }, REFRESH_MS);
  }, [latest, qc, projectId]);
  useEffect(
    () => () => {
      if (refresh.current) clearTimeout(refresh.current);
    },
    [],
  );

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
      ? { zh: '开标大厅', en: 'Opening room' }
      : staff
        ? { zh: '开标控制台', en: 'Opening console' }
        : { zh: '开标（旁听）', en: 'Opening (watching)' };

  if (q.isPending) return <Spin description={pick(lang, { zh: '正在加载开标信息', en: 'Loading the opening' })} className="ebid-center" />;
  if (q.isError) {
    const v = toAppErrorView(q.error);
    if (v.code === 'NOT_FOUND' && mode === 'bidder') {
      return (
        <Alert
          type="info"
          showIcon
          data-testid="opening-not-participant"
          title={pick(lang, { zh: '贵单位未在本项目递交投标文件，不参加本项目开标。', en: 'Your company has not submitted a bid in this project and does not take part in its opening.' })}
        />
      );
    }
    return <ErrorBox error={q.error} />;
  }
  const view = q.data;
  return (
    <div className="ebid-stack" data-testid="opening-room">
      {mode === 'owner' && <OpeningRulesCard key={`${view.decryptWindowMinutes}-${view.k?.floatPointsBp.join(',') ?? ''}`} view={view} editable={project.status === 'DRAFT'} />}
      <HeaderCard view={view} title={pick(lang, title)} readOnly={readOnly} />
      {mode === 'bidder' && <BidderActions view={view} />}
      {staff && <ConsoleActions view={view} />}
      <BidsCard view={view} staff={staff} />
      <KCard view={view} />
      <RecordCard view={view} />
      <ObjectionsCard view={view} staff={staff} />
      <LogCard events={live.events} state={live.state} />
    </div>
  );
}

function HeaderCard({ view, title, readOnly }: { view: OpeningView; title: string; readOnly: boolean }) {
  const { lang } = useLang();
  const now = useServerNow();
  const step = openingStep(view);
  const target = countdownTarget(view);
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'deadline', label: pick(lang, { zh: '投标截止时间', en: 'Bid deadline' }), children: fmtTime(view.bidDeadline) },
    { key: 'signin', label: pick(lang, { zh: '签到开始时间', en: 'Sign-in opens' }), children: fmtTime(view.signInOpensAt) },
    { key: 'opened', label: pick(lang, { zh: '开标时间', en: 'Opened at' }), children: <span data-testid="opening-opened-at">{fmtTime(view.openedAt)}</span> },
    {
      key: 'window',
      label: pick(lang, { zh: '解密截止时间', en: 'Decryption deadline' }),
      children: view.decryptDeadline ? fmtTime(view.decryptDeadline) : pick(lang, { zh: `开标后 ${view.decryptWindowMinutes} 分钟`, en: `${view.decryptWindowMinutes} minutes after the opening` }),
    },
    { key: 'host', label: pick(lang, { zh: '主持人', en: 'Host' }), children: view.host ?? '—' },
    { key: 'published', label: pick(lang, { zh: '唱标时间', en: 'Published at' }), children: fmtTime(view.publishedAt) },
  ];
  if (view.closedAt) items.push({ key: 'closed', label: pick(lang, { zh: '结束时间', en: 'Closed at' }), children: fmtTime(view.closedAt) });
  return (
    <Card
      title={<h2 className="ebid-card-title">{title}</h2>}
      extra={
        <Space wrap>
          {readOnly && <Tag>{pick(lang, { zh: '只读', en: 'Read-only' })}</Tag>}
          <OpeningStatusTag status={view.status} />
        </Space>
      }
      data-testid="opening-header"
    >
      <Space wrap size={[32, 8]} className="ebid-gap" align="baseline">
        <div>
          <Typography.Text type="secondary">{pick(lang, { zh: '服务器时间（北京时间）', en: 'Server time (Beijing)' })}</Typography.Text>
          <div>
            <Typography.Text strong className="ebid-mono" style={{ fontSize: 22 }} data-testid="opening-clock">
              {now === undefined ? '--' : formatBeijingDateTime(now)}
            </Typography.Text>
          </div>
        </div>
        {target && (
          <div>
            <Typography.Text type="secondary">{pick(lang, target.label)}</Typography.Text>
            <div>
              <Typography.Text strong className="ebid-mono" style={{ fontSize: 22 }} data-testid="opening-countdown">
                {now === undefined ? '--' : now >= Date.parse(target.iso) ? pick(lang, { zh: '已到时间', en: 'Time is up' }) : formatCountdown(Date.parse(target.iso) - now, lang)}
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
        items={OPENING_STEPS.map((s) => ({ title: pick(lang, s) }))}
      />
      {view.failure && (
        <Alert
          type="error"
          showIcon
          className="ebid-gap"
          data-testid="opening-failed"
          title={pick(lang, {
            zh: `投标人不足3家（最少的标段 ${view.failure.bidCount} 家），不予开标，项目流标；投标保证金将予以退还。`,
            en: `Fewer than 3 bids (${view.failure.bidCount} in the smallest section): no opening, the project failed; securities are refunded.`,
          })}
        />
      )}
      {!view.failure && view.failedSections.length > 0 && (
        // Issue 16 §7: a section with too few bids (or qualified) failed alone; the others are opened.
        <Alert
          type="warning"
          showIcon
          className="ebid-gap"
          data-testid="opening-failed-sections"
          title={pick(lang, { zh: '以下标段单独流标，不予开标；其他标段照常开标。', en: 'These sections failed alone and are not opened; the others are.' })}
          description={
            <ul className="ebid-dl">
              {view.failedSections.map((s) => (
                <li key={s.sectionId}>
                  <span className="ebid-mono">{s.sectionCode}</span> {s.sectionName}
                  {s.bidCount !== null && pick(lang, { zh: `（投标人 ${s.bidCount} 家）`, en: ` (${s.bidCount} bids)` })}{' '}
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

function BidsCard({ view, staff }: { view: OpeningView; staff: boolean }) {
  const { lang } = useLang();
  const now = useServerNow();
  const published = view.status === 'published' || view.status === 'closed';
  const windowOpen = view.status === 'decrypting' && now !== undefined && view.decryptDeadline !== null && now <= Date.parse(view.decryptDeadline);
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '投标文件与唱标', en: 'Bids and results' })}</h2>} data-testid="opening-bids-card">
      {!published && view.bids.length > 0 && (
        <Typography.Paragraph type="secondary">
          {pick(lang, { zh: '全部投标文件解密或终止后公布投标人名称、报价等内容（唱标）。', en: 'Names, prices and the other summary items are published once every bid is decrypted or terminal.' })}
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
            label: pick(lang, { zh: `招标控制价（${c.sectionCode}）`, en: `Ceiling price (${c.sectionCode})` }),
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
          title={pick(lang, { zh: `签到情况：${SECRET_BEFORE_DEADLINE.zh}`, en: `Sign-ins: ${SECRET_BEFORE_DEADLINE.en}` })}
          description={
            view.signIns.length > 0
              ? view.signIns.map((x) => pick(lang, { zh: `本单位已于 ${fmtTime(x.at)} 签到`, en: `Your company signed in at ${fmtTime(x.at)}` })).join('；')
              : undefined
          }
        />
      )}
      {view.status === 'waiting' && view.secretUntil === null && view.signIns.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="opening-sign-ins"
          title={pick(lang, { zh: `已签到 ${view.signIns.length} 家`, en: `${view.signIns.length} signed in` })}
          description={view.signIns.map((x) => `${x.bidderName ?? pick(lang, { zh: '投标人', en: 'A bidder' })} ${fmtTime(x.at)}`).join('；')}
        />
      )}
      <Table<OpeningBid>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={view.bids}
        scroll={{ x: 1000 }}
        data-testid="opening-bids"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={view.status === 'waiting' ? pick(lang, { zh: '开标后显示投标文件', en: 'The bids appear at the opening' }) : pick(lang, { zh: '无投标文件', en: 'No bids' })} /> }}
        columns={[
          {
            key: 'bidder',
            title: pick(lang, { zh: '投标人', en: 'Bidder' }),
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <span>
                  <strong>{b.label}</strong> {b.mine && <Tag color="blue">{pick(lang, { zh: '本单位', en: 'Mine' })}</Tag>}
                </span>
                {b.bidderName && <span data-testid="bidder-name">{b.bidderName}</span>}
              </Space>
            ),
          },
          { key: 'section', title: pick(lang, { zh: '标段', en: 'Section' }), render: (_, b) => <span className="ebid-mono">{b.sectionCode}</span> },
          { key: 'signin', title: pick(lang, { zh: '签到时间', en: 'Signed in' }), render: (_, b) => (b.signedInAt ? fmtTime(b.signedInAt) : <Typography.Text type="secondary">{pick(lang, { zh: '未签到', en: 'Not signed in' })}</Typography.Text>) },
          {
            key: 'decrypt',
            title: pick(lang, { zh: '解密状态', en: 'Decryption' }),
            render: (_, b) => (
              <Space orientation="vertical" size={0}>
                <DecryptTag status={b.decryptStatus} />
                {b.decryptedAt && <span className="ebid-small">{fmtTime(b.decryptedAt)}</span>}
                {b.failureCause && b.decryptStatus !== 'decrypted' && (
                  <span className="ebid-small">
                    {pick(lang, FAILURE_CAUSE_LABELS[b.failureCause])}
                    {b.failureNote ? `：${b.failureNote}` : ''}
                  </span>
                )}
              </Space>
            ),
          },
          {
            key: 'price',
            title: pick(lang, { zh: '投标报价', en: 'Price' }),
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
                      {pick(lang, { zh: '高于最高投标限价', en: 'Above the price ceiling' })}
                    </Tag>
                  )}
                </>
              ) : (
                '—'
              ),
          },
          { key: 'days', title: pick(lang, { zh: '工期（日历天）', en: 'Duration (days)' }), render: (_, b) => b.durationDays ?? '—' },
          { key: 'quality', title: pick(lang, { zh: '质量标准', en: 'Quality' }), render: (_, b) => b.quality ?? '—' },
          ...(published
            ? [{ key: 'deposit', title: pick(lang, { zh: '保证金', en: 'Security' }), render: (_: unknown, b: OpeningBid) => pick(lang, depositLabel(b.depositStatus)) }]
            : []),
          ...(view.record || view.status === 'closed'
            ? [{ key: 'confirm', title: pick(lang, { zh: '开标记录确认', en: 'Record confirmation' }), render: (_: unknown, b: OpeningBid) => (
                <Space orientation="vertical" size={0}>
                  <ConfirmTag status={b.confirmStatus} />
                  {b.confirmedAt && <span className="ebid-small">{fmtTime(b.confirmedAt)}</span>}
                </Space>
              ) }]
            : []),
          ...(staff && windowOpen
            ? [{ key: 'act', title: pick(lang, { zh: '操作', en: 'Action' }), render: (_: unknown, b: OpeningBid) => (b.decryptStatus === 'pending' && !b.failureCause ? <RecordFailureButton view={view} bid={b} /> : null) }]
            : []),
        ]}
      />
    </Card>
  );
}

function KCard({ view }: { view: OpeningView }) {
  const { lang } = useLang();
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
      <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '浮动点抽取（下浮系数K）', en: 'Float point draw (K coefficient)' })}</h2>} data-testid="opening-k">
        <Typography.Paragraph type="secondary">
          {pick(lang, {
            zh: '公开承诺—公开随机数抽取：开标时平台公布承诺截止和公开截止时间及平台份额的承诺值；签到的投标人、监管部门和招标人（代理机构）的浏览器先自动提交随机数的哈希承诺，承诺截止后自动公开随机数；公开截止时平台自动抽取并公开平台份额。交易中心工作人员不参与，任何一方都无法选择结果，每个浏览器都可以核验。',
            en: 'Commit–reveal draw: at the opening the platform announces the commit close, the reveal close and the commitment of its own share; the browsers of signed-in bidders, supervisors and the owner side commit a hash of a random value, then reveal it after the commit close; at the reveal close the platform draws by itself and reveals its share. Center staff do not take part; nobody can choose the result, and every browser can check it.',
          })}
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
            {pick(lang, { zh: '抽取结果：', en: 'Result: ' })}
            <Typography.Text strong data-testid="opening-k-result">
              {pick(lang, { zh: `浮动点 ${formatBp(k.resultBp ?? 0)}，K = ${k.kValue}`, en: `Float point ${formatBp(k.resultBp ?? 0)}, K = ${k.kValue}` })}
            </Typography.Text>
          </Typography.Paragraph>
        )}
      </Card>
    );
  }
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '浮动点抽取（下浮系数K）', en: 'Float point draw (K coefficient)' })}</h2>} data-testid="opening-k">
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: '开标时平台先公布随机种子的SHA-256承诺值，参与方随后提交随机数；抽取时由种子与全部随机数共同决定结果，并公开种子供核验，任何一方都不能单独选择结果。',
          en: 'At the opening the platform publishes the SHA-256 commitment of its random seed; participants then contribute random values. The draw combines the seed with every contribution and reveals the seed for checking: nobody can choose the result alone.',
        })}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'set',
            label: pick(lang, { zh: '浮动点集合', en: 'Float points' }),
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
          { key: 'commit', label: pick(lang, { zh: '种子承诺值（SHA-256）', en: 'Seed commitment (SHA-256)' }), children: <span className="ebid-mono ebid-break">{k.commitment ?? pick(lang, { zh: '开标时公布', en: 'Published at the opening' })}</span> },
          {
            key: 'contrib',
            label: pick(lang, { zh: `参与方随机数（${k.contributions.length}）`, en: `Contributions (${k.contributions.length})` }),
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
                { key: 'drawn', label: pick(lang, { zh: '抽取时间', en: 'Drawn at' }), children: fmtTime(k.drawnAt) },
                {
                  key: 'seed',
                  label: pick(lang, { zh: '随机种子', en: 'Seed' }),
                  children: (
                    <Space orientation="vertical" size={0}>
                      <span className="ebid-mono ebid-break">{k.seedHex}</span>
                      {commitOk !== null && (
                        <Typography.Text type={commitOk ? 'success' : 'danger'} className="ebid-small" data-testid="opening-k-commit-check">
                          {commitOk
                            ? pick(lang, { zh: '✓ 本浏览器已核验：种子的SHA-256与开标时公布的承诺值一致', en: '✓ Checked in this browser: the seed hashes to the published commitment' })
                            : pick(lang, { zh: '✗ 种子与承诺值不一致', en: '✗ The seed does not match the commitment' })}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  key: 'result',
                  label: pick(lang, { zh: '抽取结果', en: 'Result' }),
                  children: (
                    <Typography.Text strong data-testid="opening-k-result">
                      {pick(lang, { zh: `浮动点 ${formatBp(k.resultBp ?? 0)}，K = ${k.kValue ?? ''}`, en: `Float point ${formatBp(k.resultBp ?? 0)}, K = ${k.kValue ?? ''}` })}
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
  const { lang } = useLang();
  const rec = view.record;
  const download = useMutation({
    mutationFn: async () => {
      if (!rec) return;
      const bytes = await fetchRecord(rec.url);
      downloadBytes(bytes, recordFileName(view.unifiedDealCode, rec.version), 'application/pdf');
    },
  });
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '开标记录表', en: 'Opening record' })}</h2>} data-testid="opening-record">
      {!rec ? (
        <Typography.Text type="secondary">
          {pick(lang, { zh: '唱标后由交易中心生成，平台电子签章；投标人在线确认。', en: 'Generated by the center after publication and sealed by the platform; bidders confirm it online.' })}
        </Typography.Text>
      ) : (
        <>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'v', label: pick(lang, { zh: '版本', en: 'Version' }), children: <span data-testid="opening-record-version">{`V${rec.version}`}</span> },
              { key: 'at', label: pick(lang, { zh: '生成时间', en: 'Generated at' }), children: fmtTime(rec.generatedAt) },
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
              { key: 'size', label: pick(lang, { zh: '大小', en: 'Size' }), children: `${(rec.size / 1024).toFixed(1)} KB` },
            ]}
          />
          <Space wrap className="ebid-gap-top">
            <a href={rec.url} target="_blank" rel="noopener noreferrer">
              <FilePdfOutlined aria-hidden /> {pick(lang, { zh: '在浏览器中查看（PDF）', en: 'Open in the browser (PDF)' })}
            </a>
            <Button icon={<DownloadOutlined aria-hidden />} loading={download.isPending} onClick={() => download.mutate()} data-testid="opening-record-download">
              {pick(lang, { zh: '下载开标记录表', en: 'Download the record' })}
            </Button>
          </Space>
          {download.isError && <ErrorBox error={download.error} />}
          <details className="ebid-gap-top">
            <summary>{pick(lang, { zh: '如何核验', en: 'How to check it' })}</summary>
            <Typography.Paragraph>
              {pick(lang, {
                zh: '开标记录表由平台电子签章（PDF签名），投标人的确认为对PDF文件的CMS分离式签名，可离线核验：',
                en: 'The platform seals the record (a PDF signature); each confirmation is a detached CMS over the PDF and verifies offline:',
              })}
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
  const { lang } = useLang();
  if (view.objections.length === 0 && view.status === 'waiting') return null;
  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '开标异议', en: 'Objections at the opening' })}</h2>} data-testid="opening-objections">
      <List
        dataSource={view.objections}
        locale={{ emptyText: pick(lang, { zh: '暂无异议', en: 'No objections' }) }}
        renderItem={(o) => (
          <List.Item key={o.id} data-testid={`opening-objection-${o.id}`}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span>
                <strong>{o.label}</strong>
                {o.bidderName ? ` ${o.bidderName}` : ''} · {fmtTime(o.raisedAt)} {o.mine && <Tag color="blue">{pick(lang, { zh: '本单位', en: 'Mine' })}</Tag>}
              </span>
              <Typography.Paragraph style={TEXT_STYLE}>{o.text}</Typography.Paragraph>
              {o.answer ? (
                <Alert
                  type="success"
                  title={pick(lang, { zh: `答复（${fmtTime(o.answeredAt)}）`, en: `Answer (${fmtTime(o.answeredAt)})` })}
                  description={<span style={TEXT_STYLE}>{o.answer}</span>}
                />
              ) : staff && view.status !== 'closed' ? (
                <AnswerForm view={view} objectionId={o.id} label={o.label} />
              ) : (
                <Tag color="orange">{pick(lang, { zh: '待答复', en: 'Awaiting answer' })}</Tag>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function LogCard({ events, state }: { events: ReturnType<typeof useLiveEvents>['events']; state: LiveState }) {
  const { lang } = useLang();
  return (
    <Card
      title={<h2 className="ebid-card-title">{pick(lang, { zh: '开标实时记录', en: 'Live log' })}</h2>}
      extra={
        <Tag color={state === 'connected' ? 'green' : state === 'closed' ? 'red' : 'orange'} data-testid="opening-live-state" data-state={state}>
          {pick(lang, LIVE_STATE[state])}
        </Tag>
      }
      data-testid="opening-log"
    >
      {events.length === 0 ? (
        <Typography.Text type="secondary">{pick(lang, { zh: '本页面打开后的开标事件将实时显示在这里。', en: 'Opening events since this page opened appear here live.' })}</Typography.Text>
      ) : (
        <ol style={LIST_STYLE} aria-live="polite">
          {events.map((e) => (
            <li key={e.id}>
              <span className="ebid-mono">{formatBeijingDateTime(Date.parse(e.at))}</span> {eventText(e, lang)}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
