/**
 * The bids under review (issue 22 §1, §6): label, bidder, the opening's price and its ceiling flag; each
 * bid's decrypted parts to view (each view is audited by the server); while the technical part is blind,
 * the blind parts by their blind label only; the clarifications asked of the bidders and their answers.
 */
import { useState } from 'react';
import { Button, Card, List, Space, Table, Typography } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api.ts';
import { PART_LABELS } from '../bids/seal-upload.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { pick, useLang, useT } from '../i18n.ts';
import { formatFen } from '../money.ts';
import { fmtTime, TEXT_STYLE } from '../opening/ui.tsx';
import { EVAL_KEYS, type EvaluationView } from './model.ts';

type Bid = NonNullable<EvaluationView['bids']>[number];

export function BidsCard({ view }: { view: EvaluationView }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.bids.title')}</h2>} data-testid="evaluation-bids">
      <Table<Bid>
        size="small"
        rowKey="label"
        pagination={false}
        dataSource={view.bids ?? []}
        columns={[
          { key: 'label', title: t('evaluation.bids.label'), dataIndex: 'label' },
          { key: 'bidder', title: t('evaluation.bids.bidder'), dataIndex: 'bidderName' },
          {
            key: 'price',
            title: t('evaluation.bids.price'),
            render: (_: unknown, b: Bid) => (
              <Space size={4} wrap>
                <span className="ebid-mono">{formatFen(b.priceFen)}</span>
                {b.aboveCeiling && (
                  <StatusTag family="failed" testId={`evaluation-above-ceiling-${b.label}`}>
                    {t('evaluation.bids.aboveCeiling')}
                  </StatusTag>
                )}
              </Space>
            ),
          },
          ...(view.blindTechnical ? [{ key: 'blind', title: t('evaluation.bids.blindLabel'), render: (_: unknown, b: Bid) => b.blindLabel ?? '—' }] : []),
          {
            key: 'parts',
            title: t('table.actions'),
            render: (_: unknown, b: Bid) => (
              <Button size="small" icon={<FileSearchOutlined aria-hidden />} aria-expanded={open === b.label} onClick={() => setOpen(open === b.label ? null : b.label)} data-testid={`evaluation-parts-${b.label}`}>
                {t('evaluation.bids.parts')}
              </Button>
            ),
          },
        ]}
      />
      {view.priceCeilingFen !== null && (
        <Typography.Paragraph type="secondary" className="ebid-gap-top">
          {t('evaluation.bids.ceiling', { amount: formatFen(view.priceCeilingFen) })}
        </Typography.Paragraph>
      )}
      {open && <BidParts key={open} evaluationId={view.id} label={open} />}
      {view.blindParts && view.blindParts.length > 0 && (
        <section className="ebid-gap-top" data-testid="evaluation-blind-parts">
          <h3 className="ebid-card-title">{t('evaluation.bids.blindParts')}</h3>
          <Typography.Paragraph type="secondary">{t('evaluation.bids.blindIntro')}</Typography.Paragraph>
          <Space wrap>
            {view.blindParts.map((p) => (
              <a key={p.blindLabel} href={p.partUrl} target="_blank" rel="noopener noreferrer">
                {p.blindLabel}
              </a>
            ))}
          </Space>
        </section>
      )}
      <Clarifications view={view} />
    </Card>
  );
}

function BidParts({ evaluationId, label }: { evaluationId: number; label: string }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const q = useQuery({ queryKey: EVAL_KEYS.parts(evaluationId, label), queryFn: () => api.evaluation.bidParts.query({ evaluationId, label }) });
  return (
    <section className="ebid-gap-top" data-testid={`evaluation-bid-parts-${label}`}>
      <h3 className="ebid-card-title">{t('evaluation.bids.partsOf', { label })}</h3>
      {q.isError && <AppErrorAlert error={q.error} />}
      {q.data && (
        <List
          size="small"
          dataSource={q.data.parts}
          locale={{ emptyText: t('evaluation.bids.noParts') }}
          renderItem={(p) => (
            <List.Item>
              <a href={p.partUrl} target="_blank" rel="noopener noreferrer">
                {pick(lang, PART_LABELS[p.part])}
              </a>
              <Typography.Text type="secondary" className="ebid-small ebid-mono">
                {(p.size / 1024).toFixed(1)} KB · SHA-256 {p.sha256.slice(0, 16)}…
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}

function Clarifications({ view }: { view: EvaluationView }) {
  const t = useT();
  const api = useApi();
  const q = useQuery({ queryKey: EVAL_KEYS.clarifications(view.id), queryFn: () => api.evaluation.clarifications.query({ evaluationId: view.id }) });
  if (!q.data?.length && !q.isError) return null;
  return (
    <section className="ebid-gap-top" data-testid="evaluation-clarifications">
      <h3 className="ebid-card-title">{t('evaluation.clarify.list')}</h3>
      {q.isError && <AppErrorAlert error={q.error} />}
      <List
        size="small"
        dataSource={q.data ?? []}
        renderItem={(c) => (
          <List.Item>
            <div>
              <Typography.Text strong>{c.label}</Typography.Text>{' '}
              <Typography.Text type="secondary" className="ebid-small">
                {t('evaluation.clarify.asked', { at: fmtTime(c.askedAt), by: fmtTime(c.answerBy) })}
              </Typography.Text>
              <p style={TEXT_STYLE}>{c.question}</p>
              {c.answer ? (
                <p style={TEXT_STYLE}>
                  <Typography.Text type="success">{t('evaluation.clarify.answer', { at: fmtTime(c.answeredAt) })}</Typography.Text> {c.answer}
                </p>
              ) : (
                <Typography.Text type="secondary">{t('evaluation.clarify.unanswered')}</Typography.Text>
              )}
            </div>
          </List.Item>
        )}
      />
    </section>
  );
}
