/**
 * The section's current bid: its version, parts and digests, the platform-signed receipt, '解密演练'
 * (fetch my own sealed parts and open them here; nothing is sent) and '撤回投标' (B4).
 */
import { useState, type ReactNode } from 'react';
import { App as AntApp, Alert, Button, Descriptions, Popconfirm, Space, Table, Typography } from 'antd';
import { KeyOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AppError } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { textPair, useProjectT, type TermsOf } from '../i18n.ts';
import { formatBytes } from '../tendering/DocumentsPanel.tsx';
import { BidErrorBox } from './BidErrorBox.tsx';
import { BID_KEYS, type MyBid } from './my-bids.ts';
import { ReceiptButtons } from './ReceiptButtons.tsx';
import { PART_LABELS, fetchOwnSealed, rehearsePart, type BidKeys, type BidPart, type RehearsalResult } from './seal-upload.ts';

type Section = RouterOutputs['project']['get']['sections'][number];

/** The first 16 hex digits of a digest, the whole one on hover and copy. */
function Digest({ hex }: { hex: string }) {
  return (
    <Typography.Text code copyable={{ text: hex }} title={hex}>
      {hex.slice(0, 16)}…
    </Typography.Text>
  );
}

export function CurrentBid({
  project,
  bid,
  section,
  keys,
  closed,
  freshReceipt,
  sfx,
}: {
  project: TermsOf;
  bid: MyBid;
  section: Section;
  keys: BidKeys | null;
  closed: boolean;
  freshReceipt: { json: string; cmsBase64: string } | null;
  sfx: string;
}) {
  const t = useProjectT(project);
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [rehearsal, setRehearsal] = useState<RehearsalResult[] | null>(null);
  const rehearse = useMutation({
    mutationFn: async () => {
      if (!keys) throw new AppError('VALIDATION', textPair('bids.error.importEncryptionKey'), { field: 'keys', reason: 'KEY_MISSING' });
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
      void message.success(t('bids.withdrawn'));
      await qc.invalidateQueries({ queryKey: BID_KEYS.mine });
    },
  });
  const items: { key: string; label: ReactNode; children: ReactNode }[] = [
    { key: 'v', label: t('bids.history.version'), children: <span data-testid="bid-version">V{bid.version}</span> },
    { key: 'at', label: t('bids.current.received'), children: formatBeijingDateTime(Date.parse(bid.receivedAt)) },
    { key: 'id', label: t('bids.current.id'), children: bid.id },
  ];
  return (
    <div data-testid="bid-current">
      <Alert type="success" showIcon title={t('bids.current.submitted', { version: bid.version })} />
      <Descriptions size="small" column={3} className="ebid-gap-top" items={items} />
      <Table
        rowKey="part"
        size="small"
        pagination={false}
        dataSource={bid.parts}
        columns={[
          { key: 'part', title: t('bids.current.part'), render: (_, p) => (Object.hasOwn(PART_LABELS, p.part) ? t(`bidPart.${p.part as BidPart}`) : p.part) },
          { key: 'size', title: t('bids.current.sealedSize'), render: (_, p) => formatBytes(p.size) },
          { key: 'hash', title: t('bids.current.partHash'), render: (_, p) => <Digest hex={p.partHash} /> },
          {
            // X3: the whole sealed file's SHA-256 and SM3, as `sha256sum` / `gmssl sm3` print them.
            key: 'digests',
            title: t('bids.current.digests'),
            render: (_, p) =>
              p.sha256 && p.sm3 ? (
                <div className="ebid-small">
                  <Digest hex={p.sha256} />
                  <br />
                  <Digest hex={p.sm3} />
                </div>
              ) : (
                <Typography.Text type="secondary">{t('bids.current.computing')}</Typography.Text>
              ),
          },
          { key: 'header', title: t('bids.current.headerHash'), render: (_, p) => <Digest hex={p.headerSha256} /> },
        ]}
      />
      <Space wrap className="ebid-gap-top">
        <ReceiptButtons bidId={bid.id} freshReceipt={freshReceipt} sfx={sfx} />
        <Button icon={<KeyOutlined aria-hidden />} loading={rehearse.isPending} onClick={() => rehearse.mutate()} aria-label={t('bids.action.rehearse') + sfx}>
          {t('bids.action.rehearse')}
        </Button>
        <Popconfirm title={t('bids.withdraw.confirm', { code: section.code })} okText={t('bids.withdraw.ok')} cancelText={t('common.cancel')} onConfirm={() => withdraw.mutate()}>
          <Button danger icon={<RollbackOutlined aria-hidden />} disabled={closed} loading={withdraw.isPending} aria-label={t('bids.action.withdraw') + sfx}>
            {t('bids.action.withdraw')}
          </Button>
        </Popconfirm>
      </Space>
      {withdraw.isError && <BidErrorBox error={withdraw.error} title={t('bids.error.withdrawFailed')} />}
      {rehearse.isError && <BidErrorBox error={rehearse.error} title={t('bids.error.rehearseFailed')} />}
      {rehearsal && (
        <Alert
          type="success"
          showIcon
          className="ebid-gap-top"
          data-testid="bid-rehearsal"
          title={t('bids.rehearsal.ok')}
          description={
            <>
              <Typography.Paragraph type="secondary">{t('bids.rehearsal.body')}</Typography.Paragraph>
              <ul>
                {rehearsal.map((r) => (
                  <li key={r.part}>
                    {t(`bidPart.${r.part}`)}：{r.name} · {formatBytes(r.size)} · SHA-256 <span className="ebid-mono">{r.sha256}</span>
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
      <details className="ebid-gap-top">
        <summary>{t('bids.receipt.verifyTitle')}</summary>
        <Typography.Paragraph>{t('bids.receipt.verifyBody')}</Typography.Paragraph>
        <pre className="ebid-mono ebid-small">{`ebid verify-receipt --receipt receipt-${bid.id}.json --cms receipt-${bid.id}.p7s --root root.pem
openssl cms -verify -binary -inform DER -in receipt-${bid.id}.p7s -content receipt-${bid.id}.json -CAfile root.pem -out /dev/null`}</pre>
      </details>
    </div>
  );
}
