/**
 * The evaluation report (issue 22 §5; S11): the sealed PDF to download and read, the member's signature over
 * its exact bytes (downloaded, checked against the SHA-256 on screen, signed in this browser), a written
 * dissent (recorded before signing; the report is re-sealed with it) and who has signed.
 */
import { App as AntApp, Alert, Button, Card, Descriptions, Input, List, Popconfirm, Space, Typography } from 'antd';
import { DownloadOutlined, FormOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import type { BidKeys } from '../bids/seal-upload.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { fmtTime, TEXT_STYLE } from '../opening/ui.tsx';
import { EVAL_KEYS, reportUrl, type EvaluationView, type ReportView } from './model.ts';
import { signReportPdf } from './sign.ts';
import { DoneTag } from './words.tsx';

export function ReportCard({ view, keys }: { view: EvaluationView; keys: BidKeys | null }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: EVAL_KEYS.report(view.id), queryFn: () => api.evaluation.report.query({ evaluationId: view.id }) });
  const setReport = (r: ReportView) => {
    qc.setQueryData(EVAL_KEYS.report(view.id), r);
    void qc.invalidateQueries({ queryKey: EVAL_KEYS.get(view.id) });
  };
  const sign = useMutation({
    mutationFn: async () => {
      const sha = q.data?.reportSha256;
      if (!sha) throw new Error('no report');
      const s = await signReportPdf(view.id, sha, keys);
      return api.evaluation.signReport.mutate({ evaluationId: view.id, reportSha256: s.sha256, signatureBase64: s.signatureBase64 });
    },
    onSuccess: (r) => {
      setReport(r);
      void message.success(t('evaluation.report.signedDone'));
    },
  });
  const r = q.data;
  const mine = r?.me;
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.step.report')}</h2>} data-testid="evaluation-report">
      {q.isError && <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {r && !r.reportSha256 && <Alert type="info" showIcon title={t('evaluation.report.notYet')} />}
      {r?.reportSha256 && (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'pdf',
                label: t('evaluation.report.pdf'),
                children: (
                  <a href={`${reportUrl(view.id)}?sha256=${r.reportSha256}`} target="_blank" rel="noopener noreferrer" data-testid="evaluation-report-download">
                    <DownloadOutlined aria-hidden /> {t('evaluation.report.download')}
                  </a>
                ),
              },
              { key: 'sha', label: 'SHA-256', children: <span className="ebid-mono ebid-small" data-testid="evaluation-report-sha">{r.reportSha256}</span> },
              { key: 'sealed', label: t('evaluation.report.sealedAt'), children: fmtTime(r.sealedAt) },
              { key: 'mine', label: t('evaluation.report.mySignature'), children: <DoneTag done={!!mine?.signedAt} yes="evaluation.report.signed" no="evaluation.report.unsigned" testId="evaluation-report-my-state" /> },
            ]}
          />
          {/* A failed evaluation's report (O2: why it stopped) is signed like any other until all have signed. */}
          {mine && !mine.signedAt && (view.status === 'reporting' || (view.status === 'failed' && !r.signedAt)) && (
            <>
              <Typography.Paragraph type="secondary" className="ebid-gap-top">{t('evaluation.report.signIntro')}</Typography.Paragraph>
              <Popconfirm title={t('evaluation.report.signConfirm')} okText={t('evaluation.report.sign')} cancelText={t('common.cancel')} onConfirm={() => sign.mutate()} disabled={!keys}>
                <Button type="primary" icon={<FormOutlined aria-hidden />} loading={sign.isPending} disabled={!keys} data-testid="evaluation-report-sign">
                  {t('evaluation.report.sign')}
                </Button>
              </Popconfirm>
              {sign.isError && <AppErrorAlert error={sign.error} focus />}
              <DissentForm view={view} report={r} onReport={setReport} />
            </>
          )}
          <section className="ebid-gap-top" data-testid="evaluation-report-signatures">
            <h3 className="ebid-card-title">{t('evaluation.report.signatures', { signed: r.signatures.length, total: r.signatures.length + r.pending.length })}</h3>
            <List
              size="small"
              dataSource={[...r.signatures.map((s) => ({ key: s.memberUserId, name: s.name, at: s.signedAt as string | null })), ...r.pending.map((p) => ({ key: p.memberUserId, name: p.name, at: null }))]}
              renderItem={(x) => (
                <List.Item>
                  <Space>
                    <span>{x.name}</span>
                    <DoneTag done={!!x.at} yes="evaluation.report.signed" no="evaluation.report.unsigned" />
                    {x.at && <Typography.Text type="secondary">{fmtTime(x.at)}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          </section>
          {r.dissents.length > 0 && (
            <section className="ebid-gap-top" data-testid="evaluation-report-dissents">
              <h3 className="ebid-card-title">{t('evaluation.dissent.list')}</h3>
              {r.dissents.map((d) => (
                <div key={d.memberUserId}>
                  <Typography.Text strong>{d.name}</Typography.Text> <Typography.Text type="secondary">{fmtTime(d.at)}</Typography.Text>
                  <p style={TEXT_STYLE}>{d.text}</p>
                </div>
              ))}
            </section>
          )}
        </>
      )}
    </Card>
  );
}

/** S11: a written dissent (1–2000 characters) before the member signs; the report is re-sealed with it. */
function DissentForm({ view, report, onReport }: { view: EvaluationView; report: ReportView; onReport: (r: ReportView) => void }) {
  const t = useT();
  const api = useApi();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const record = useMutation({ mutationFn: () => api.evaluation.recordDissent.mutate({ evaluationId: view.id, text: text.trim() }), onSuccess: (r) => { setText(''); setTouched(false); onReport(r); } });
  const withdraw = useMutation({ mutationFn: () => api.evaluation.withdrawDissent.mutate({ evaluationId: view.id }), onSuccess: onReport });
  const empty = text.trim() === '';
  return (
    <section className="ebid-gap-top" data-testid="evaluation-dissent">
      <h3 className="ebid-card-title">{t('evaluation.dissent.title')}</h3>
      {report.me?.dissent ? (
        <>
          <p style={TEXT_STYLE} data-testid="evaluation-dissent-mine">{report.me.dissent}</p>
          <Button onClick={() => withdraw.mutate()} loading={withdraw.isPending} data-testid="evaluation-dissent-withdraw">
            {t('evaluation.dissent.withdraw')}
          </Button>
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('evaluation.dissent.intro')}</Typography.Paragraph>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={() => setTouched(true)}
            aria-label={t('evaluation.dissent.title')}
            aria-invalid={touched && empty}
            status={touched && empty ? 'error' : undefined}
            data-testid="evaluation-dissent-text"
          />
          {touched && empty && <Typography.Text type="danger" className="ebid-small">{t('evaluation.dissent.required')}</Typography.Text>}
          <div className="ebid-gap-top">
            <Button onClick={() => (empty ? setTouched(true) : record.mutate())} loading={record.isPending} data-testid="evaluation-dissent-record">
              {t('evaluation.dissent.record')}
            </Button>
          </div>
        </>
      )}
      {record.isError && <AppErrorAlert error={record.error} focus />}
      {withdraw.isError && <AppErrorAlert error={withdraw.error} focus />}
    </section>
  );
}
