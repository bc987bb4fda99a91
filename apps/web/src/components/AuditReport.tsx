import { Alert, Descriptions, Table, Typography } from 'antd';
import { statusFamilyOf } from '@ebid/domain';
import type { RouterOutputs } from '../api.ts';
import { useT, type MessageKey, type TFunction } from '../i18n.ts';
import { StatusTag } from './StatusTag.tsx';

export type VerifyReport = RouterOutputs['audit']['verify'];
type ChainReport = VerifyReport['chains'][number];

const PROBLEM_KEYS: Record<string, MessageKey> = {
  HASH_MISMATCH: 'audit.problem.HASH_MISMATCH',
  PAYLOAD_HASH_MISMATCH: 'audit.problem.PAYLOAD_HASH_MISMATCH',
  PREV_HASH_MISMATCH: 'audit.problem.PREV_HASH_MISMATCH',
  SEQ_GAP: 'audit.problem.SEQ_GAP',
  HEAD_MISMATCH: 'audit.problem.HEAD_MISMATCH',
};

/** A broken-link code with its explanation: "PAYLOAD_HASH_MISMATCH（事件内容与其哈希不符…）". */
export function problemText(t: TFunction, problem: string): string {
  const code = /^[A-Z_]+/.exec(problem)?.[0] ?? problem;
  const key = PROBLEM_KEYS[code];
  return key ? `${problem} — ${t(key)}` : problem;
}

export function chainLabel(t: TFunction, chain: string): string {
  const m = /^project:(\d+)$/.exec(chain);
  return chain === 'platform' ? t('audit.chain.platform') : m ? t('audit.chain.project', { id: m[1] ?? '' }) : chain;
}

/** The result of audit.verify: all green in words when whole, otherwise every problem found, as text. */
export function AuditReport({ report }: { report: VerifyReport }) {
  const t = useT();
  const events = report.chains.reduce((n, c) => n + c.events, 0);
  const broken = report.chains.filter((c) => !c.ok);
  const objectProblems = [
    ...report.objects.missing.map((o) => ({ ...o, kind: 'missing' as const })),
    ...report.objects.corrupted.map((o) => ({ ...o, kind: 'corrupted' as const })),
  ];
  return (
    <div className="ebid-stack" data-testid="audit-report" data-ok={report.ok ? 'true' : 'false'}>
      {report.ok ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('audit.verify.ok')}
          description={t('audit.verify.summary', {
            chains: report.chains.length,
            events,
            objects: report.objects.checked,
            checkpoints: report.checkpoints.checked,
          })}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('audit.verify.failed')}
          description={t('audit.verify.failedSummary', {
            chains: broken.length,
            objects: objectProblems.length,
            checkpoints: report.checkpoints.problems.length,
          })}
        />
      )}
      <section aria-labelledby="audit-chains-title">
        <Typography.Title level={3} id="audit-chains-title" className="ebid-section-title">
          {t('audit.verify.chains')}
        </Typography.Title>
        <Table<ChainReport>
          rowKey="chain"
          size="small"
          pagination={false}
          dataSource={report.chains}
          data-testid="audit-chains"
          columns={[
            { key: 'chain', title: t('audit.chain'), render: (_v, c) => `${chainLabel(t, c.chain)} (${c.chain})` },
            { key: 'events', title: t('audit.verify.events'), dataIndex: 'events' },
            {
              key: 'ok',
              title: t('audit.verify.result'),
              render: (_v, c) =>
                c.ok ? (
                  <StatusTag family={statusFamilyOf('auditCheck', 'ok')}>
                    {t('audit.verify.chainOk')}
                  </StatusTag>
                ) : (
                  <StatusTag family={statusFamilyOf('auditCheck', 'broken')}>
                    {t('audit.verify.chainBroken')}
                  </StatusTag>
                ),
            },
            {
              key: 'broken',
              title: t('audit.verify.firstBroken'),
              render: (_v, c) =>
                c.firstBroken ? (
                  <Descriptions
                    size="small"
                    column={1}
                    data-testid="audit-first-broken"
                    items={[
                      { key: 'seq', label: t('audit.seq'), children: c.firstBroken.seq },
                      { key: 'event', label: t('audit.eventId'), children: c.firstBroken.eventId },
                      { key: 'problem', label: t('audit.problem'), children: problemText(t, c.firstBroken.problem) },
                    ]}
                  />
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </section>
      <section aria-labelledby="audit-objects-title">
        <Typography.Title level={3} id="audit-objects-title" className="ebid-section-title">
          {t('audit.verify.objects', { n: report.objects.checked })}
        </Typography.Title>
        {objectProblems.length === 0 ? (
          <Typography.Paragraph>{t('audit.verify.objectsOk')}</Typography.Paragraph>
        ) : (
          <Table
            rowKey={(o) => `${o.kind}-${o.sha256}-${o.eventId}`}
            size="small"
            pagination={false}
            dataSource={objectProblems}
            data-testid="audit-objects"
            columns={[
              {
                key: 'kind',
                title: t('audit.problem'),
                render: (_v, o) => (
                  <StatusTag family={statusFamilyOf('auditCheck', o.kind)}>
                    {t(o.kind === 'missing' ? 'audit.object.missing' : 'audit.object.corrupted')}
                  </StatusTag>
                ),
              },
              { key: 'sha', title: 'SHA-256', render: (_v, o) => <span className="ebid-mono ebid-small ebid-break">{o.sha256}</span> },
              { key: 'event', title: t('audit.eventId'), dataIndex: 'eventId' },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="audit-checkpoints-title">
        <Typography.Title level={3} id="audit-checkpoints-title" className="ebid-section-title">
          {t('audit.verify.checkpoints', { n: report.checkpoints.checked })}
        </Typography.Title>
        {report.checkpoints.problems.length === 0 ? (
          <Typography.Paragraph>{t('audit.verify.checkpointsOk')}</Typography.Paragraph>
        ) : (
          <ul data-testid="audit-checkpoint-problems">
            {report.checkpoints.problems.map((p, i) => (
              <li key={i}>
                {t('audit.eventId')} {p.eventId}: {p.problem}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
