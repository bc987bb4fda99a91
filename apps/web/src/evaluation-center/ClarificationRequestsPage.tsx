/**
 * 评标澄清 (issue 22 §6, S10): the written clarification requests the evaluation committee sent to the
 * bidder's company — the project and section, the question, the due time with the time left by the server's
 * clock, and an answer form (1–2000 characters) until then; an answered request shows its answer. Who on
 * the committee asked is never shown (E4), and a bidder cannot start a clarification: there is no such button.
 */
import { App as AntApp, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useServerNow } from '../components/ServerClock.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useLang, useT } from '../i18n.ts';
import { formatCountdown } from '../opening/model.ts';
import { ErrorBox, fmtTime, TEXT_STYLE } from '../opening/ui.tsx';

type Request = RouterOutputs['evaluation']['myClarifications'][number];

const KEY = ['evaluation', 'myClarifications'] as const;
export const ANSWER_MAX = 2000;

export function ClarificationRequestsPage() {
  const t = useT();
  const api = useApi();
  const list = useQuery({ queryKey: KEY, queryFn: () => api.evaluation.myClarifications.query({}) });
  return (
    <div className="ebid-stack">
      <Typography.Paragraph type="secondary">{t('evaluationCenter.requests.intro')}</Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending && <Card loading />}
      {list.data?.length === 0 && (
        <Card>
          <Typography.Text data-testid="clarification-requests-empty">{t('evaluationCenter.requests.empty')}</Typography.Text>
        </Card>
      )}
      {list.data?.map((r) => <RequestCard key={r.id} r={r} />)}
    </div>
  );
}

function RequestCard({ r }: { r: Request }) {
  const t = useT();
  const { lang } = useLang();
  const now = useServerNow();
  const left = now !== undefined ? Date.parse(r.answerBy) - now : null;
  const answered = r.answer !== null;
  const expired = !answered && (!r.open || (left !== null && left <= 0));
  const state = answered ? (
    <StatusTag family="done" testId="clarification-request-state">{t('evaluationCenter.requests.answered')}</StatusTag>
  ) : expired ? (
    <StatusTag family="failed" testId="clarification-request-state">{t('evaluationCenter.requests.expired')}</StatusTag>
  ) : (
    <StatusTag family="open" testId="clarification-request-state">{t('evaluationCenter.requests.waiting')}</StatusTag>
  );
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('evaluationCenter.requests.card', { project: r.projectName, section: `${r.sectionCode} ${r.sectionName}` })}</h2>}
      data-testid={`clarification-request-${r.id}`}
    >
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'state', label: t('evaluationCenter.status'), children: state },
          { key: 'project', label: t('evaluationCenter.projectCode'), children: <span className="ebid-mono">{r.projectCode}</span> },
          { key: 'asked', label: t('evaluationCenter.requests.askedAt'), children: fmtTime(r.askedAt) },
          {
            key: 'due',
            label: t('evaluationCenter.clarifications.answerBy'),
            children: (
              <span data-testid="clarification-request-due">
                {fmtTime(r.answerBy)}
                {!answered && !expired && left !== null && <Typography.Text type="warning"> （{t('evaluationCenter.left', { left: formatCountdown(left, lang) })}）</Typography.Text>}
              </span>
            ),
          },
          { key: 'question', label: t('evaluationCenter.clarifications.question'), children: <p style={TEXT_STYLE} data-testid="clarification-request-question">{r.question}</p> },
          ...(answered
            ? [
                { key: 'answer', label: t('evaluationCenter.clarifications.answer'), children: <p style={TEXT_STYLE} data-testid="clarification-request-answer">{r.answer}</p> },
                { key: 'answeredAt', label: t('evaluationCenter.requests.answeredAt'), children: fmtTime(r.answeredAt) },
              ]
            : []),
        ]}
      />
      {!answered && !expired && <AnswerForm r={r} />}
    </Card>
  );
}

function AnswerForm({ r }: { r: Request }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ answer: string }>();
  const answer = useMutation({
    mutationFn: (v: { answer: string }) => api.evaluation.answerClarification.mutate({ clarificationId: r.id, answer: v.answer.trim() }),
    onSuccess: (updated) => {
      void message.success(t('evaluationCenter.requests.sent'));
      qc.setQueryData<Request[]>(KEY, (prev) => prev?.map((x) => (x.id === updated.id ? updated : x)));
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <Form form={form} layout="vertical" className="ebid-gap-top" onFinish={(v) => answer.mutate(v)} data-testid={`clarification-answer-form-${r.id}`}>
      <Form.Item
        name="answer"
        label={t('evaluationCenter.requests.yourAnswer')}
        extra={t('evaluationCenter.requests.answerHint')}
        rules={[{ required: true, whitespace: true, max: ANSWER_MAX, message: t('evaluationCenter.requests.answerRequired') }]}
      >
        <Input.TextArea maxLength={ANSWER_MAX} showCount rows={4} data-testid={`clarification-answer-${r.id}`} />
      </Form.Item>
      {answer.isError && <ErrorBox error={answer.error} />}
      <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid={`clarification-answer-submit-${r.id}`}>
        {t('evaluationCenter.requests.submit')}
      </Button>
    </Form>
  );
}
