import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, DeleteOutlined, PaperClipOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { pick, useLang } from '../i18n.ts';
import { yuanToFen } from '../money.ts';
import { CATEGORY_LABELS, evidenceUrl, formatValue, valueToInput } from './qualification-labels.ts';
import { uploadFile, type UploadedFile } from './upload.ts';

type Project = RouterOutputs['project']['get'];
type Mine = RouterOutputs['qualification']['mineForProject'][number];
type Item = Mine['items'][number];

const STATUS_LABELS = {
  applied: { zh: '已报名', en: 'Applied' },
  qualified: { zh: '合格', en: 'Qualified' },
  disqualified: { zh: '不合格', en: 'Not qualified' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
} as const;

/**
 * 资格条件答复 (bidder, issue 5 §5): for each of my company's registrations in the project, every
 * criterion with its requirement and my answer — 声明, 数值 (yuan for money thresholds) and evidence files —
 * saved per criterion with '保存答复' until the deadline; after the review, 合格/不合格 with the reasons.
 */
export function QualificationAnswersPanel({ project }: { project: Project }) {
  const { lang } = useLang();
  const api = useApi();
  const mine = useQuery({
    queryKey: ['qualification', 'mineForProject', project.id],
    queryFn: () => api.qualification.mineForProject.query({ projectId: project.id }),
  });
  const title = <h2 className="ebid-card-title">{pick(lang, { zh: '资格条件答复', en: 'Qualification answers' })}</h2>;
  if (mine.isError) return <Card title={title}><AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /></Card>;
  if (mine.isPending) return <Card title={title}><Spin /></Card>;
  if (mine.data.length === 0) {
    return (
      <Card title={title}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '报名后可在此答复资格条件', en: 'Register for a section to answer the criteria' })} />
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
  const { lang } = useLang();
  const projectId = project.id;
  const r = mine.registration;
  // The server's answer at the time of the query, re-judged by the same rule as the server clock moves (issue 16 §4).
  const availability = useAvailability('qualification.answer', project);
  const open = mine.answersOpen && availability?.enabled !== false;
  const notice = !mine.decided && r.status === 'applied' && availability?.enabled === false;
  const resultTag =
    r.status === 'qualified' ? (
      <Tag color="green" icon={<CheckCircleOutlined aria-hidden />} data-testid="qualification-result">{pick(lang, STATUS_LABELS.qualified)}</Tag>
    ) : r.status === 'disqualified' ? (
      <Tag color="red" icon={<CloseCircleOutlined aria-hidden />} data-testid="qualification-result">{pick(lang, STATUS_LABELS.disqualified)}</Tag>
    ) : (
      <Tag>{pick(lang, STATUS_LABELS[r.status])}</Tag>
    );
  return (
    <Card type="inner" title={`${r.sectionCode} ${r.sectionName}`} extra={resultTag} data-testid={`registration-answers-${r.id}`}>
      {mine.decided && r.decisionNote && (
        <Alert type={r.status === 'qualified' ? 'success' : 'error'} showIcon style={{ marginBottom: 12 }}
          title={pick(lang, { zh: '资格审查结果说明', en: 'Review result' })} description={r.decisionNote} />
      )}
      <Typography.Paragraph type="secondary">
        {mine.answersCloseAt
          ? pick(lang, { zh: `答复截止时间：${formatBeijingDateTime(Date.parse(mine.answersCloseAt))}（北京时间）`, en: `Answers close at ${formatBeijingDateTime(Date.parse(mine.answersCloseAt))} (Beijing time)` })
          : null}
        {!open && !mine.decided && !notice && ` ${pick(lang, { zh: '答复已截止。', en: 'Answers are closed.' })}`}
      </Typography.Paragraph>
      {notice && <AvailabilityNotice availability={availability} testId={`answers-unavailable-${r.id}`} />}
      {mine.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '本项目未设置资格条件', en: 'No criteria' })} />
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
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '答复已保存', en: 'Answer saved' }));
      await queryClient.invalidateQueries({ queryKey: ['qualification', 'mineForProject', projectId] });
    },
  });
  const submit = () => {
    setLocalError(null);
    let v: number | null = null;
    if (value.trim() !== '') {
      v = c.unit === 'fen' ? yuanToFen(value) : /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
      if (v === null) {
        setLocalError(pick(lang, { zh: '数值格式不正确', en: 'The value is not a valid number' }));
        return;
      }
    }
    save.mutate(v);
  };
  const label = (zh: string, en: string) => pick(lang, { zh: `${c.code} ${zh}`, en: `${c.code} ${en}` });
  const d = item.decision;
  return (
    <Card size="small" type="inner" data-testid={`criterion-answer-${c.id}`}
      title={<span>{c.code} {c.title} <Tag>{pick(lang, CATEGORY_LABELS[c.category])}</Tag></span>}
      extra={decided && d ? (d.pass ? <Tag color="green">{pick(lang, { zh: '通过', en: 'Pass' })}</Tag> : <Tag color="red">{pick(lang, { zh: '不通过', en: 'Fail' })}</Tag>) : null}
    >
      <Descriptions size="small" column={1}
        items={[
          { key: 'req', label: pick(lang, { zh: '要求', en: 'Requirement' }), children: c.requirement },
          ...(c.minValue !== null ? [{ key: 'min', label: pick(lang, { zh: '门槛', en: 'Threshold' }), children: formatValue(c.minValue, c.unit) }] : []),
          { key: 'ev', label: pick(lang, { zh: '证明材料', en: 'Evidence' }), children: c.evidenceRequired ? pick(lang, { zh: '必须提供', en: 'Required' }) : pick(lang, { zh: '可选', en: 'Optional' }) },
          ...(decided && d ? [{ key: 'reason', label: pick(lang, { zh: '审查理由', en: 'Reviewer’s reason' }), children: d.reason }] : []),
        ]}
      />
      {open ? (
        <div className="ebid-stack ebid-gap-top">
          <label>
            <div>{pick(lang, { zh: '声明', en: 'Statement' })}</div>
            <Input.TextArea aria-label={label('声明', 'statement')} maxLength={2000} autoSize={{ minRows: 2 }} value={statement} onChange={(e) => setStatement(e.target.value)} />
          </label>
          {c.minValue !== null && (
            <label>
              <div>{c.unit === 'fen' ? pick(lang, { zh: '数值（元）', en: 'Value (yuan)' }) : pick(lang, { zh: '数值', en: 'Value' })}</div>
              <Input aria-label={label('数值', 'value')} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} style={{ maxWidth: 240 }} />
            </label>
          )}
          <div>
            <div>{pick(lang, { zh: '证明材料', en: 'Evidence files' })}</div>
            <Space orientation="vertical">
              {files.map((f) => (
                <Space key={f.uploadId}>
                  <PaperClipOutlined aria-hidden />
                  {f.href ? <a href={f.href}>{f.fileName}</a> : <span>{f.fileName}</span>}
                  <Button size="small" type="text" aria-label={pick(lang, { zh: `移除 ${f.fileName}`, en: `Remove ${f.fileName}` })} icon={<DeleteOutlined aria-hidden />}
                    onClick={() => setFiles(files.filter((x) => x.uploadId !== f.uploadId))} />
                </Space>
              ))}
              <label className="ant-btn ant-btn-default" style={{ cursor: 'pointer' }}>
                <UploadOutlined aria-hidden /> {upload.isPending ? pick(lang, { zh: '上传中…', en: 'Uploading…' }) : pick(lang, { zh: '上传证明材料', en: 'Upload evidence' })}
                <input type="file" aria-label={label('上传证明材料', 'upload evidence')} style={{ display: 'none' }} disabled={upload.isPending || files.length >= 10}
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
              aria-label={pick(lang, { zh: `保存答复 ${c.code}`, en: `Save answer ${c.code}` })}>
              {pick(lang, { zh: '保存答复', en: 'Save answer' })}
            </Button>
            {item.answer && (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {pick(lang, { zh: `已保存第${item.answer.version}版，${formatBeijingDateTime(Date.parse(item.answer.submittedAt))}`, en: `Version ${item.answer.version} saved ${formatBeijingDateTime(Date.parse(item.answer.submittedAt))}` })}
              </Typography.Text>
            )}
          </div>
        </div>
      ) : item.answer ? (
        <Descriptions size="small" column={1} className="ebid-gap-top"
          items={[
            { key: 's', label: pick(lang, { zh: '我的声明', en: 'My statement' }), children: item.answer.statement },
            ...(item.answer.value !== null ? [{ key: 'v', label: pick(lang, { zh: '数值', en: 'Value' }), children: formatValue(item.answer.value, c.unit) }] : []),
            {
              key: 'f',
              label: pick(lang, { zh: '证明材料', en: 'Evidence' }),
              children: item.answer.evidence.length === 0 ? '—' : (
                <Space orientation="vertical">{item.answer.evidence.map((e, i) => <a key={e.uploadId} href={evidenceUrl(item.answer!.id, i)}>{e.fileName}</a>)}</Space>
              ),
            },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{pick(lang, { zh: '未答复', en: 'Not answered' })}</Typography.Text>
      )}
    </Card>
  );
}
