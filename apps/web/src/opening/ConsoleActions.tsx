/**
 * The center staff's controls of the opening console (ux.md: "one screen: sign-in status, decryption
 * progress per bidder, K draw, record, objections"): 开始开标 (not before the deadline by server time,
 * O1), 结束解密, 生成开标记录表, 结束开标 (no 抽取浮动点: the K draw runs by itself at its reveal close,
 * issue 14 §2; staff do not contribute), and the per-bid 记录非投标人原因 dialog. Every
 * error shows its Chinese message, code and reason.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { FileDoneOutlined, FlagOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { useServerNow } from '../components/ServerClock.tsx';
import { type MessageKey, type Params, useProjectT } from '../i18n.ts';
import { endWindowBlock, FAILURE_CAUSE_LABELS, OPENING_KEYS, progressCounts, startBlock, type OpeningBid, type OpeningView } from './model.ts';
import { ErrorBox, fmtTime } from './ui.tsx';
import { chairState } from './time-model.ts';

type Action = 'start' | 'endWindow' | 'generateRecord' | 'close';

export function ConsoleActions({ view }: { view: OpeningView }) {
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const now = useServerNow();
  const projectId = view.projectId;
  const [failed, setFailed] = useState<{ action: Action; error: unknown } | null>(null);
  const act = useMutation({
    mutationFn: (a: Action): Promise<OpeningView> => {
      switch (a) {
        case 'start':
          return api.opening.start.mutate({ projectId });
        case 'endWindow':
          return api.opening.endWindow.mutate({ projectId });
        case 'generateRecord':
          return api.opening.generateRecord.mutate({ projectId });
        case 'close':
          return api.opening.close.mutate({ projectId });
      }
    },
    onMutate: () => setFailed(null),
    onSuccess: (v, a) => {
      qc.setQueryData(OPENING_KEYS.get(projectId), v);
      void qc.invalidateQueries({ queryKey: ['project'] });
      const done: Record<Action, MessageKey> = {
        start: v.status === 'failed' ? 'opening.consoleActions.fewerThan3' : 'opening.consoleActions.openedDecryptionStarted',
        endWindow: 'opening.consoleActions.decryptionEnded',
        generateRecord: 'opening.consoleActions.openingRecordGenerated',
        close: 'opening.consoleActions.openingClosed',
      };
      void message.success(t(done[a]));
    },
    onError: (error, a) => setFailed({ action: a, error }),
  });
  const busy = (a: Action) => act.isPending && act.variables === a;

  const start = startBlock(view, now);
  const endW = endWindowBlock(view, now);
  const k = view.k;
  const recordBlock =
    view.status !== 'published'
      ? 'opening.consoleActions.availableOnceEvery'
      : k && !k.drawnAt
        ? 'opening.consoleActions.kDrawnYet'
        : null;
  const unanswered = view.objections.filter((o) => !o.answer).length;
  const closeBlock: [MessageKey, Params?] | null =
    view.status !== 'published'
      ? ['opening.consoleActions.availableAfterPublication']
      : !view.record
        ? ['opening.consoleActions.generateOpeningRecordFirst']
        : unanswered > 0
          ? ['opening.consoleActions.objectionsUnanswered', { n: unanswered }]
          : null;
  const c = progressCounts(view.bids);
  const why = (b: MessageKey | [MessageKey, Params?] | null, testId: string) =>
    b ? (
      <Typography.Text type="secondary" className="ebid-small" data-testid={testId}>
        {typeof b === 'string' ? t(b) : t(...b)}
      </Typography.Text>
    ) : null;

  return (
    <Card title={<h2 className="ebid-card-title">{t('opening.consoleActions.openingControls')}</h2>} data-testid="opening-console">
      {view.status === 'waiting' ? (
        <Typography.Paragraph type="secondary">
          {t('opening.consoleActions.bidsEachBidder')}
        </Typography.Paragraph>
      ) : (
        <Typography.Paragraph data-testid="opening-counts">
          {t('opening.consoleActions.bidsSignedIn', { total: c.total, signedIn: c.signedIn, decrypted: c.decrypted, failed: c.failed, pending: c.pending })}
        </Typography.Paragraph>
      )}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {/* Past the start grace the late start, with its reason, is OpeningTimePanel's (issue 18 §5). */}
        {view.status === 'waiting' && chairState(view, now) !== 'start_late' && (
          <Space wrap>
            <Popconfirm
              title={t('opening.consoleActions.startOpeningBidders')}
              okText={t('opening.consoleActions.start')}
              cancelText={t('common.cancel')}
              onConfirm={() => act.mutate('start')}
              disabled={start !== null}
            >
              <Button type="primary" icon={<PlayCircleOutlined aria-hidden />} disabled={start !== null} loading={busy('start')}>
                {t('opening.consoleActions.startOpening')}
              </Button>
            </Popconfirm>
            {why(start, 'opening-start-block')}
            {start && view.bidDeadline && (
              <Typography.Text type="secondary" className="ebid-small">
                {t('opening.consoleActions.bidDeadline', { at: fmtTime(view.bidDeadline) })}
              </Typography.Text>
            )}
          </Space>
        )}
        {view.status === 'decrypting' && (
          <Space wrap>
            <Popconfirm
              title={t('opening.consoleActions.endDecryptionBids')}
              okText={t('opening.consoleActions.endDecryption')}
              cancelText={t('common.cancel')}
              onConfirm={() => act.mutate('endWindow')}
              disabled={endW !== null}
            >
              <Button icon={<StopOutlined aria-hidden />} disabled={endW !== null} loading={busy('endWindow')}>
                {t('opening.consoleActions.endDecryption')}
              </Button>
            </Popconfirm>
            {why(endW, 'opening-endwindow-block')}
          </Space>
        )}
        {(view.status === 'published' || view.status === 'decrypting') && (
          <Space wrap>
            <Button type={view.record ? 'default' : 'primary'} icon={<FileDoneOutlined aria-hidden />} disabled={recordBlock !== null} loading={busy('generateRecord')} onClick={() => act.mutate('generateRecord')}>
              {view.record ? t('opening.consoleActions.regenerateOpeningRecord') : t('opening.consoleActions.generateOpeningRecord')}
            </Button>
            {why(recordBlock, 'opening-record-block')}
          </Space>
        )}
        {(view.status === 'published' || view.status === 'decrypting') && (
          <Space wrap>
            <Popconfirm
              title={t('opening.consoleActions.closeOpeningBidders')}
              okText={t('opening.consoleActions.close')}
              cancelText={t('common.cancel')}
              onConfirm={() => act.mutate('close')}
              disabled={closeBlock !== null}
            >
              <Button danger icon={<FlagOutlined aria-hidden />} disabled={closeBlock !== null} loading={busy('close')}>
                {t('opening.consoleActions.closeOpening')}
              </Button>
            </Popconfirm>
            {why(closeBlock, 'opening-close-block')}
          </Space>
        )}
      </Space>
      {failed && <ErrorBox error={failed.error} />}
    </Card>
  );
}

/** 记录非投标人原因: a bid not decrypted for a platform or third-party fault ends withdrawn, not revoked (O3). */
export function RecordFailureButton({ view, bid }: { view: OpeningView; bid: OpeningBid }) {
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ cause: 'platform' | 'third_party'; note: string }>();
  const rec = useMutation({
    mutationFn: (v: { cause: 'platform' | 'third_party'; note: string }) => api.opening.recordFailure.mutate({ projectId: view.projectId, openingBidId: bid.id, cause: v.cause, note: v.note.trim() }),
    onSuccess: (v) => {
      qc.setQueryData(OPENING_KEYS.get(view.projectId), v);
      setOpen(false);
      form.resetFields();
      void message.success(t('opening.recordFailureButton.causeRecorded'));
    },
  });
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-label={t('opening.recordFailureButton.recordFaultBidder', { label: bid.label })}>
        {t('opening.recordFailureButton.recordNonBidder')}
      </Button>
      <Modal
        open={open}
        title={t('opening.recordFailureButton.faultBidder', { label: bid.label })}
        okText={t('opening.recordFailureButton.record')}
        cancelText={t('common.cancel')}
        confirmLoading={rec.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => void form.validateFields().then((v) => rec.mutate(v), () => {})}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">
          {t('opening.recordFailureButton.bidCouldDecrypted')}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ cause: 'platform' }}>
          <Form.Item name="cause" label={t('opening.recordFailureButton.cause')} rules={[{ required: true }]}>
            <Select
              options={(['platform', 'third_party'] as const).map((c) => ({ value: c, label: t(FAILURE_CAUSE_LABELS[c]) }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('opening.recordFailureButton.note')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('opening.recordFailureButton.stateReason2') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
        {rec.isError && <ErrorBox error={rec.error} />}
      </Modal>
    </>
  );
}

/** 答复 an objection (staff); the record must be regenerated after the last answer before closing (O6). */
export function AnswerForm({ view, objectionId, label }: { view: OpeningView; objectionId: number; label: string }) {
  const t = useProjectT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ answer: string }>();
  const answer = useMutation({
    mutationFn: (text: string) => api.opening.answer.mutate({ objectionId, answer: text }),
    onSuccess: (v) => {
      qc.setQueryData(OPENING_KEYS.get(view.projectId), v);
      form.resetFields();
      void message.success(t('opening.answerForm.answeredRegenerateOpening'));
    },
  });
  return (
    <Form<{ answer: string }> form={form} layout="vertical" disabled={answer.isPending} onFinish={(v) => answer.mutate(v.answer.trim())} aria-label={t('opening.answerForm.answerObjection', { label })}>
      <Form.Item
        name="answer"
        label={t('opening.answerForm.answer', { label })}
        rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('opening.answerForm.writeAnswer2') }]}
      >
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button htmlType="submit" size="small" loading={answer.isPending}>
        {t('opening.answerForm.answer2')}
      </Button>
      {answer.isError && <ErrorBox error={answer.error} />}
    </Form>
  );
}
