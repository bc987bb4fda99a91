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
 *
 * Where it lives: SectionBid.tsx renders a section, useSectionBid.ts holds its workflow (seal, upload,
 * cancel, resume, submit), CurrentBid.tsx the submitted bid, ReceiptButtons.tsx the receipt,
 * seal-upload.ts the browser's cryptography and transfer.
 */
import { Alert, Card, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useApi, useMe, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { useProjectT } from '../i18n.ts';
import { REGISTRATION_KEYS } from '../tendering/RegistrationPanel.tsx';
import { BidErrorBox } from './BidErrorBox.tsx';
import { KeysCard, useBidKeys } from './KeysCard.tsx';
import { BID_KEYS } from './my-bids.ts';
import { SectionBid } from './SectionBid.tsx';
import type { BidKeys } from './seal-upload.ts';

type Project = RouterOutputs['project']['get'];
type Section = Project['sections'][number];

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
      ErrorBox={BidErrorBox}
    />
  );
}

export function BidPanel({ project }: { project: Project }) {
  const t = useProjectT(project);
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
    <Card title={<h2 className="ebid-card-title">{t('bids.panel.title')}</h2>} data-testid="bid-panel">
      <Typography.Paragraph>
        {t('bids.panel.deadline')}
        <strong data-testid="bid-panel-deadline">{deadline ? formatBeijingDateTime(Date.parse(deadline)) : '—'}</strong>{' '}
        {deadline && <Countdown deadline={deadline} />}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('bids.panel.intro')}</Typography.Paragraph>
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
              description={regOf(s.id)?.status === 'disqualified' ? t('bids.panel.disqualified') : t('bids.panel.notRegistered')}
            />
          ),
        )}
      </div>
    </Card>
  );
}
