/**
 * 评标邀请 (issue 21 §6, §7): an expert's invitations — the session's time and place and the time left to
 * answer (server time), confirm or decline with a reason. A declined, timed-out or replaced seat says so.
 * Nothing about the project or its bidders: the invitation carries none (E4); they are shown at sign-in.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { useSpecialtyName } from '../experts/words.tsx';
import { useLang, useT } from '../i18n.ts';
import { formatCountdown } from '../opening/model.ts';
import { ErrorBox, fmtTime } from '../opening/ui.tsx';
import { SeatStatusTag } from './words.tsx';

type Invitation = RouterOutputs['committee']['myInvitations'][number];

const KEY = ['committee', 'myInvitations'] as const;

export function InvitationsPage() {
  const t = useT();
  const api = useApi();
  const list = useQuery({ queryKey: KEY, queryFn: () => api.committee.myInvitations.query({}) });
  return (
    <div className="ebid-stack">
      <Typography.Paragraph type="secondary">{t('committee.invitations.intro')}</Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && (
        <Card>
          <Typography.Text data-testid="invitations-empty">{t('committee.invitations.empty')}</Typography.Text>
        </Card>
      )}
      {list.data?.map((inv) => <InvitationCard key={inv.seatId} inv={inv} />)}
    </div>
  );
}

function InvitationCard({ inv }: { inv: Invitation }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const now = useServerNow();
  const specialtyName = useSpecialtyName();
  const [declining, setDeclining] = useState(false);
  const left = inv.respondBy && now !== undefined ? Date.parse(inv.respondBy) - now : null;
  const expired = inv.status === 'invited' && left !== null && left <= 0;
  const open = inv.status === 'invited' && !expired;
  const done = (text: string) => {
    void message.success(text);
    void qc.invalidateQueries({ queryKey: KEY });
  };
  const confirm = useMutation({ mutationFn: () => api.committee.confirm.mutate({ seatId: inv.seatId }), onSuccess: () => done(t('committee.invitations.confirmed')) });
  return (
    <Card title={<h2 className="ebid-card-title">{t('committee.invitations.card', { specialty: specialtyName(inv.specialty) })}</h2>} data-testid={`invitation-${inv.seatId}`}>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'status', label: t('committee.seat.status'), children: expired ? <Typography.Text type="danger">{t('committee.invitations.expired')}</Typography.Text> : <SeatStatusTag status={inv.status} /> },
          { key: 'at', label: t('committee.sessionAt'), children: fmtTime(inv.sessionAt) },
          { key: 'place', label: t('committee.sessionPlace'), children: inv.sessionPlace ?? t('committee.invitations.tba') },
          {
            key: 'due',
            label: t('committee.respondBy'),
            children: (
              <span data-testid="invitation-due">
                {fmtTime(inv.respondBy)}
                {open && left !== null && <Typography.Text type="warning"> （{t('committee.invitations.left', { left: formatCountdown(left, lang) })}）</Typography.Text>}
              </span>
            ),
          },
          ...(inv.respondedAt ? [{ key: 'responded', label: t('committee.respondedAt'), children: fmtTime(inv.respondedAt) }] : []),
        ]}
      />
      {confirm.isError && <ErrorBox error={confirm.error} />}
      {open && (
        <Space className="ebid-gap-top" wrap>
          <Button type="primary" onClick={() => confirm.mutate()} loading={confirm.isPending} data-testid={`invitation-confirm-${inv.seatId}`}>
            {t('committee.invitations.confirm')}
          </Button>
          <Button danger onClick={() => setDeclining(true)} data-testid={`invitation-decline-${inv.seatId}`}>
            {t('committee.invitations.decline')}
          </Button>
        </Space>
      )}
      {declining && (
        <DeclineModal
          inv={inv}
          onClose={() => setDeclining(false)}
          onDone={() => {
            setDeclining(false);
            done(t('committee.invitations.declined'));
          }}
        />
      )}
    </Card>
  );
}

function DeclineModal({ inv, onClose, onDone }: { inv: Invitation; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const [form] = Form.useForm<{ note: string }>();
  const decline = useMutation({ mutationFn: (v: { note: string }) => api.committee.decline.mutate({ seatId: inv.seatId, note: v.note.trim() }), onSuccess: onDone });
  return (
    <Modal open title={t('committee.invitations.decline')} onCancel={onClose} onOk={() => form.submit()} okText={t('committee.invitations.decline')} cancelText={t('common.cancel')} confirmLoading={decline.isPending}>
      {decline.isError && <ErrorBox error={decline.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => decline.mutate(v)}>
        <Form.Item name="note" label={t('committee.invitations.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('committee.invitations.reasonRequired') }]}>
          <Input.TextArea maxLength={500} rows={3} data-testid="invitation-decline-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
