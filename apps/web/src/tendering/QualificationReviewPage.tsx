import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Empty, Input, List, Radio, Space, Spin, Tag, Typography } from 'antd';
import { AuditOutlined, CheckCircleOutlined, PaperClipOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sectionOutcomes, statusFamilyOf } from '@ebid/domain';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useT } from '../i18n.ts';
import { CATEGORY_LABELS, evidenceUrl, formatValue, HINT_LABELS } from './qualification-labels.ts';

type Applicants = RouterOutputs['qualification']['applicants'];
type Applicant = Applicants['applicants'][number];
type Criterion = Applicants['criteria'][number];


/**
 * 资格审查 (center staff; supervisors read): projects in PREQUALIFICATION, then per applicant × criterion
 * the answer, the hint, the evidence, and the reviewer's 通过/不通过 with a written 理由 ('保存意见');
 * '完成资格审查' asks for confirmation with how many qualify (fewer than the minimum fails the project).
 */
export function QualificationReviewPage() {
  const t = useT();
  const api = useApi();
  const queue = useQuery({ queryKey: ['qualification', 'reviewQueue'], queryFn: () => api.qualification.reviewQueue.query() });
  const [projectId, setProjectId] = useState<number | null>(null);
  const [done, setDone] = useState<RouterOutputs['qualification']['completeReview'] | null>(null);
  return (
    <div className="ebid-stack">
      {done && (
        <Alert
          type={done.status === 'FAILED' ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setDone(null)}
          data-testid="review-complete"
          title={
            done.status === 'FAILED'
              ? t('qualification.reviewPage.reviewCompleteQualified', { qualifiedCount: done.qualifiedCount })
              : t('qualification.reviewPage.reviewCompleteQualifiedBidding', { qualifiedCount: done.qualifiedCount })
          }
          description={
            done.status !== 'FAILED' && done.failedSections.length > 0
              ? t('qualification.reviewPage.sectionsFailedAlone', { sections: done.failedSections.join(t('common.listSeparator')) })
              : undefined
          }
        />
      )}
      <Card title={<h2 className="ebid-card-title">{t('qualification.reviewPage.qualificationReview')}</h2>}>
        {queue.isError ? (
          <AppErrorAlert error={queue.error} onRetry={() => void queue.refetch()} />
        ) : queue.isPending ? (
          <Spin />
        ) : queue.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.reviewPage.projectInPrequalification')} />
        ) : (
          <List
            data-testid="review-queue"
            dataSource={queue.data}
            renderItem={(q) => (
              <List.Item
                actions={[
                  <Button key="open" type={q.projectId === projectId ? 'primary' : 'default'} icon={<AuditOutlined aria-hidden />} onClick={() => setProjectId(q.projectId)}
                    aria-label={t('qualification.reviewPage.review', { name: q.name })}>
                    {t('qualification.reviewPage.review2')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={`${q.name}（${q.unifiedDealCode}）`}
                  description={
                    <Space wrap>
                      <span>{q.applicantCount === null ? t('common.secretBeforeDeadline') : t('qualification.reviewPage.applicants', { applicantCount: q.applicantCount })}</span>
                      {q.prequalReviewEnd && (
                        <span>{t('qualification.reviewPage.reviewDue', { prequalReviewEnd: formatBeijingDateTime(Date.parse(q.prequalReviewEnd)) })}</span>
                      )}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {projectId !== null && (
        <ProjectReview
          key={projectId}
          projectId={projectId}
          onCompleted={(r) => {
            setDone(r);
            setProjectId(null);
          }}
        />
      )}
    </div>
  );
}

function ProjectReview({ projectId, onCompleted }: { projectId: number; onCompleted: (r: RouterOutputs['qualification']['completeReview']) => void }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { modal } = AntApp.useApp();
  const key = ['qualification', 'applicants', projectId];
  const data = useQuery({ queryKey: key, queryFn: () => api.qualification.applicants.query({ projectId }) });
  const project = useQuery({ queryKey: ['project', 'get', projectId], queryFn: () => api.project.get.query({ projectId }) });
  const complete = useMutation({
    mutationFn: () => api.qualification.completeReview.mutate({ projectId }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['qualification'] });
      await queryClient.invalidateQueries({ queryKey: ['project', 'get', projectId] });
      onCompleted(r);
    },
  });
  if (data.isError) return <AppErrorAlert error={data.error} onRetry={() => void data.refetch()} />;
  if (data.isPending) return <Spin />;
  const d = data.data;
  const undecided = d.applicants.filter((a) => a.outcome === 'pending').length;
  const qualifiedNow = d.applicants.filter((a) => a.outcome === 'qualified').length;
  const codes = project.data?.sections.map((s) => s.code) ?? [...new Set(d.applicants.map((a) => a.sectionCode))];
  const counts = Object.fromEntries(codes.map((c) => [c, d.applicants.filter((a) => a.sectionCode === c && a.outcome === 'qualified').length]));
  // Issue 16 §7: a short section fails alone; the project fails only when every section does.
  const outcome = sectionOutcomes(counts, d.minQualified);
  const minCount = codes.length ? Math.min(...codes.map((c) => counts[c]!)) : 0;
  const willFail = outcome.projectFails;
  const confirm = () =>
    void modal.confirm({
      title: t('qualification.review.completeReview'),
      content: (
        <div data-testid="complete-confirm">
          <p>{t('qualification.review.applicantsQualifiedFewest', { length: d.applicants.length, qualifiedNow, minCount })}</p>
          <p>{t('qualification.review.sectionFewerThan', { minQualified: d.minQualified })}</p>
          {willFail && <Alert type="warning" showIcon title={t('qualification.review.theseDecisionsTender')} />}
          {!willFail && outcome.failed.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="sections-will-fail"
              title={t('qualification.review.sectionsWillFail', { sections: outcome.failed.join(t('common.listSeparator')) })}
            />
          )}
          <p>{t('qualification.review.eachApplicantThen')}</p>
        </div>
      ),
      okText: t('qualification.review.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => complete.mutateAsync(),
    });
  return (
    <Card
      title={<h2 className="ebid-card-title">{project.data ? `${project.data.name}（${project.data.unifiedDealCode}）` : t('qualification.review.applicants')}</h2>}
      data-testid="project-review"
    >
      <div className="ebid-stack">
        {d.applicants.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.review.applicants2')} />}
        {d.applicants.map((a) => (
          <ApplicantCard key={a.registrationId} applicant={a} criteria={d.criteria} projectId={projectId} editable={d.projectStatus === 'PREQUALIFICATION' && a.status === 'applied'} />
        ))}
        {complete.isError && <AppErrorAlert error={complete.error} />}
        <Space wrap>
          <Button type="primary" icon={<CheckCircleOutlined aria-hidden />} onClick={confirm} loading={complete.isPending} disabled={d.projectStatus !== 'PREQUALIFICATION'}>
            {t('qualification.review.completeReview2')}
          </Button>
          {undecided > 0 && (
            <Typography.Text type="secondary">{t('qualification.review.applicantsStillUndecided', { undecided })}</Typography.Text>
          )}
        </Space>
      </div>
    </Card>
  );
}

function ApplicantCard({ applicant, criteria, projectId, editable }: { applicant: Applicant; criteria: Criterion[]; projectId: number; editable: boolean }) {
  const t = useT();
  const outcome = (
    <StatusTag family={statusFamilyOf('registration', applicant.outcome === 'pending' ? 'applied' : applicant.outcome)}>
      {t(applicant.outcome === 'qualified' ? 'qualification.applicantCard.qualified' : applicant.outcome === 'disqualified' ? 'qualification.applicantCard.qualified2' : 'qualification.applicantCard.pending')}
    </StatusTag>
  );
  return (
    <Card type="inner" title={`${applicant.companyName} · ${applicant.sectionCode} ${applicant.sectionName}`} extra={outcome} data-testid={`applicant-${applicant.registrationId}`}>
      <div className="ebid-stack">
        {applicant.items.map((it) => {
          const c = criteria.find((x) => x.id === it.criterionId)!;
          return <CriterionReview key={it.criterionId} applicant={applicant} criterion={c} item={it} projectId={projectId} editable={editable} />;
        })}
      </div>
    </Card>
  );
}

function CriterionReview({ applicant, criterion: c, item, projectId, editable }: { applicant: Applicant; criterion: Criterion; item: Applicant['items'][number]; projectId: number; editable: boolean }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [pass, setPass] = useState<boolean | null>(item.decision?.pass ?? null);
  const [reason, setReason] = useState(item.decision?.reason ?? '');
  const save = useMutation({
    mutationFn: () => api.qualification.decide.mutate({ registrationId: applicant.registrationId, criterionId: c.id, pass: pass!, reason: reason.trim() }),
    onSuccess: async () => {
      void message.success(t('qualification.criterionReview.decisionSaved'));
      await queryClient.invalidateQueries({ queryKey: ['qualification', 'applicants', projectId] });
    },
  });
  const a = item.answer;
  const who = `${applicant.companyName} ${c.code}`;
  return (
    <Card size="small" type="inner" data-testid={`review-${applicant.registrationId}-${c.id}`}
      title={<span>{c.code} {c.title} <Tag>{t(CATEGORY_LABELS[c.category])}</Tag></span>}
      extra={<StatusTag family={statusFamilyOf('answerHint', item.hint)} testId="answer-hint">{t('qualification.criterionReview.hint', { hint: t(HINT_LABELS[item.hint]) })}</StatusTag>}
    >
      <Descriptions size="small" column={1}
        items={[
          { key: 'req', label: t('qualification.requirement'), children: c.requirement + (c.minValue !== null ? `（${t('qualification.criterionReview.threshold')} ${formatValue(c.minValue, c.unit)}）` : '') },
          { key: 'stmt', label: t('qualification.criterionReview.statement'), children: a ? a.statement : t('qualification.answered') },
          ...(a && a.value !== null ? [{ key: 'v', label: t('qualification.value'), children: formatValue(a.value, c.unit) }] : []),
          {
            key: 'ev',
            label: t('qualification.evidence'),
            children:
              a && a.evidence.length > 0 ? (
                <Space orientation="vertical">
                  {a.evidence.map((e, i) => (
                    <a key={e.uploadId} href={evidenceUrl(a.id, i)}>
                      <PaperClipOutlined aria-hidden /> {e.fileName}
                    </a>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {editable ? (
        <div className="ebid-stack ebid-gap-top">
          <Radio.Group
            aria-label={t('qualification.criterionReview.decision', { who })}
            value={pass}
            onChange={(e) => setPass(e.target.value as boolean)}
            options={[
              { value: true, label: t('qualification.pass') },
              { value: false, label: t('qualification.fail') },
            ]}
          />
          <label>
            <div>{t('qualification.criterionReview.reason')}</div>
            <Input.TextArea aria-label={t('qualification.criterionReview.reason2', { who })} maxLength={1000} autoSize={{ minRows: 2 }} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          {save.isError && <AppErrorAlert error={save.error} />}
          <div>
            <Button icon={<SaveOutlined aria-hidden />} loading={save.isPending} disabled={pass === null || reason.trim().length < 2} onClick={() => save.mutate()}
              aria-label={t('qualification.criterionReview.saveDecision', { who })}>
              {t('qualification.criterionReview.saveDecision2')}
            </Button>
            {item.decision && (
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {t('qualification.criterionReview.saved', { decision: t(item.decision.pass ? 'qualification.criterionReview.savedPass' : 'qualification.criterionReview.savedFail'), reviewer: item.decision.reviewerName ?? '', decidedAt: formatBeijingDateTime(Date.parse(item.decision.decidedAt)) })}
              </Typography.Text>
            )}
          </div>
        </div>
      ) : item.decision ? (
        <Typography.Paragraph className="ebid-gap-top">
          <StatusTag family={statusFamilyOf('qualificationDecision', item.decision.pass ? 'pass' : 'fail')}>{t(item.decision.pass ? 'qualification.pass' : 'qualification.fail')}</StatusTag> {item.decision.reason}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}
