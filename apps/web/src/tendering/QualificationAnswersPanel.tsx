import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { DeleteOutlined, PaperClipOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { statusFamilyOf } from '@ebid/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { yuanToFen } from '../money.ts';
import { CATEGORY_LABELS, evidenceUrl, formatValue, valueToInput } from './qualification-labels.ts';
import { uploadFile, type UploadedFile } from './upload.ts';

type Project = RouterOutputs['project']['get'];
type Mine = RouterOutputs['qualification']['mineForProject'][number];
type Item = Mine['items'][number];

const STATUS_LABELS = {
  applied: 'qualification.statusLabels.applied',
  qualified: 'qualification.statusLabels.qualified',
  disqualified: 'qualification.statusLabels.qualified2',
  withdrawn: 'qualification.statusLabels.withdrawn',
} as const;

/**
 * 资格条件答复 (bidder, issue 5 §5): for each of my company's registrations in the project, every
 * criterion with its requirement and my answer — 声明, 数值 (yuan for money thresholds) and evidence files —
 * saved per criterion with '保存答复' until the deadline; after the review, 合格/不合格 with the reasons.
 */
export function QualificationAnswersPanel({ project }: { project: Project }) {
  const t = useT();
  const api = useApi();
  const mine = useQuery({
    queryKey: ['qualification', 'mineForProject', project.id],
    queryFn: () => api.qualification.mineForProject.query({ projectId: project.id }),
  });
  const title = <h2 className="ebid-card-title">{t('qualification.answersPanel.qualificationAnswers')}</h2>;
  if (mine.isError) return <Card title={title}><AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /></Card>;
  if (mine.isPending) return <Card title={title}><Spin /></Card>;
  if (mine.data.length === 0) {
    return (
      <Card title={title}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.answersPanel.registerSectionAnswer')} />
      </Card>
    );
  }
  return (
    <Card title={title} data-testid="qualification-answers">
      <div className="ebid-stack">
        {mine.data.map((m) => (
          <RegistrationAnswers key={m.registration.id} project={project} mine={m} />
        ))}
      </div>
    </Card>
  );
}

function RegistrationAnswers({ project, mine }: { project: Project; mine: Mine }) {
  const t = useT();
  const projectId = project.id;
  const r = mine.registration;
  // The server's answer at the time of the query, re-judged by the same rule as the server clock moves (issue 16 §4).
  const availability = useAvailability('qualification.answer', project);
  const open = mine.answersOpen && availability?.enabled !== false;
  const notice = !mine.decided && r.status === 'applied' && availability?.enabled === false;
  const decidedStatus = r.status === 'qualified' || r.status === 'disqualified';
  const resultTag = (
    <StatusTag family={statusFamilyOf('registration', r.status)} {...(decidedStatus ? { testId: 'qualification-result' } : {})}>
      {t(STATUS_LABELS[r.status])}
    </StatusTag>
  );
  return (
    <Card type="inner" title={`${r.sectionCode} ${r.sectionName}`} extra={resultTag} data-testid={`registration-answers-${r.id}`}>
      {mine.decided && r.decisionNote && (
        <Alert type={r.status === 'qualified' ? 'success' : 'error'} showIcon style={{ marginBottom: 12 }}
          title={t('qualification.answers.reviewResult')} description={r.decisionNote} />
      )}
      <Typography.Paragraph type="secondary">
        {mine.answersCloseAt
          ? t('qualification.answers.answersCloseBeijing', { answersCloseAt: formatBeijingDateTime(Date.parse(mine.answersCloseAt)) })
          : null}
        {!open && !mine.decided && !notice && ` ${t('qualification.answers.answersClosed')}`}
      </Typography.Paragraph>
      {notice && <AvailabilityNotice availability={availability} testId={`answers-unavailable-${r.id}`} />}
      {mine.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.answers.criteria')} />
      ) : (
        <div className="ebid-stack">
          {mine.items.map((it) => (
            <CriterionAnswer key={it.criterion.id} projectId={projectId} registrationId={r.id} item={it} open={open} decided={mine.decided} />
          ))}
        </div>
      )}
    </Card>
  );
}

function CriterionAnswer({ projectId, registrationId, item, open, decided }: { projectId: number; registrationId: number; item: Item; open: boolean; decided: boolean }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const c = item.criterion;
  const [statement, setStatement] = useState(item.answer?.statement ?? '');
  const [value, setValue] = useState(valueToInput(item.answer?.value, c.unit));
  const [files, setFiles] = useState<{ uploadId: number; fileName: string; href?: string }[]>(
    (item.answer?.evidence ?? []).map((e, i) => ({ uploadId: e.uploadId, fileName: e.fileName, href: evidenceUrl(item.answer!.id, i) })),
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile(file),
    onSuccess: (u: UploadedFile) => setFiles((f) => [...f, { uploadId: u.uploadId, fileName: u.fileName }]),
  });
  const save = useMutation({
    mutationFn: (v: number | null) =>
      api.qualification.answer.mutate({ registrationId, criterionId: c.id, statement: statement.trim(), value: v, evidenceUploadIds: files.map((f) => f.uploadId) }),
    onSuccess: async () => {
      void message.success(t('qualification.criterionAnswer.answerSaved'));
      await queryClient.invalidateQueries({ queryKey: ['qualification', 'mineForProject', projectId] });
    },
  });
  const submit = () => {
    setLocalError(null);
    let v: number | null = null;
    if (value.trim() !== '') {
      v = c.unit === 'fen' ? yuanToFen(value) : /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
      if (v === null) {
        setLocalError(t('qualification.criterionAnswer.valueValidNumber'));
        return;
      }
    }
    save.mutate(v);
  };
  const label = (field: MessageKey) => t('qualification.criterionAnswer.codeField', { code: c.code, field: t(field) });
  const d = item.decision;
  return (
    <Card size="small" type="inner" data-testid={`criterion-answer-${c.id}`}
      title={<span>{c.code} {c.title} <Tag>{t(CATEGORY_LABELS[c.category])}</Tag></span>}
      extra={decided && d ? <StatusTag family={statusFamilyOf('qualificationDecision', d.pass ? 'pass' : 'fail')}>{t(d.pass ? 'qualification.pass' : 'qualification.fail')}</StatusTag> : null}
    >
      <Descriptions size="small" column={1}
        items={[
          { key: 'req', label: t('qualification.requirement'), children: c.requirement },
          ...(c.minValue !== null ? [{ key: 'min', label: t('qualification.threshold'), children: formatValue(c.minValue, c.unit) }] : []),
          { key: 'ev', label: t('qualification.evidence'), children: c.evidenceRequired ? t('qualification.required') : t('qualification.optional') },
          ...(decided && d ? [{ key: 'reason', label: t('qualification.criterionAnswer.reviewerReason'), children: d.reason }] : []),
        ]}
      />
      {open ? (
        <div className="ebid-stack ebid-gap-top">
          <label>
            <div>{t('qualification.criterionAnswer.statement')}</div>
            <Input.TextArea aria-label={label('qualification.field.statement')} maxLength={2000} autoSize={{ minRows: 2 }} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </label>
          {c.minValue !== null && (
            <label>
              <div>{c.unit === 'fen' ? t('qualification.criterionAnswer.valueYuan') : t('qualification.value')}</div>
              <Input aria-label={label('qualification.field.value')} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} style={{ maxWidth: 240 }} />
            </label>
          )}
          <div>
            <div>{t('qualification.criterionAnswer.evidenceFiles')}</div>
            <Space orientation="vertical">
              {files.map((f) => (
                <Space key={f.uploadId}>
                  <PaperClipOutlined aria-hidden />
                  {f.href ? <a href={f.href}>{f.fileName}</a> : <span>{f.fileName}</span>}
                  <Button size="small" type="text" aria-label={t('qualification.criterionAnswer.remove', { fileName: f.fileName })} icon={<DeleteOutlined aria-hidden />}
                    onClick={() => setFiles(files.filter((x) => x.uploadId !== f.uploadId))} />
                </Space>
              ))}
              <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                <UploadOutlined aria-hidden /> {upload.isPending ? t('qualification.criterionAnswer.uploading') : t('qualification.criterionAnswer.uploadEvidence')}
                <input type="file" aria-label={label('qualification.field.uploadEvidence')} style={{ display: 'none' }} disabled={upload.isPending || files.length >= 10}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    e.target.value = '';
                    if (f) upload.mutate(f);
                  }} />
              </label>
            </Space>
          </div>
          {upload.isError && <AppErrorAlert error={upload.error} />}
          {localError && <Typography.Text type="danger" role="alert">{localError}</Typography.Text>}
          {save.isError && <AppErrorAlert error={save.error} />}
          <div>
            <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={save.isPending} disabled={statement.trim() === '' || upload.isPending} onClick={submit}
              aria-label={t('qualification.criterionAnswer.saveAnswer', { code: c.code })}>
              {t('qualification.criterionAnswer.saveAnswer2')}
            </Button>
            {item.answer && (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {t('qualification.criterionAnswer.versionSaved', { version: item.answer.version, submittedAt: formatBeijingDateTime(Date.parse(item.answer.submittedAt)) })}
              </Typography.Text>
            )}
          </div>
        </div>
      ) : item.answer ? (
        <Descriptions size="small" column={1} className="ebid-gap-top"
          items={[
            { key: 's', label: t('qualification.criterionAnswer.myStatement'), children: item.answer.statement },
            ...(item.answer.value !== null ? [{ key: 'v', label: t('qualification.value'), children: formatValue(item.answer.value, c.unit) }] : []),
            {
              key: 'f',
              label: t('qualification.evidence'),
              children: item.answer.evidence.length === 0 ? '—' : (
                <Space orientation="vertical">{item.answer.evidence.map((e, i) => <a key={e.uploadId} href={evidenceUrl(item.answer!.id, i)}>{e.fileName}</a>)}</Space>
              ),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('qualification.answered')}</Typography.Text>
      )}
    </Card>
  );
}
