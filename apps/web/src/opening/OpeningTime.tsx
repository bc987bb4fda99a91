/**
 * The opening at its time (issue 18 §5).
 * - Staff (OpeningTimePanel): 自动开标于 … and the start grace while waiting; once the platform opened the
 *   session, 等待主持人 and 主持开标 (`opening.start` on an opened session takes the chair); past the grace
 *   a start or the chair asks for the reason (迟延开标), which the record prints; the current record
 *   version's confirm deadline.
 * - Bidders (ConfirmDeadlineNotice): the confirm deadline of the current record version with its countdown,
 *   and what silence means (R87 §42).
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import { ClockCircleOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { useServerNow } from '../components/ServerClock.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLang, useT } from '../i18n.ts';
import { formatCountdown, OPENING_KEYS, type OpeningView } from './model.ts';
import { chairState, confirmWindow, needsLateReason } from './time-model.ts';
import { ErrorBox, fmtTime } from './ui.tsx';

const REASON_MIN = 2;
const REASON_MAX = 500;

/** Staff: when the session opens, who hosts it, a late opening and its reason; the chair button. */
export function OpeningTimePanel({ view }: { view: OpeningView }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const now = useServerNow();
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm<{ lateReason: string }>();
  const state = chairState(view, now);
  const chair = useMutation({
    mutationFn: (lateReason: string | undefined) => api.opening.start.mutate({ projectId: view.projectId, ...(lateReason ? { lateReason } : {}) }),
    onSuccess: (v) => {
      qc.setQueryData(OPENING_KEYS.get(view.projectId), v);
      void qc.invalidateQueries({ queryKey: ['project'] });
      setAsking(false);
      form.resetFields();
      void message.success(t(v.late ? 'openingTime.panel.startedLate' : 'openingTime.panel.chairTaken'));
    },
  });
  const win = confirmWindow(view, now);
  const showChair = state === 'take_chair' || state === 'take_chair_late' || state === 'start_late';
  const onChair = () => (needsLateReason(state) ? setAsking(true) : chair.mutate(undefined));

  return (
    <Card size="small" title={<h2 className="ebid-card-title">{t('openingTime.panel.title')}</h2>} data-testid="opening-time">
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {view.status === 'waiting' && view.autoOpenAt && (
          <Typography.Text data-testid="opening-auto-open">
            <ClockCircleOutlined aria-hidden /> {t('openingTime.panel.autoOpenAt', { at: fmtTime(view.autoOpenAt) })}
          </Typography.Text>
        )}
        {view.status === 'waiting' && view.graceEndsAt && (
          <Typography.Text type="secondary" className="ebid-small">
            {t('openingTime.panel.graceEndsAt', { minutes: view.startGraceMinutes, at: fmtTime(view.graceEndsAt) })}
          </Typography.Text>
        )}
        {view.openedBy && (
          <Typography.Text data-testid="opening-opened-by">
            {t(view.openedBy === 'timer' ? 'openingTime.panel.openedByTimer' : 'openingTime.panel.openedByStaff', { at: fmtTime(view.openedAt) })}
          </Typography.Text>
        )}
        {view.hostedAt ? (
          <Typography.Text data-testid="opening-hosted">{t('openingTime.panel.hostedBy', { host: view.host ?? '—', at: fmtTime(view.hostedAt) })}</Typography.Text>
        ) : (
          (state === 'take_chair' || state === 'take_chair_late') && (
            <StatusTag family="progress" testId="opening-waiting-host">
              {t('openingTime.panel.waitingForHost')}
            </StatusTag>
          )
        )}
        {view.late && (
          <Alert type="warning" showIcon data-testid="opening-late" title={t('openingTime.panel.late')} description={t('openingTime.panel.lateReason', { reason: view.lateReason ?? '' })} />
        )}
        {needsLateReason(state) && (
          <Typography.Text type="warning" data-testid="opening-past-grace">
            {t('openingTime.panel.pastGrace')}
          </Typography.Text>
        )}
        {showChair && (
          <Button type="primary" icon={<UserSwitchOutlined aria-hidden />} loading={chair.isPending} onClick={onChair}>
            {t(state === 'start_late' ? 'openingTime.panel.startLate' : 'openingTime.panel.takeChair')}
          </Button>
        )}
        {win && view.record && (
          <Typography.Text data-testid="opening-confirm-window">
            {t('openingTime.panel.confirmWindow', { version: view.record.version, at: fmtTime(win.deadline) })}
          </Typography.Text>
        )}
        {chair.isError && !asking && <ErrorBox error={chair.error} />}
      </Space>
      <Modal
        open={asking}
        title={t('openingTime.reason.title')}
        okText={t('openingTime.reason.ok')}
        cancelText={t('common.cancel')}
        confirmLoading={chair.isPending}
        onCancel={() => setAsking(false)}
        onOk={() => void form.validateFields().then((v) => chair.mutate(v.lateReason.trim()), () => {})}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('openingTime.reason.help', { at: fmtTime(view.bidDeadline), minutes: view.startGraceMinutes })}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="lateReason" label={t('openingTime.reason.label')} rules={[{ required: true, whitespace: true, min: REASON_MIN, max: REASON_MAX, message: t('openingTime.reason.rule') }]}>
            <Input.TextArea rows={3} maxLength={REASON_MAX} showCount />
          </Form.Item>
        </Form>
        {chair.isError && <ErrorBox error={chair.error} />}
      </Modal>
    </Card>
  );
}

/** Bidders: the current record version's confirm deadline and countdown, and what silence means. */
export function ConfirmDeadlineNotice({ view }: { view: OpeningView }) {
  const t = useT();
  const { lang } = useLang();
  const now = useServerNow();
  const win = confirmWindow(view, now);
  if (!win || !view.record) return null;
  const mine = view.bids.filter((b) => b.mine);
  const answered = mine.length > 0 && mine.every((b) => b.confirmStatus !== 'pending');
  if (win.over) {
    return <Alert type="info" showIcon data-testid="opening-confirm-deadline" title={t('openingTime.confirm.over', { at: fmtTime(win.deadline) })} />;
  }
  return (
    <Alert
      type={answered ? 'success' : 'warning'}
      showIcon
      data-testid="opening-confirm-deadline"
      title={t('openingTime.confirm.title')}
      description={
        <>
          {t('openingTime.confirm.until', { at: fmtTime(win.deadline), version: view.record.version, left: win.leftMs === null ? '--' : formatCountdown(win.leftMs, lang) })}
          <br />
          {t('openingTime.confirm.rule')}
        </>
      }
    />
  );
}
