/**
 * One section's bid on the bidder's project page: the current bid (CurrentBid), the form and files of a
 * new or replacing bid, the buttons '加密并上传' / '取消' / '继续上传' / '提交投标', the progress of each
 * part and the earlier versions. The workflow behind the buttons is useSectionBid.ts.
 */
import { App as AntApp, Alert, Button, Card, Input, Progress, Space, Table, Typography } from 'antd';
import { LockOutlined, PauseOutlined, RedoOutlined, SendOutlined } from '@ant-design/icons';
import { statusFamilyOf, summaryPeriodKey } from '@ebid/domain';
import { formatBeijingDateTime } from '../clock.ts';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { pick, useLang, useProjectT, useT, type MessageKey } from '../i18n.ts';
import { formatFen, yuanToFen } from '../money.ts';
import type { RouterOutputs } from '../api.ts';
import { formatBytes } from '../tendering/DocumentsPanel.tsx';
import { BidErrorBox } from './BidErrorBox.tsx';
import { BidStatusTag } from './BidStatusTag.tsx';
import { CurrentBid } from './CurrentBid.tsx';
import type { MyBid } from './my-bids.ts';
import { progressView, type BidKeys, type BidPart } from './seal-upload.ts';
import { FILE_PARTS, useSectionBid, type FilePart, type PartWork, type Phase } from './useSectionBid.ts';

type Project = RouterOutputs['project']['get'];
type Section = Project['sections'][number];

const FILE_INPUT_KEYS: Record<FilePart, MessageKey> = {
  commercial: 'bids.files.commercial',
  technical: 'bids.files.technical',
  qualification: 'bids.files.qualification',
};

const PHASE_KEYS: Record<Phase, MessageKey> = {
  waiting: 'bids.phase.waiting',
  sealing: 'bids.phase.sealing',
  sealed: 'bids.phase.sealed',
  uploading: 'bids.phase.uploading',
  uploaded: 'bids.phase.uploaded',
};

/** The first letter in upper case (the English ceiling name starts a sentence; Chinese is unchanged). */
const capitalized = (s: string) => `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`;

function PartProgress({ part, work }: { part: BidPart; work: PartWork }) {
  const t = useT();
  const label = t(`bidPart.${part}`);
  const pv = progressView(work.done, work.total);
  const active = work.phase === 'sealing' || work.phase === 'uploading';
  return (
    <div data-testid={`bid-progress-${part}`} data-phase={work.phase}>
      <Space size={8} wrap>
        <Typography.Text strong>{label}</Typography.Text>
        <StatusTag family={statusFamilyOf('bidPart', work.phase)}>{t(PHASE_KEYS[work.phase])}</StatusTag>
        {work.sealed && (
          <Typography.Text type="secondary" className="ebid-small">
            {work.sealed.name} · {t('bids.progress.sealedSize')} {formatBytes(work.sealed.size)}
          </Typography.Text>
        )}
        {work.resumedFrom && work.resumedFrom.length > 0 && (
          <Typography.Text type="secondary" className="ebid-small" data-testid={`bid-resumed-${part}`}>
            {t('bids.progress.resumed', { had: work.resumedFrom.length, sent: work.sent?.length ?? 0 })}
          </Typography.Text>
        )}
      </Space>
      <Progress
        percent={pv.percent}
        status={active ? 'active' : work.phase === 'uploaded' ? 'success' : 'normal'}
        format={() => `${pv.doneMb} MB / ${pv.totalMb} MB · ${pv.percent}%`}
        aria-label={t('bids.progress.label', { label })}
      />
    </div>
  );
}

export function SectionBid({ project, section, multi, username, keys, bids }: { project: Project; section: Section; multi: boolean; username: string; keys: BidKeys | null; bids: MyBid[] }) {
  const { lang } = useLang();
  const t = useProjectT(project);
  const { message, modal } = AntApp.useApp();
  const bid = useSectionBid({
    project,
    section,
    username,
    keys,
    onSubmitted: (version) => void message.success(t('bids.submitted', { version })),
  });
  const { form, setForm, files, ceiling, overCeiling, asks, work, parts, running, finalize } = bid;
  // Disabled with its reason and the time it opens until the rule the server refuses with allows it (issue 16 §4).
  const bidAvailability = useAvailability('bid.submit', project);
  const closed = bidAvailability !== undefined && !bidAvailability.enabled;
  const sfx = multi ? ` ${section.code}` : '';
  const idp = `bid-${section.id}`;

  /** 加密并上传: a price above the ceiling is sealed only after an explicit confirmation (cancel = nothing sealed). */
  const sealAndUpload = () => {
    if (!overCeiling || !ceiling) {
      void bid.sealAndUpload();
      return;
    }
    const name = pick(lang, ceiling.label);
    const amounts = { code: section.code, section: section.name, name, amount: formatFen(ceiling.fen), price: formatFen(yuanToFen(form.priceYuan)) };
    void modal.confirm({
      title: t('bids.ceiling.confirmTitle', { name }),
      content: (
        <div data-testid={`bid-ceiling-confirm-${section.code}`}>
          <p>{t('bids.ceiling.confirmAmounts', amounts)}</p>
          <p>{t('bids.ceiling.confirmWarning')}</p>
        </div>
      ),
      okText: t('bids.ceiling.confirmOk'),
      okButtonProps: { danger: true },
      cancelText: t('bids.ceiling.confirmCancel'),
      onOk: () => {
        void bid.sealAndUpload();
      },
    });
  };

  const current = bids.find((b) => b.status === 'current');
  const history = bids.filter((b) => b !== current).sort((a, b) => b.version - a.version);

  return (
    <Card type="inner" title={`${section.code} ${section.name}`} data-testid={`bid-section-${section.code}`} role="region" aria-label={t('bids.section.region', { code: section.code, name: section.name })}>
      <AvailabilityNotice availability={bidAvailability} testId={`${idp}-unavailable`} />
      {current && <CurrentBid project={project} bid={current} section={section} keys={keys} closed={closed} freshReceipt={bid.receipt?.bidId === current.id ? bid.receipt : null} sfx={sfx} />}

      <Typography.Title level={4} style={{ marginTop: 16 }}>
        {current ? t('bids.form.replace') : t('bids.form.prepare')}
      </Typography.Title>
      <fieldset className="ebid-fieldset" disabled={running || closed}>
        <legend>{t('bids.summary.legend')}</legend>
        <Space wrap>
          <label htmlFor={`${idp}-price`}>{t('bids.summary.price')}</label>
          <Input
            id={`${idp}-price`}
            inputMode="decimal"
            value={form.priceYuan}
            onChange={(e) => setForm({ ...form, priceYuan: e.target.value })}
            style={{ width: 180 }}
            status={overCeiling ? 'warning' : ''}
            aria-label={t('bids.summary.price') + sfx}
            {...(overCeiling ? { 'aria-describedby': `${idp}-ceiling-warning` } : {})}
          />
          {asks.period && (
            <>
              <label htmlFor={`${idp}-days`}>{t(summaryPeriodKey(asks.period))}</label>
              <Input id={`${idp}-days`} inputMode="numeric" value={String(form.durationDays)} onChange={(e) => setForm({ ...form, durationDays: e.target.value })} style={{ width: 120 }} aria-label={t(summaryPeriodKey(asks.period)) + sfx} />
            </>
          )}
          {asks.quality && (
            <>
              <label htmlFor={`${idp}-quality`}>{t('bids.summary.quality')}</label>
              <Input id={`${idp}-quality`} value={form.quality} onChange={(e) => setForm({ ...form, quality: e.target.value })} style={{ width: 220 }} aria-label={t('bids.summary.quality') + sfx} />
            </>
          )}
        </Space>
        {ceiling && (
          <Typography.Paragraph type="secondary" className="ebid-small ebid-gap-top" data-testid={`bid-ceiling-${section.code}`}>
            {t('bids.ceiling.public', { name: capitalized(pick(lang, ceiling.label)) })}
            {formatFen(ceiling.fen)}
          </Typography.Paragraph>
        )}
        {overCeiling && ceiling && (
          <Alert
            type="warning"
            showIcon
            id={`${idp}-ceiling-warning`}
            data-testid={`bid-above-ceiling-${section.code}`}
            title={t('bids.ceiling.above', { name: pick(lang, ceiling.label), amount: formatFen(ceiling.fen) })}
          />
        )}
      </fieldset>
      <fieldset className="ebid-fieldset" disabled={running || closed}>
        <legend>{t('bids.files.legend')}</legend>
        <Space orientation="vertical">
          {FILE_PARTS.map((part) => (
            <Space key={part} wrap>
              <label htmlFor={`${idp}-${part}`}>{t(`bidPart.${part}`)}</label>
              <input
                id={`${idp}-${part}`}
                ref={(el) => {
                  bid.fileInputs.current[part] = el;
                }}
                type="file"
                aria-label={t(FILE_INPUT_KEYS[part]) + sfx}
                onChange={(e) => bid.chooseFile(part, e.target.files?.[0] ?? null)}
              />
              {files[part] && <Typography.Text type="secondary">{formatBytes(files[part].size)}</Typography.Text>}
            </Space>
          ))}
        </Space>
      </fieldset>
      <Space wrap className="ebid-gap-top">
        <Button type="primary" icon={<LockOutlined aria-hidden />} onClick={sealAndUpload} loading={running} disabled={closed || !keys} aria-label={t('bids.action.seal') + sfx}>
          {t('bids.action.seal')}
        </Button>
        {running && (
          <Button icon={<PauseOutlined aria-hidden />} onClick={bid.cancel} aria-label={t('common.cancel') + sfx}>
            {t('common.cancel')}
          </Button>
        )}
        {bid.resumable && (
          <Button icon={<RedoOutlined aria-hidden />} onClick={() => void bid.resume()} disabled={closed || !keys} aria-label={t('bids.action.resume') + sfx}>
            {t('bids.action.resume')}
          </Button>
        )}
        <Button type="primary" icon={<SendOutlined aria-hidden />} disabled={!bid.allUploaded || running || closed} loading={finalize.isPending} onClick={() => finalize.mutate()} aria-label={t('bids.action.submit') + sfx}>
          {t('bids.action.submit')}
        </Button>
      </Space>
      {bid.cancelled && <Alert type="info" showIcon className="ebid-gap-top" data-testid="bid-cancelled" title={t('bids.progress.cancelled')} />}
      {parts.length > 0 && (
        <div className="ebid-gap-top" aria-live="polite">
          {parts.map((p) => {
            const w = work[p];
            return w ? <PartProgress key={p} part={p} work={w} /> : null;
          })}
          {!bid.allUploaded && !running && (
            <Typography.Text type="secondary" className="ebid-small">
              {t('bids.progress.keptLocally')}
            </Typography.Text>
          )}
        </div>
      )}
      {bid.error != null && <BidErrorBox error={bid.error} title={t('bids.error.sealFailed')} />}
      {finalize.isError && <BidErrorBox error={finalize.error} title={t('bids.error.submitFailed')} />}

      {history.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('bids.history.title')}
          </Typography.Title>
          <Table<MyBid>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={history}
            data-testid="bid-history"
            columns={[
              { key: 'v', title: t('bids.history.version'), render: (_, b) => `V${b.version}` },
              { key: 'at', title: t('bids.history.received'), render: (_, b) => formatBeijingDateTime(Date.parse(b.receivedAt)) },
              { key: 's', title: t('bids.history.state'), render: (_, b) => <BidStatusTag status={b.status} /> },
            ]}
          />
        </>
      )}
    </Card>
  );
}
