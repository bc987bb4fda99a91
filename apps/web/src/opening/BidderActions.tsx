/**
 * The bidder's part of the opening room (ux.md: "the opening room (sign in, decrypt, confirm the record
 * or object)"): keys, certificate login, 签到, the automatic entropy for the K draw, 解密投标文件 (content
 * keys unwrapped here, handed over as 32-byte keys), 确认开标记录表 (detached CMS over the PDF bytes) with
 * the .p7s to keep, and 提出异议.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, Progress, Space, Typography } from 'antd';
import { AuditOutlined, DownloadOutlined, FormOutlined, LoginOutlined, SafetyCertificateOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AppError } from '@ebid/domain';
import { queryKeys, useApi, useMe, type Actor } from '../api.ts';
import { downloadBytes } from '../certs.ts';
import { useServerNow } from '../components/ServerClock.tsx';
import { type MessageKey, textPair, useProjectT } from '../i18n.ts';
import { certificateSignIn, loadPki } from '../pki.ts';
import { base64ToBytes, signRecord, unwrapAll } from './crypto.ts';
import { confirmationFileName, myBids, OPENING_KEYS, signInBlock, type OpeningView } from './model.ts';
import { OpeningKeysCard, useOpeningKeys } from './OpeningKeys.tsx';
import { ConfirmTag, DecryptTag, ErrorBox, fmtTime, LIST_STYLE } from './ui.tsx';

type Phase = 'idle' | 'keys' | 'unwrap' | 'send' | 'done';

const PHASE_TEXT: Record<Exclude<Phase, 'idle'>, MessageKey> = {
  keys: 'opening.phaseText.fetchingEnvelopes',
  unwrap: 'opening.phaseText.unwrappingContentKeys',
  send: 'opening.phaseText.keysHandedOver',
  done: 'opening.phaseText.decrypted',
};

function keyMissing(): AppError {
  return new AppError('VALIDATION', textPair('opening.keyMissing.importYourSigning'), { field: 'keys', reason: 'KEY_MISSING' });
}

export function BidderActions({ view }: { view: OpeningView }) {
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const me = useMe();
  const actor: Actor | null | undefined = me.data?.actor;
  const { keys, checked, setKeys } = useOpeningKeys(actor?.username);
  const now = useServerNow();
  const projectId = view.projectId;
  const setView = (v: OpeningView) => qc.setQueryData(OPENING_KEYS.get(projectId), v);
  const mine = myBids(view);
  const pendingMine = mine.filter((b) => b.decryptStatus === 'pending');
  const certLogin = !!actor?.certSerial;

  // --- certificate login (the session must come from a certificate to sign in to the opening)
  const login = useMutation({
    mutationFn: async () => {
      if (!keys) throw keyMissing();
      const pki = await loadPki();
      return certificateSignIn(api, { privateKey: keys.signingKey, certPem: keys.signerCertPem }, pki);
    },
    onSuccess: async (s) => {
      qc.setQueryData(queryKeys.me, { actor: s.actor });
      await qc.invalidateQueries({ queryKey: ['opening'] });
      void message.success(t('opening.bidderActions.signedInYour'));
    },
  });

  // --- 签到
  const block = signInBlock(view, now);
  const signIn = useMutation({
    mutationFn: () => api.opening.signIn.mutate({ projectId }),
    onSuccess: (v) => {
      setView(v);
      void message.success(t('opening.bidderActions.signedInOpening'));
    },
  });

  // --- 解密投标文件
  const [phase, setPhase] = useState<Phase>('idle');
  const [unwrapped, setUnwrapped] = useState({ done: 0, total: 0 });
  const decrypt = useMutation({
    mutationFn: async () => {
      if (!keys?.decryptionKey) throw keyMissing();
      setPhase('keys');
      setUnwrapped({ done: 0, total: 0 });
      // One bid per section the company bids in; each is unwrapped here and handed over in turn.
      const bidIds = pendingMine.map((b) => b.bidId).filter((id): id is number => id !== null);
      if (bidIds.length === 0) throw keyMissing();
      for (const bidId of bidIds) {
        setPhase('keys');
        const mk = await api.opening.myKeys.query({ projectId, bidId });
        setPhase('unwrap');
        setUnwrapped({ done: 0, total: mk.parts.length });
        const list = await unwrapAll(mk, { certPem: keys.encryptionCertPem, privateKey: keys.decryptionKey }, { onPart: (done, total) => setUnwrapped({ done, total }) });
        setPhase('send');
        await api.opening.decrypt.mutate({ projectId, bidId: mk.bidId, keys: list });
      }
    },
    onSuccess: () => {
      setPhase('done');
      // The answer is small; the room's view comes fresh (the live event does the same for everyone).
      void qc.invalidateQueries({ queryKey: OPENING_KEYS.get(projectId) });
      void message.success(t('opening.bidderActions.yourBidDecrypted'));
    },
    onError: () => setPhase('idle'),
  });
  const windowOpen = view.status === 'decrypting' && now !== undefined && view.decryptDeadline !== null && now <= Date.parse(view.decryptDeadline);
  const canDecrypt = windowOpen && !!view.me.signedInAt && pendingMine.length > 0 && !!keys?.decryptionKey;
  const percent = phase === 'idle' ? 0 : phase === 'keys' ? 10 : phase === 'unwrap' ? 10 + Math.round((unwrapped.total ? unwrapped.done / unwrapped.total : 0) * 60) : phase === 'send' ? 80 : 100;

  // --- 确认开标记录表
  const [lastSignature, setLastSignature] = useState<string | null>(null);
  const confirm = useMutation({
    mutationFn: async () => {
      if (!keys || !view.record) throw keyMissing();
      const signed = await signRecord(view.record, { privateKey: keys.signingKey, certPem: keys.signerCertPem, ...(keys.chainPems ? { chainPem: keys.chainPems } : {}) });
      const v = await api.opening.confirm.mutate({ projectId, recordSha256: signed.sha256, signatureBase64: signed.signatureBase64 });
      return { v, signatureBase64: signed.signatureBase64 };
    },
    onSuccess: ({ v, signatureBase64 }) => {
      setView(v);
      setLastSignature(signatureBase64);
      void message.success(t('opening.bidderActions.openingRecordConfirmed'));
    },
  });
  const myCms = mine.find((b) => b.confirmCmsBase64)?.confirmCmsBase64 ?? lastSignature;
  const confirmed = mine.length > 0 && mine.every((b) => b.confirmStatus === 'confirmed');
  const canConfirm = view.status === 'published' && view.record !== null && !confirmed && !!keys;

  // --- 提出异议
  const [form] = Form.useForm<{ text: string }>();
  const object = useMutation({
    mutationFn: (text: string) => api.opening.object.mutate({ projectId, text }),
    onSuccess: (v) => {
      setView(v);
      form.resetFields();
      void message.success(t('opening.bidderActions.objectionRaisedWait'));
    },
  });
  const canObject = view.status === 'decrypting' || view.status === 'published';

  if (!actor) return null;
  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.bidderActions.myOpening')}</h2>} data-testid="opening-bidder">
      <div className="ebid-stack">
        {checked && <OpeningKeysCard username={actor.username} keys={keys} onKeys={setKeys} />}

        <section aria-label={t('opening.bidderActions.signIn')} data-testid="opening-signin">
          <Typography.Title level={4}>{t('opening.bidderActions.signIn2')}</Typography.Title>
          {view.me.signedInAt ? (
            <Alert type="success" showIcon data-testid="opening-signed-in" title={t('opening.bidderActions.signedIn', { signedInAt: fmtTime(view.me.signedInAt) })} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph type="secondary">
                {t('opening.bidderActions.signingInNeeds', { signInOpensAt: fmtTime(view.signInOpensAt) })}
              </Typography.Paragraph>
              {!certLogin && (
                <Alert
                  type="info"
                  showIcon
                  data-testid="opening-cert-login-needed"
                  title={t('opening.bidderActions.youSignedIn')}
                  action={
                    <Button icon={<SafetyCertificateOutlined aria-hidden />} loading={login.isPending} disabled={!keys} onClick={() => login.mutate()}>
                      {t('opening.bidderActions.signInCertificate')}
                    </Button>
                  }
                />
              )}
              <Space wrap>
                <Button type="primary" icon={<LoginOutlined aria-hidden />} disabled={!certLogin || block !== null} loading={signIn.isPending} onClick={() => signIn.mutate()}>
                  {t('opening.bidderActions.signIn3')}
                </Button>
                {block && !view.me.signedInAt && (
                  <Typography.Text type="secondary" data-testid="opening-signin-block">
                    {t(block)}
                  </Typography.Text>
                )}
              </Space>
            </Space>
          )}
          {login.isError && <ErrorBox error={login.error} title={t('opening.bidderActions.certificateLoginFailed')} />}
          {signIn.isError && <ErrorBox error={signIn.error} title={t('opening.bidderActions.signInFailed')} />}
          {view.k && view.me.signedInAt && (
            <Typography.Paragraph type="secondary" className="ebid-small ebid-gap-top" data-testid="opening-contributed">
              {view.k.drawnAt
                ? t('opening.bidderActions.kBeenDrawn')
                : view.me.contributed
                  ? t('opening.bidderActions.browserCommittedK')
                  : t('opening.bidderActions.onceOpeningStarts')}
            </Typography.Paragraph>
          )}
        </section>

        <section aria-label={t('opening.bidderActions.decryption')} data-testid="opening-decrypt">
          <Typography.Title level={4}>{t('opening.bidderActions.decryptBid')}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('opening.bidderActions.withinMinutesOpening', { decryptWindowMinutes: view.decryptWindowMinutes })}
          </Typography.Paragraph>
          {mine.map((b) => (
            <div key={b.id} className="ebid-gap">
              <Space wrap>
                <Typography.Text strong>
                  {b.label} · {b.sectionCode}
                </Typography.Text>
                <DecryptTag status={b.decryptStatus} busy={b.decryptStatus === 'pending' && decrypt.isPending} />
                {b.decryptedAt && <Typography.Text type="secondary">{fmtTime(b.decryptedAt)}</Typography.Text>}
              </Space>
            </div>
          ))}
          <Space wrap>
            <Button type="primary" icon={<UnlockOutlined aria-hidden />} disabled={!canDecrypt} loading={decrypt.isPending} onClick={() => decrypt.mutate()}>
              {t('opening.bidderActions.decryptMyBid')}
            </Button>
            {!canDecrypt && pendingMine.length > 0 && (
              <Typography.Text type="secondary" data-testid="opening-decrypt-block">
                {view.status === 'waiting'
                  ? t('opening.bidderActions.decryptionOpensOpening')
                  : !view.me.signedInAt
                    ? t('opening.bidderActions.signInFirst')
                    : !keys?.decryptionKey
                      ? t('opening.bidderActions.importYourEncryption')
                      : !windowOpen
                        ? t('opening.bidderActions.decryptionWindowOver')
                        : null}
              </Typography.Text>
            )}
          </Space>
          {phase !== 'idle' && (
            <div className="ebid-gap-top" aria-live="polite" data-testid="opening-decrypt-progress" data-phase={phase}>
              <Typography.Text>
                {t(PHASE_TEXT[phase])}
                {phase === 'unwrap' && unwrapped.total > 0 ? ` ${unwrapped.done}/${unwrapped.total}` : ''}
              </Typography.Text>
              <Progress percent={percent} status={phase === 'done' ? 'success' : 'active'} aria-label={t('opening.bidderActions.decryptionProgress')} />
            </div>
          )}
          {decrypt.isError && <ErrorBox error={decrypt.error} title={t('opening.bidderActions.decryptionFailed')} />}
          {mine.some((b) => b.decryptStatus === 'decrypted') && (
            <Alert
              type="success"
              showIcon
              className="ebid-gap-top"
              data-testid="opening-decrypt-done"
              title={t('opening.bidderActions.yourBidDecryptedPlatform')}
              description={
                <ul style={LIST_STYLE}>
                  {mine.flatMap((b) =>
                    b.parts
                      .filter((p) => p.plaintextSha256)
                      .map((p) => (
                        <li key={`${b.id}-${p.part}`}>
                          {t(`bidPart.${p.part}`)} · SHA-256 <span className="ebid-mono ebid-break">{p.plaintextSha256}</span>
                        </li>
                      )),
                  )}
                </ul>
              }
            />
          )}
        </section>

        <section aria-label={t('opening.bidderActions.confirmRecord')} data-testid="opening-confirm">
          <Typography.Title level={4}>{t('opening.bidderActions.confirmRecordObject')}</Typography.Title>
          {!view.record ? (
            <Typography.Paragraph type="secondary">{t('opening.bidderActions.confirmOpeningRecord')}</Typography.Paragraph>
          ) : (
            <>
              <Typography.Paragraph type="secondary">
                {t('opening.bidderActions.confirmingSignsRecord')}
              </Typography.Paragraph>
              <Space wrap>
                {mine.map((b) => (
                  <span key={b.id}>
                    {b.label} <ConfirmTag status={b.confirmStatus} />
                  </span>
                ))}
                <Button type="primary" icon={<AuditOutlined aria-hidden />} disabled={!canConfirm} loading={confirm.isPending} onClick={() => confirm.mutate()}>
                  {t('opening.bidderActions.confirmRecord')}
                </Button>
                {myCms && (
                  <Button
                    icon={<DownloadOutlined aria-hidden />}
                    onClick={() => downloadBytes(base64ToBytes(myCms), confirmationFileName(view.unifiedDealCode, mine[0]?.label ?? ''), 'application/pkcs7-signature')}
                  >
                    {t('opening.bidderActions.downloadConfirmationP7s')}
                  </Button>
                )}
              </Space>
              {confirm.isError && <ErrorBox error={confirm.error} title={t('opening.bidderActions.confirmationFailed')} />}
            </>
          )}
          {canObject && (
            <Form<{ text: string }>
              form={form}
              layout="vertical"
              className="ebid-gap-top"
              disabled={object.isPending}
              onFinish={(v) => object.mutate(v.text.trim())}
              aria-label={t('opening.bidderActions.raiseObjection')}
            >
              <Form.Item
                name="text"
                label={t('opening.bidderActions.objection')}
                rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('opening.bidderActions.writeObjection2') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
              <Button htmlType="submit" icon={<FormOutlined aria-hidden />} loading={object.isPending}>
                {t('opening.bidderActions.raiseObjection')}
              </Button>
              {object.isError && <ErrorBox error={object.error} title={t('opening.bidderActions.raisingObjectionFailed')} />}
            </Form>
          )}
        </section>
      </div>
    </Card>
  );
}
