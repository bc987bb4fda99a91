/**
 * 我的投标 on the bidder's project page (issue 6 §2–§6; ux.md bidder: "my bid (seal + upload with
 * progress, receipt, rehearse decryption, withdraw/replace before deadline)").
 *
 * Per section my company may bid in: the deadline countdown (server clock), the parts — the 开标一览表
 * form and the commercial / technical / qualification files — '加密并上传' (seal in this browser, then
 * upload in 4 MiB pieces with progress in MB and percent), '取消' and '继续上传' (resume: only the pieces
 * the server lacks), '提交投标' (outer signatures + finalize); the current bid with its parts, the
 * platform-signed receipt (receipt.json + receipt.p7s, verifiable offline), '解密演练' (fetch my own
 * sealed parts and open them here; nothing is sent), '撤回投标', and earlier versions (B4).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Input, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FilePdfOutlined, KeyOutlined, LockOutlined, PauseOutlined, RedoOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AppError, aboveCeiling, priceCeiling } from '@ebid/domain';
import { useApi, useMe, type RouterOutputs } from '../api.ts';
import { downloadBytes, utf8 } from '../certs.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { toAppErrorView } from '../errors.ts';
import { pick, useLang, type Lang } from '../i18n.ts';
import { formatFen, yuanToFen } from '../money.ts';
import { REGISTRATION_KEYS } from '../tendering/RegistrationPanel.tsx';
import { formatBytes } from '../tendering/DocumentsPanel.tsx';
import {
  BID_PARTS,
  PART_LABELS,
  SUMMARY_FILE_NAME,
  fetchOwnSealed,
  finalizeParts,
  nextBidVersion,
  isCancelled,
  keptParts,
  progressView,
  rehearsePart,
  sealOnePart,
  sealedKey,
  summaryFile,
  uploadSealedPart,
  type BidKeys,
  type BidPart,
  type RehearsalResult,
  type SealedPart,
  type SummaryForm,
} from './seal-upload.ts';
import { KeysCard, useBidKeys } from './KeysCard.tsx';

type Project = RouterOutputs['project']['get'];
type Section = Project['sections'][number];
export type MyBid = RouterOutputs['bid']['mine'][number];

export const BID_KEYS = {
  mine: ['bid', 'mine'] as const,
};

const FILE_PARTS = ['commercial', 'technical', 'qualification'] as const satisfies readonly BidPart[];
type FilePart = (typeof FILE_PARTS)[number];

const FILE_INPUT_LABELS: Record<FilePart, { zh: string; en: string }> = {
  commercial: { zh: '上传商务标文件', en: 'Commercial part file' },
  technical: { zh: '上传技术标文件', en: 'Technical part file' },
  qualification: { zh: '上传资格证明文件', en: 'Qualification part file' },
};

type Phase = 'waiting' | 'sealing' | 'sealed' | 'uploading' | 'uploaded';

interface PartWork {
  phase: Phase;
  done: number;
  total: number;
  sealed?: SealedPart;
  uploadId?: number;
  /** Pieces the server already held when the last upload call started (a resume). */
  resumedFrom?: number[];
  /** Pieces sent by the last upload call. */
  sent?: number[];
}

const PHASE_LABELS: Record<Phase, { zh: string; en: string }> = {
  waiting: { zh: '等待', en: 'Waiting' },
  sealing: { zh: '正在加密', en: 'Sealing' },
  sealed: { zh: '已加密，待上传', en: 'Sealed, not uploaded' },
  uploading: { zh: '正在上传', en: 'Uploading' },
  uploaded: { zh: '已上传', en: 'Uploaded' },
};

/** The reason code of an error (e.g. ENVELOPE_NOT_SEALED, DEADLINE_PASSED, PREQUAL_FAILED), shown under its message. */
function ReasonLine({ error }: { error: unknown }) {
  const reason = toAppErrorView(error).details?.reason;
  return typeof reason === 'string' ? (
    <Typography.Text type="secondary" className="ebid-small" data-testid="error-reason">
      {reason}
    </Typography.Text>
  ) : null;
}

function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  return (
    <div className="ebid-gap">
      <AppErrorAlert error={error} {...(title ? { title } : {})} />
      <ReasonLine error={error} />
    </div>
  );
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function PartProgress({ part, work, lang }: { part: BidPart; work: PartWork; lang: Lang }) {
  const label = pick(lang, PART_LABELS[part]);
  const pv = progressView(work.done, work.total);
  const active = work.phase === 'sealing' || work.phase === 'uploading';
  return (
    <div data-testid={`bid-progress-${part}`} data-phase={work.phase}>
      <Space size={8} wrap>
        <Typography.Text strong>{label}</Typography.Text>
        <Tag color={work.phase === 'uploaded' ? 'green' : active ? 'blue' : 'default'}>{pick(lang, PHASE_LABELS[work.phase])}</Tag>
        {work.sealed && (
          <Typography.Text type="secondary" className="ebid-small">
            {work.sealed.name} · {pick(lang, { zh: '密文', en: 'sealed' })} {formatBytes(work.sealed.size)}
          </Typography.Text>
        )}
        {work.resumedFrom && work.resumedFrom.length > 0 && (
          <Typography.Text type="secondary" className="ebid-small" data-testid={`bid-resumed-${part}`}>
            {pick(lang, {
              zh: `续传：服务器已有 ${work.resumedFrom.length} 块，本次发送 ${work.sent?.length ?? 0} 块`,
              en: `Resumed: the server had ${work.resumedFrom.length} pieces; sent ${work.sent?.length ?? 0}`,
            })}
          </Typography.Text>
        )}
      </Space>
      <Progress
        percent={pv.percent}
        status={active ? 'active' : work.phase === 'uploaded' ? 'success' : 'normal'}
        format={() => `${pv.doneMb} MB / ${pv.totalMb} MB · ${pv.percent}%`}
        aria-label={pick(lang, { zh: `${label}进度`, en: `${label} progress` })}
      />
    </div>
  );
}

/**
 * The section's public price ceiling (issue 16 §2) and what it is called: 最高投标限价 (engineering),
 * 最高限价 or — without one — the budget (procurement); null for rate bids, land and property.
 */
export function sectionCeiling(project: Pick<Project, 'tradeType' | 'priceKind' | 'budgetFen'>, section: Pick<Section, 'ceilingFen'>): { fen: number; label: { zh: string; en: string } } | null {
  return priceCeiling({ tradeType: project.tradeType, priceKind: project.priceKind, sectionCeilingFen: section.ceilingFen, budgetFen: project.budgetFen });
}

/** Which keys seal the bid, and the session import of .p12 backups. */
function BidKeysCard({ username, keys, onKeys }: { username: string; keys: BidKeys | null; onKeys: (k: BidKeys) => void }) {
  return (
    <KeysCard
      username={username}
      keys={keys}
      onKeys={onKeys}
      idPrefix="bid-keys"
      title="bids.keysCard.bidTitle"
      missing="bids.keysCard.bidMissing"
      ErrorBox={ErrorBox}
    />
  );
}

export function BidPanel({ project }: { project: Project }) {
  const { lang } = useLang();
  const api = useApi();
  const me = useMe();
  const username = me.data?.actor?.username;
  const regs = useQuery({ queryKey: REGISTRATION_KEYS.mine, queryFn: () => api.registration.mine.query() });
  const bids = useQuery({ queryKey: BID_KEYS.mine, queryFn: () => api.bid.mine.query({}) });
  const { keys, checked: keysChecked, setKeys } = useBidKeys(username);

  const deadline = project.schedule.bidDeadline;
  const mine = (regs.data ?? []).filter((r) => r.projectId === project.id);
  const regOf = (sectionId: number) => mine.find((r) => r.sectionId === sectionId);
  const eligible = (s: Section) => {
    const r = regOf(s.id);
    return r !== undefined && (project.prequalification ? r.status === 'qualified' : r.status === 'applied' || r.status === 'qualified');
  };
  const projectBids = (bids.data ?? []).filter((b) => b.projectId === project.id);

  return (
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '我的投标', en: 'My bid' })}</h2>} data-testid="bid-panel">
      <Typography.Paragraph>
        {pick(lang, { zh: '投标截止时间（北京时间）：', en: 'Bid deadline (Beijing time): ' })}
        <strong data-testid="bid-panel-deadline">{deadline ? formatBeijingDateTime(Date.parse(deadline)) : '—'}</strong>{' '}
        {deadline && <Countdown deadline={deadline} />}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {pick(lang, {
          zh: '投标文件在本浏览器中用您的加密证书加密、用签名证书签名后分块上传；平台在开标前无法解密。截止时间以平台服务器时间为准：提交在截止前完成才有效。截止前可重新提交（以最后一次为准）或撤回。',
          en: 'Your bid is sealed in this browser with your encryption certificate, signed with your signing certificate and uploaded in pieces; the platform cannot open it before the opening. Server time decides: the submission must complete before the deadline. Until then you may replace (the latest counts) or withdraw it.',
        })}
      </Typography.Paragraph>
      {regs.isError && <AppErrorAlert error={regs.error} onRetry={() => void regs.refetch()} />}
      {bids.isError && <AppErrorAlert error={bids.error} onRetry={() => void bids.refetch()} />}
      <div className="ebid-stack">
        {username && keysChecked && <BidKeysCard username={username} keys={keys} onKeys={setKeys} />}
        {project.sections.map((s) =>
          eligible(s) ? (
            <SectionBid
              key={s.id}
              project={project}
              section={s}
              multi={project.sections.length > 1}
              username={username ?? ''}
              keys={keys}
              bids={projectBids.filter((b) => b.sectionId === s.id)}
            />
          ) : (
            <Alert
              key={s.id}
              type="info"
              showIcon
              title={`${s.code} ${s.name}`}
              description={
                regOf(s.id)?.status === 'disqualified'
                  ? pick(lang, { zh: '资格预审未通过，不能投标（B8）。', en: 'Not qualified in prequalification: no bid (B8).' })
                  : pick(lang, { zh: '贵公司未报名该标段，请先在“报名与保证金”中报名。', en: 'Your company has not registered for this section: register first.' })
              }
            />
          ),
        )}
      </div>
    </Card>
  );
}

function SectionBid({ project, section, multi, username, keys, bids }: { project: Project; section: Section; multi: boolean; username: string; keys: BidKeys | null; bids: MyBid[] }) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const ids = { projectId: project.id, sectionId: section.id };
  // Disabled with its reason and the time it opens until the rule the server refuses with allows it (issue 16 §4).
  const bidAvailability = useAvailability('bid.submit', project);
  const closed = bidAvailability !== undefined && !bidAvailability.enabled;
  const sfx = multi ? ` ${section.code}` : '';
  const idp = `bid-${section.id}`;

  const [form, setForm] = useState<SummaryForm>({ priceYuan: '', durationDays: '', quality: '' });
  const [files, setFiles] = useState<Record<FilePart, File | null>>({ commercial: null, technical: null, qualification: null });
  const [work, setWork] = useState<Partial<Record<BidPart, PartWork>>>({});
  const [running, setRunning] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<{ bidId: number; json: string; cmsBase64: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  // Issue 16 §2: the ceiling is public; the typed price is compared with it here only (nothing is sent).
  const ceiling = sectionCeiling(project, section);
  const overCeiling = ceiling !== null && aboveCeiling(yuanToFen(form.priceYuan), ceiling.fen);
  const fileInputs = useRef<Partial<Record<FilePart, HTMLInputElement | null>>>({});

  // Sealed parts kept from earlier in this session (or before a reload): offer 继续上传.
  useEffect(() => {
    let live = true;
    void (async () => {
      const found: Partial<Record<BidPart, PartWork>> = {};
      for (const part of BID_PARTS) {
        const kept = await keptParts.get(sealedKey(username, section.id, part));
        if (kept) found[part] = { phase: 'sealed', done: 0, total: kept.sealed.size, sealed: kept.sealed, ...(kept.uploadId !== undefined ? { uploadId: kept.uploadId } : {}) };
      }
      if (live && Object.keys(found).length) setWork((w) => (Object.keys(w).length ? w : found));
    })();
    return () => {
      live = false;
    };
  }, [username, section.id]);

  const setPart = (part: BidPart, patch: Partial<PartWork>) =>
    setWork((w) => ({ ...w, [part]: { ...(w[part] ?? { phase: 'waiting', done: 0, total: 0 }), ...patch } }));

  /** Seal what is not sealed yet and upload what the server does not hold yet — part by part. */
  const run = async (plan: { part: BidPart; file?: File; name?: string }[], start: Partial<Record<BidPart, PartWork>>) => {
    if (!keys) {
      setError(new AppError('VALIDATION', { zh: '请先导入签名证书和加密证书', en: 'Import your signing and encryption keys first' }, { field: 'keys', reason: 'KEY_MISSING' }));
      return;
    }
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setCancelled(false);
    setError(null);
    const upload = { startUpload: (i: { sectionId: number; part: BidPart; size: number; partHash: string }) => api.bid.startUpload.mutate(i) };
    try {
      for (const step of plan) {
        let sealed = start[step.part]?.sealed;
        if (!sealed) {
          if (!step.file) continue;
          setPart(step.part, { phase: 'sealing', done: 0, total: step.file.size });
          sealed = await sealOnePart(
            { file: step.file, name: step.name ?? step.file.name, part: step.part, ...ids, keys },
            { onProgress: (done, total) => setPart(step.part, { phase: 'sealing', done, total }), signal: ac.signal },
          );
          await keptParts.put(sealedKey(username, section.id, step.part), { sealed });
          setPart(step.part, { phase: 'sealed', sealed, done: 0, total: sealed.size });
        }
        const s = sealed;
        setPart(step.part, { phase: 'uploading', done: 0, total: s.size });
        const r = await uploadSealedPart(upload, s, section.id, {
          signal: ac.signal,
          onStarted: (u) => void keptParts.put(sealedKey(username, section.id, step.part), { sealed: s, uploadId: u.uploadId }),
          onProgress: (done, total) => setPart(step.part, { phase: 'uploading', done, total }),
        });
        setPart(step.part, { phase: 'uploaded', uploadId: r.uploadId, done: s.size, total: s.size, resumedFrom: r.alreadyReceived, sent: r.sent });
      }
    } catch (e) {
      if (isCancelled(e) || ac.signal.aborted) {
        setCancelled(true);
        // a part cancelled while sealing has nothing to resume from: it is sealed again
        setWork((w) => Object.fromEntries(Object.entries(w).filter(([, v]) => v.phase !== 'sealing' || v.sealed)) as typeof w);
      } else setError(e);
      setWork((w) => Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v.phase === 'uploading' ? { ...v, phase: 'sealed' as const } : v])) as typeof w);
    } finally {
      abort.current = null;
      setRunning(false);
    }
  };

  /** 加密并上传: a price above the ceiling is sealed only after an explicit confirmation (cancel = nothing sealed). */
  const sealAndUpload = () => {
    if (!overCeiling || !ceiling) {
      void sealAndUploadNow();
      return;
    }
    const name = pick(lang, ceiling.label);
    void modal.confirm({
      title: pick(lang, { zh: `报价高于${name}`, en: `The price is above the ${name}` }),
      content: (
        <div data-testid={`bid-ceiling-confirm-${section.code}`}>
          <p>{pick(lang, { zh: `${section.code} ${section.name}的${name}为 ${formatFen(ceiling.fen)}，您的报价为 ${formatFen(yuanToFen(form.priceYuan))}。`, en: `The ${name} of ${section.code} ${section.name} is ${formatFen(ceiling.fen)}; your price is ${formatFen(yuanToFen(form.priceYuan))}.` })}</p>
          <p>{pick(lang, { zh: '开标时该投标将被标注为“高于最高投标限价”，评标委员会可依法否决该投标。确定仍要加密并上传吗？', en: 'At the opening this bid will be flagged as above the price ceiling, and the committee may reject it. Seal and upload anyway?' })}</p>
        </div>
      ),
      okText: pick(lang, { zh: '仍然加密并上传', en: 'Seal and upload anyway' }),
      okButtonProps: { danger: true },
      cancelText: pick(lang, { zh: '取消，修改报价', en: 'Cancel and change the price' }),
      onOk: () => {
        void sealAndUploadNow();
      },
    });
  };

  const sealAndUploadNow = async () => {
    setError(null);
    let summary: File;
    try {
      summary = summaryFile(form, ids);
    } catch (e) {
      setError(e);
      return;
    }
    // A new sealing: drop what was kept (new content keys → new files; old uploads are cleaned up by the server).
    for (const part of BID_PARTS) await keptParts.remove(sealedKey(username, section.id, part));
    const plan: { part: BidPart; file?: File; name?: string }[] = [{ part: 'summary', file: summary, name: SUMMARY_FILE_NAME }];
    for (const part of FILE_PARTS) {
      const f = files[part];
      if (f) plan.push({ part, file: f });
    }
    const fresh = Object.fromEntries(plan.map((p) => [p.part, { phase: 'waiting' as const, done: 0, total: p.file?.size ?? 0 }])) as Partial<Record<BidPart, PartWork>>;
    setWork(fresh);
    setReceipt(null);
    await run(plan, {});
  };

  const resume = async () => {
    const plan = BID_PARTS.filter((p) => work[p] && work[p].phase !== 'uploaded').map((part) => ({
      part,
      ...(part === 'summary' ? (() => { try { return { file: summaryFile(form, ids), name: SUMMARY_FILE_NAME }; } catch { return {}; } })() : files[part as FilePart] ? { file: files[part as FilePart]! } : {}),
    }));
    await run(plan, work);
  };

  const parts = BID_PARTS.filter((p) => work[p]);
  const allUploaded = parts.length > 0 && parts.every((p) => work[p]!.phase === 'uploaded');
  const resumable = !running && parts.some((p) => work[p]!.phase !== 'uploaded');

  const finalize = useMutation({
    mutationFn: async () => {
      if (!keys) throw new AppError('VALIDATION', { zh: '请先导入签名证书', en: 'Import your signing key first' }, { field: 'keys' });
      if (!work.summary) throw new AppError('VALIDATION', { zh: '投标文件须包含开标一览表', en: 'The bid needs its summary' }, { field: 'summary' });
      const ready = parts.map((p) => ({ sealed: work[p]!.sealed!, uploadId: work[p]!.uploadId! }));
      // The outer signatures name the company and the version this bid becomes (issue 14 §8), read now:
      // if another submission of the company finalizes first, the server refuses this one
      // (BID_VERSION_MISMATCH) and submitting again signs for the new version.
      const [who, mineNow] = await Promise.all([api.auth.me.query(), api.bid.mine.query({ sectionId: section.id })]);
      if (!who.actor) throw new AppError('UNAUTHORIZED');
      const version = nextBidVersion(mineNow, section.id);
      const signed = await finalizeParts(ready, { ...ids, bidderOrgId: who.actor.orgId, version }, keys);
      return api.bid.finalize.mutate({ sectionId: section.id, version, parts: signed });
    },
    onSuccess: async (r) => {
      setReceipt({ bidId: r.bid.id, json: r.receipt.json, cmsBase64: r.receipt.cmsBase64 });
      for (const part of BID_PARTS) await keptParts.remove(sealedKey(username, section.id, part));
      setWork({});
      setFiles({ commercial: null, technical: null, qualification: null });
      for (const i of Object.values(fileInputs.current)) if (i) i.value = '';
      void message.success(pick(lang, { zh: `投标已提交（第${r.bid.version}版）`, en: `Bid submitted (version ${r.bid.version})` }));
      await qc.invalidateQueries({ queryKey: BID_KEYS.mine });
    },
  });

  const current = bids.find((b) => b.status === 'current');
  const history = bids.filter((b) => b !== current).sort((a, b) => b.version - a.version);

  return (
    <Card
      type="inner"
      title={`${section.code} ${section.name}`}
      data-testid={`bid-section-${section.code}`}
      role="region"
      aria-label={pick(lang, { zh: `投标 ${section.code} ${section.name}`, en: `Bid ${section.code} ${section.name}` })}
    >
      <AvailabilityNotice availability={bidAvailability} testId={`${idp}-unavailable`} />
      {current && <CurrentBid bid={current} section={section} keys={keys} closed={closed} freshReceipt={receipt?.bidId === current.id ? receipt : null} sfx={sfx} />}

      <Typography.Title level={4} style={{ marginTop: 16 }}>
        {current ? pick(lang, { zh: '重新提交（替换当前投标）', en: 'Replace the current bid' }) : pick(lang, { zh: '编制并提交投标文件', en: 'Prepare and submit the bid' })}
      </Typography.Title>
      <fieldset className="ebid-fieldset" disabled={running || closed}>
        <legend>{pick(lang, { zh: '开标一览表', en: 'Bid summary (开标一览表)' })}</legend>
        <Space wrap>
          <label htmlFor={`${idp}-price`}>{pick(lang, { zh: '报价（元）', en: 'Price (yuan)' })}</label>
          <Input
            id={`${idp}-price`}
            inputMode="decimal"
            value={form.priceYuan}
            onChange={(e) => setForm({ ...form, priceYuan: e.target.value })}
            style={{ width: 180 }}
            status={overCeiling ? 'warning' : ''}
            aria-label={pick(lang, { zh: `报价（元）${sfx}`, en: `Price (yuan)${sfx}` })}
            {...(overCeiling ? { 'aria-describedby': `${idp}-ceiling-warning` } : {})}
          />
          <label htmlFor={`${idp}-days`}>{pick(lang, { zh: '工期（日历天）', en: 'Duration (days)' })}</label>
          <Input id={`${idp}-days`} inputMode="numeric" value={String(form.durationDays)} onChange={(e) => setForm({ ...form, durationDays: e.target.value })} style={{ width: 120 }} aria-label={pick(lang, { zh: `工期（日历天）${sfx}`, en: `Duration (days)${sfx}` })} />
          <label htmlFor={`${idp}-quality`}>{pick(lang, { zh: '质量标准', en: 'Quality' })}</label>
          <Input id={`${idp}-quality`} value={form.quality} onChange={(e) => setForm({ ...form, quality: e.target.value })} style={{ width: 220 }} aria-label={pick(lang, { zh: `质量标准${sfx}`, en: `Quality${sfx}` })} />
        </Space>
        {ceiling && (
          <Typography.Paragraph type="secondary" className="ebid-small ebid-gap-top" data-testid={`bid-ceiling-${section.code}`}>
            {pick(lang, { zh: `${ceiling.label.zh}（公开）：`, en: `${ceiling.label.en[0]!.toUpperCase()}${ceiling.label.en.slice(1)} (public): ` })}
            {formatFen(ceiling.fen)}
          </Typography.Paragraph>
        )}
        {overCeiling && ceiling && (
          <Alert
            type="warning"
            showIcon
            id={`${idp}-ceiling-warning`}
            data-testid={`bid-above-ceiling-${section.code}`}
            title={pick(lang, {
              zh: `报价高于${ceiling.label.zh}（${formatFen(ceiling.fen)}）：开标时将被标注，评标委员会可依法否决该投标。`,
              en: `The price is above the ${ceiling.label.en} (${formatFen(ceiling.fen)}): it will be flagged at the opening and the committee may reject the bid.`,
            })}
          />
        )}
      </fieldset>
      <fieldset className="ebid-fieldset" disabled={running || closed}>
        <legend>{pick(lang, { zh: '投标文件（各部分分别加密）', en: 'Bid files (each part sealed separately)' })}</legend>
        <Space orientation="vertical">
          {FILE_PARTS.map((part) => (
            <Space key={part} wrap>
              <label htmlFor={`${idp}-${part}`}>{pick(lang, PART_LABELS[part])}</label>
              <input
                id={`${idp}-${part}`}
                ref={(el) => {
                  fileInputs.current[part] = el;
                }}
                type="file"
                aria-label={pick(lang, FILE_INPUT_LABELS[part]) + sfx}
                onChange={(e) => {
                  const f = e.target.files?.[0] ?? null;
                  setFiles((x) => ({ ...x, [part]: f }));
                }}
              />
              {files[part] && <Typography.Text type="secondary">{formatBytes(files[part].size)}</Typography.Text>}
            </Space>
          ))}
        </Space>
      </fieldset>
      <Space wrap className="ebid-gap-top">
        <Button type="primary" icon={<LockOutlined aria-hidden />} onClick={sealAndUpload} loading={running} disabled={closed || !keys} aria-label={pick(lang, { zh: `加密并上传${sfx}`, en: `Seal and upload${sfx}` })}>
          {pick(lang, { zh: '加密并上传', en: 'Seal and upload' })}
        </Button>
        {running && (
          <Button icon={<PauseOutlined aria-hidden />} onClick={() => abort.current?.abort()} aria-label={pick(lang, { zh: `取消${sfx}`, en: `Cancel${sfx}` })}>
            {pick(lang, { zh: '取消', en: 'Cancel' })}
          </Button>
        )}
        {resumable && (
          <Button icon={<RedoOutlined aria-hidden />} onClick={() => void resume()} disabled={closed || !keys} aria-label={pick(lang, { zh: `继续上传${sfx}`, en: `Resume upload${sfx}` })}>
            {pick(lang, { zh: '继续上传', en: 'Resume upload' })}
          </Button>
        )}
        <Button
          type="primary"
          icon={<SendOutlined aria-hidden />}
          disabled={!allUploaded || running || closed}
          loading={finalize.isPending}
          onClick={() => finalize.mutate()}
          aria-label={pick(lang, { zh: `提交投标${sfx}`, en: `Submit the bid${sfx}` })}
        >
          {pick(lang, { zh: '提交投标', en: 'Submit the bid' })}
        </Button>
      </Space>
      {cancelled && (
        <Alert
          type="info"
          showIcon
          className="ebid-gap-top"
          data-testid="bid-cancelled"
          title={pick(lang, { zh: '已取消。已上传的部分保留在服务器上，点击“继续上传”只发送缺少的部分。', en: 'Cancelled. What the server holds is kept; Resume sends only the missing pieces.' })}
        />
      )}
      {parts.length > 0 && (
        <div className="ebid-gap-top" aria-live="polite">
          {parts.map((p) => (
            <PartProgress key={p} part={p} work={work[p]!} lang={lang} />
          ))}
          {!allUploaded && !running && (
            <Typography.Text type="secondary" className="ebid-small">
              {pick(lang, {
                zh: '加密后的文件保存在本浏览器中（本次会话；浏览器允许时也保存在本地数据库中，刷新后仍可继续上传）。',
                en: 'The sealed files are kept in this browser (this session, and in its local database where allowed, so a reload can resume).',
              })}
            </Typography.Text>
          )}
        </div>
      )}
      {error != null && <ErrorBox error={error} title={pick(lang, { zh: '加密或上传失败', en: 'Sealing or upload failed' })} />}
      {finalize.isError && <ErrorBox error={finalize.error} title={pick(lang, { zh: '提交失败', en: 'Submission failed' })} />}

      {history.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {pick(lang, { zh: '历次投标（全部保留，以最后一次为准）', en: 'Earlier versions (all kept; the latest counts)' })}
          </Typography.Title>
          <Table<MyBid>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={history}
            data-testid="bid-history"
            columns={[
              { key: 'v', title: pick(lang, { zh: '版本', en: 'Version' }), render: (_, b) => `V${b.version}` },
              { key: 'at', title: pick(lang, { zh: '接收时间', en: 'Received' }), render: (_, b) => formatBeijingDateTime(Date.parse(b.receivedAt)) },
              { key: 's', title: pick(lang, { zh: '状态', en: 'State' }), render: (_, b) => <BidStatusTag status={b.status} /> },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/**
 * The receipt, in the three forms the buttons name (issue 16 §6): the PDF sealed by the platform (opens in
 * the browser's viewer), the receipt data (receipt.json) and its platform signature (receipt.p7s, CMS).
 */
export function ReceiptButtons({ bidId, freshReceipt = null, sfx = '', size }: { bidId: number; freshReceipt?: { json: string; cmsBase64: string } | null; sfx?: string; size?: 'small' }) {
  const { lang } = useLang();
  const api = useApi();
  const download = useMutation({
    mutationFn: async (which: 'json' | 'p7s') => {
      const r = freshReceipt ?? (await api.bid.receipt.query({ bidId }));
      if (which === 'json') downloadBytes(utf8(r.json), `receipt-${bidId}.json`, 'application/json');
      else downloadBytes(base64ToBytes(r.cmsBase64), `receipt-${bidId}.p7s`, 'application/pkcs7-signature');
    },
  });
  const label = (t: { zh: string; en: string }) => ({ children: pick(lang, t), 'aria-label': pick(lang, t) + sfx });
  return (
    <>
      <Button size={size} icon={<FilePdfOutlined aria-hidden />} href={`/bids/${bidId}/receipt.pdf`} target="_blank" rel="noopener noreferrer" {...label({ zh: '回执 PDF（平台签章）', en: 'Receipt PDF (platform-sealed)' })} />
      <Button size={size} icon={<DownloadOutlined aria-hidden />} onClick={() => download.mutate('json')} {...label({ zh: '回执数据 JSON', en: 'Receipt data (JSON)' })} />
      <Button size={size} icon={<DownloadOutlined aria-hidden />} onClick={() => download.mutate('p7s')} {...label({ zh: '回执签名 CMS（.p7s）', en: 'Receipt signature (CMS, .p7s)' })} />
      {download.isError && <ErrorBox error={download.error} />}
    </>
  );
}

export function BidStatusTag({ status }: { status: MyBid['status'] }) {
  const { lang } = useLang();
  const map: Record<string, { color: string; zh: string; en: string }> = {
    current: { color: 'green', zh: '有效（当前版本）', en: 'Current' },
    superseded: { color: 'default', zh: '已被替换', en: 'Superseded' },
    withdrawn: { color: 'orange', zh: '已撤回', en: 'Withdrawn' },
  };
  const m = map[status] ?? { color: 'default', zh: status, en: status };
  return <Tag color={m.color}>{pick(lang, m)}</Tag>;
}

function CurrentBid({
  bid,
  section,
  keys,
  closed,
  freshReceipt,
  sfx,
}: {
  bid: MyBid;
  section: Section;
  keys: BidKeys | null;
  closed: boolean;
  freshReceipt: { json: string; cmsBase64: string } | null;
  sfx: string;
}) {
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [rehearsal, setRehearsal] = useState<RehearsalResult[] | null>(null);
  const rehearse = useMutation({
    mutationFn: async () => {
      if (!keys) throw new AppError('VALIDATION', { zh: '请先导入加密证书', en: 'Import your encryption key first' }, { field: 'keys', reason: 'KEY_MISSING' });
      const out: RehearsalResult[] = [];
      for (const p of bid.parts) {
        const sealed = await fetchOwnSealed(bid.id, p.part);
        const r = await rehearsePart(sealed, keys);
        out.push({ part: r.part, name: r.name, size: r.size, sha256: r.sha256 });
      }
      return out;
    },
    onMutate: () => setRehearsal(null),
    onSuccess: (r) => setRehearsal(r),
  });
  const withdraw = useMutation({
    mutationFn: () => api.bid.withdraw.mutate({ bidId: bid.id }),
    onSuccess: async () => {
      void message.success(pick(lang, { zh: '投标已撤回', en: 'Bid withdrawn' }));
      await qc.invalidateQueries({ queryKey: BID_KEYS.mine });
    },
  });
  const items: { key: string; label: ReactNode; children: ReactNode }[] = [
    { key: 'v', label: pick(lang, { zh: '版本', en: 'Version' }), children: <span data-testid="bid-version">V{bid.version}</span> },
    { key: 'at', label: pick(lang, { zh: '平台接收时间', en: 'Received (server time)' }), children: formatBeijingDateTime(Date.parse(bid.receivedAt)) },
    { key: 'id', label: pick(lang, { zh: '投标编号', en: 'Bid id' }), children: bid.id },
  ];
  return (
    <div data-testid="bid-current">
      <Alert type="success" showIcon title={pick(lang, { zh: `已提交投标（第${bid.version}版），平台已签发回执`, en: `Bid submitted (version ${bid.version}); the platform issued a receipt` })} />
      <Descriptions size="small" column={3} className="ebid-gap-top" items={items} />
      <Table
        rowKey="part"
        size="small"
        pagination={false}
        dataSource={bid.parts}
        columns={[
          { key: 'part', title: pick(lang, { zh: '部分', en: 'Part' }), render: (_, p) => pick(lang, PART_LABELS[p.part as BidPart] ?? { zh: p.part, en: p.part }) },
          { key: 'size', title: pick(lang, { zh: '密文大小', en: 'Sealed size' }), render: (_, p) => formatBytes(p.size) },
          {
            key: 'hash',
            title: pick(lang, { zh: '分块摘要（partHash）', en: 'Part hash' }),
            render: (_, p) => (
              <Typography.Text code copyable={{ text: p.partHash }} title={p.partHash}>
                {p.partHash.slice(0, 16)}…
              </Typography.Text>
            ),
          },
          {
            // X3: the whole sealed file's SHA-256 and SM3, as `sha256sum` / `gmssl sm3` print them.
            key: 'digests',
            title: pick(lang, { zh: '文件摘要（SHA-256 / SM3）', en: 'File digests (SHA-256 / SM3)' }),
            render: (_, p) =>
              p.sha256 && p.sm3 ? (
                <div className="ebid-small">
                  <Typography.Text code copyable={{ text: p.sha256 }} title={p.sha256}>
                    {p.sha256.slice(0, 16)}…
                  </Typography.Text>
                  <br />
                  <Typography.Text code copyable={{ text: p.sm3 }} title={p.sm3}>
                    {p.sm3.slice(0, 16)}…
                  </Typography.Text>
                </div>
              ) : (
                <Typography.Text type="secondary">{pick(lang, { zh: '计算中', en: 'Computing' })}</Typography.Text>
              ),
          },
          {
            key: 'header',
            title: pick(lang, { zh: '信封头摘要', en: 'Header SHA-256' }),
            render: (_, p) => (
              <Typography.Text code copyable={{ text: p.headerSha256 }} title={p.headerSha256}>
                {p.headerSha256.slice(0, 16)}…
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space wrap className="ebid-gap-top">
        <ReceiptButtons bidId={bid.id} freshReceipt={freshReceipt} sfx={sfx} />
        <Button icon={<KeyOutlined aria-hidden />} loading={rehearse.isPending} onClick={() => rehearse.mutate()} aria-label={pick(lang, { zh: `解密演练${sfx}`, en: `Rehearse decryption${sfx}` })}>
          {pick(lang, { zh: '解密演练', en: 'Rehearse decryption' })}
        </Button>
        <Popconfirm
          title={pick(lang, { zh: `确定撤回 ${section.code} 的投标？撤回后截止前可重新提交。`, en: `Withdraw the bid for ${section.code}? You may submit again before the deadline.` })}
          okText={pick(lang, { zh: '确定撤回', en: 'Withdraw' })}
          cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
          onConfirm={() => withdraw.mutate()}
        >
          <Button danger icon={<RollbackOutlined aria-hidden />} disabled={closed} loading={withdraw.isPending} aria-label={pick(lang, { zh: `撤回投标${sfx}`, en: `Withdraw the bid${sfx}` })}>
            {pick(lang, { zh: '撤回投标', en: 'Withdraw the bid' })}
          </Button>
        </Popconfirm>
      </Space>
      {withdraw.isError && <ErrorBox error={withdraw.error} title={pick(lang, { zh: '撤回失败', en: 'Withdrawal failed' })} />}
      {rehearse.isError && <ErrorBox error={rehearse.error} title={pick(lang, { zh: '解密演练失败', en: 'Rehearsal failed' })} />}
      {rehearsal && (
        <Alert
          type="success"
          showIcon
          className="ebid-gap-top"
          data-testid="bid-rehearsal"
          title={pick(lang, { zh: '解密演练成功', en: 'Rehearsal succeeded' })}
          description={
            <>
              <Typography.Paragraph type="secondary">
                {pick(lang, { zh: '已在本浏览器中用您的加密私钥打开全部部分并核对签名清单；内容未发送给平台。', en: 'Every part was opened in this browser with your encryption key and checked against its signed manifest; nothing was sent to the platform.' })}
              </Typography.Paragraph>
              <ul>
                {rehearsal.map((r) => (
                  <li key={r.part}>
                    {pick(lang, PART_LABELS[r.part])}：{r.name} · {formatBytes(r.size)} · SHA-256 <span className="ebid-mono">{r.sha256}</span>
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
      <details className="ebid-gap-top">
        <summary>{pick(lang, { zh: '如何离线验证回执', en: 'How to verify the receipt offline' })}</summary>
        <Typography.Paragraph>
          {pick(lang, {
            zh: '“回执 PDF”加盖交易平台电子签章，可用 PDF 阅读器查看签章。回执数据由平台签名（CMS，SHA-256）：下载“回执数据 JSON”（receipt.json）、“回执签名 CMS”（receipt.p7s）和平台根证书（“我的证书”页的“下载根证书”，即 /pki/root.pem），然后：',
            en: 'The receipt PDF carries the platform’s seal (check it in a PDF reader). The receipt data is signed by the platform (CMS, SHA-256): download the receipt data (receipt.json), its signature (receipt.p7s) and the platform root (/pki/root.pem), then:',
          })}
        </Typography.Paragraph>
        <pre className="ebid-mono ebid-small">{`ebid verify-receipt --receipt receipt-${bid.id}.json --cms receipt-${bid.id}.p7s --root root.pem
openssl cms -verify -binary -inform DER -in receipt-${bid.id}.p7s -content receipt-${bid.id}.json -CAfile root.pem -out /dev/null`}</pre>
      </details>
    </div>
  );
}
