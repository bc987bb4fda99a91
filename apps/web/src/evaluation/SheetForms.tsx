/**
 * The member's sheet of the open stage (issue 22 §2–§4): the compliance review (pass / fail per bid × item,
 * a failure with its reason), the blind technical scoring and the scoring (per bid × criterion, limited to
 * the criterion's range, decimals and step, each cell checked with the domain's `checkScore`, the running
 * totals per bid summed with the domain's decimal). 保存草稿 saves; 签署提交 saves, fetches the exact bytes
 * the server will keep, signs them here and sends the signature with their SHA-256. A signed sheet is shown
 * read-only (S11).
 */
import { useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Input, InputNumber, Popconfirm, Radio, Space, Typography } from 'antd';
import { CheckOutlined, FormOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ComplianceCriterion, ScoredCriterion } from '@ebid/domain/evaluation';
import { useApi } from '../api.ts';
import type { BidKeys } from '../bids/seal-upload.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useLang, useT, type MessageKey } from '../i18n.ts';
import { fmtTime } from '../opening/ui.tsx';
import {
  complianceDraftOf,
  complianceEntries,
  complianceProblems,
  criterionRule,
  EVAL_KEYS,
  inputStep,
  methodOf,
  runningTotals,
  scoreDraftOf,
  scoreEntries,
  scoreError,
  scoredCriteria,
  type ComplianceDraft,
  type EvaluationView,
  type ScoreDraft,
  type SheetStage,
  type SheetView,
} from './model.ts';
import { signSheetBytes } from './sign.ts';

const STAGE_TITLE: Record<SheetStage, MessageKey> = {
  compliance: 'evaluation.step.compliance',
  technical: 'evaluation.step.technical',
  scores: 'evaluation.step.scores',
};

export function SheetCard({ view, stage, keys }: { view: EvaluationView; stage: SheetStage; keys: BidKeys | null }) {
  const t = useT();
  const api = useApi();
  const sheet = useQuery({ queryKey: EVAL_KEYS.sheet(view.id, stage), queryFn: () => api.evaluation.sheet.query({ evaluationId: view.id, stage }) });
  return (
    <Card title={<h2 className="ebid-card-title">{t(STAGE_TITLE[stage])}</h2>} data-testid={`evaluation-sheet-${stage}`}>
      {sheet.isError && <AppErrorAlert error={sheet.error} onRetry={() => void sheet.refetch()} />}
      {sheet.data &&
        (stage === 'compliance' ? (
          <ComplianceForm key={sheet.data.updatedAt ?? 'new'} view={view} sheet={sheet.data} keys={keys} />
        ) : (
          <ScoreForm key={sheet.data.updatedAt ?? 'new'} view={view} sheet={sheet.data} keys={keys} />
        ))}
    </Card>
  );
}

/** Save the draft, then (when signing) fetch the bytes, sign, send. */
function useSheetActions(view: EvaluationView, stage: SheetStage, keys: BidKeys | null, entries: () => unknown[]) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const save = useMutation({
    mutationFn: () => api.evaluation.saveSheetDraft.mutate({ evaluationId: view.id, stage, entries: entries() as never }),
    onSuccess: (s) => {
      qc.setQueryData(EVAL_KEYS.sheet(view.id, stage), s);
      void message.success(t('evaluation.sheet.saved'));
    },
  });
  const sign = useMutation({
    mutationFn: async () => {
      const saved = await api.evaluation.saveSheetDraft.mutate({ evaluationId: view.id, stage, entries: entries() as never });
      qc.setQueryData(EVAL_KEYS.sheet(view.id, stage), saved);
      const toSign = await api.evaluation.sheetToSign.query({ evaluationId: view.id, stage });
      const signed = await signSheetBytes(toSign, keys);
      return api.evaluation.signSheet.mutate({ evaluationId: view.id, stage, ...signed });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void message.success(t('evaluation.sheet.signedDone'));
    },
  });
  return { save, sign };
}

function SignedNote({ sheet }: { sheet: SheetView }) {
  const t = useT();
  return (
    <Alert
      type="success"
      showIcon
      data-testid="evaluation-sheet-signed"
      title={t('evaluation.sheet.signedAt', { at: fmtTime(sheet.signedAt) })}
      description={<Typography.Text className="ebid-mono ebid-small">SHA-256 {sheet.sha256}</Typography.Text>}
    />
  );
}

function SheetButtons({ disabled, blocked, save, sign, keys, testPrefix }: { disabled: boolean; blocked: string | null; save: ReturnType<typeof useSheetActions>['save']; sign: ReturnType<typeof useSheetActions>['sign']; keys: BidKeys | null; testPrefix: string }) {
  const t = useT();
  return (
    <>
      {blocked && <Alert className="ebid-gap-top" type="info" showIcon title={blocked} data-testid={`${testPrefix}-blocked`} />}
      <Space className="ebid-gap-top" wrap>
        <Button icon={<SaveOutlined aria-hidden />} onClick={() => save.mutate()} loading={save.isPending} disabled={disabled} data-testid={`${testPrefix}-save`}>
          {t('evaluation.sheet.save')}
        </Button>
        <Popconfirm title={t('evaluation.sheet.signConfirm')} okText={t('evaluation.sheet.sign')} cancelText={t('common.cancel')} onConfirm={() => sign.mutate()} disabled={disabled || !!blocked || !keys}>
          <Button type="primary" icon={<FormOutlined aria-hidden />} loading={sign.isPending} disabled={disabled || !!blocked || !keys} data-testid={`${testPrefix}-sign`}>
            {t('evaluation.sheet.sign')}
          </Button>
        </Popconfirm>
      </Space>
      {save.isError && <AppErrorAlert error={save.error} focus />}
      {sign.isError && <AppErrorAlert error={sign.error} focus />}
    </>
  );
}

// ------------------------------------------------------------------ compliance

function ComplianceForm({ view, sheet, keys }: { view: EvaluationView; sheet: SheetView; keys: BidKeys | null }) {
  const t = useT();
  const items = useMemo(() => new Map(methodOf(view).compliance.map((c) => [c.id, c] as const)), [view]);
  const [draft, setDraft] = useState<ComplianceDraft>(() => complianceDraftOf(sheet));
  const { save, sign } = useSheetActions(view, 'compliance', keys, () => complianceEntries(draft));
  const problems = complianceProblems(draft);
  const blocked = problems.undecided > 0 ? t('evaluation.compliance.undecided', { n: problems.undecided }) : problems.missingReason.length > 0 ? t('evaluation.compliance.reasonMissing') : null;
  const set = (bid: string, item: string, cell: Partial<ComplianceDraft[string][string]>) =>
    setDraft((d) => ({ ...d, [bid]: { ...d[bid], [item]: { ...d[bid]![item]!, ...cell } } }));
  const readOnly = sheet.signed;
  return (
    <div data-testid="evaluation-compliance-form">
      {readOnly ? <SignedNote sheet={sheet} /> : <Typography.Paragraph type="secondary">{t('evaluation.compliance.intro')}</Typography.Paragraph>}
      {sheet.bids.map((bid) => (
        <section key={bid} className="ebid-gap-top" aria-label={bid} data-testid={`compliance-bid-${bid}`}>
          <h3 className="ebid-card-title">{bid}</h3>
          <table className="ebid-sheet-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
            <thead>
              <tr>
                <th scope="col" style={{ textAlign: 'start', width: '35%' }}>{t('evaluation.compliance.item')}</th>
                <th scope="col" style={{ textAlign: 'start', width: '25%' }}>{t('evaluation.compliance.finding')}</th>
                <th scope="col" style={{ textAlign: 'start' }}>{t('evaluation.compliance.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.items.map((id) => {
                const item: ComplianceCriterion | undefined = items.get(id);
                const c = draft[bid]![id]!;
                const name = item?.nameZh ?? id;
                const missing = c.pass === false && c.reason.trim() === '';
                return (
                  <tr key={id} data-testid={`compliance-${bid}-${id}`}>
                    <th scope="row" style={{ textAlign: 'start', fontWeight: 'normal', padding: '4px 0' }}>
                      {name} <Typography.Text type="secondary" className="ebid-small">{id}</Typography.Text>
                    </th>
                    <td>
                      <Radio.Group
                        value={c.pass === null ? undefined : c.pass ? 'pass' : 'fail'}
                        onChange={(e) => set(bid, id, { pass: e.target.value === 'pass' })}
                        disabled={readOnly}
                        aria-label={t('evaluation.compliance.findingOf', { label: bid, item: name })}
                        options={[
                          { value: 'pass', label: t('evaluation.compliance.pass') },
                          { value: 'fail', label: t('evaluation.compliance.fail') },
                        ]}
                      />
                    </td>
                    <td>
                      {c.pass === false && (
                        <>
                          <Input
                            value={c.reason}
                            maxLength={2000}
                            disabled={readOnly}
                            status={missing ? 'error' : undefined}
                            onChange={(e) => set(bid, id, { reason: e.target.value })}
                            aria-label={t('evaluation.compliance.reasonOf', { label: bid, item: name })}
                            aria-invalid={missing}
                            placeholder={t('evaluation.compliance.reasonRequired')}
                            data-testid={`compliance-reason-${bid}-${id}`}
                          />
                          {missing && (
                            <Typography.Text type="danger" className="ebid-small">
                              {t('evaluation.compliance.reasonRequired')}
                            </Typography.Text>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
      {!readOnly && <SheetButtons disabled={false} blocked={blocked} save={save} sign={sign} keys={keys} testPrefix="evaluation-compliance" />}
    </div>
  );
}

// ------------------------------------------------------------------ scores

function ScoreForm({ view, sheet, keys }: { view: EvaluationView; sheet: SheetView; keys: BidKeys | null }) {
  const t = useT();
  const { lang } = useLang();
  const byId = useMemo(() => new Map(scoredCriteria(methodOf(view)).map((c) => [c.id, c] as const)), [view]);
  const criteria = sheet.items.map((id) => byId.get(id)).filter((c): c is ScoredCriterion => c !== undefined);
  const [draft, setDraft] = useState<ScoreDraft>(() => scoreDraftOf(sheet));
  const { save, sign } = useSheetActions(view, sheet.stage, keys, () => scoreEntries(draft));
  const totals = runningTotals(criteria, draft);
  const invalid = totals.reduce((n, x) => n + x.invalid, 0);
  const missing = totals.reduce((n, x) => n + (x.criteria - x.scored - x.invalid), 0);
  const blocked = invalid > 0 ? t('evaluation.scores.invalid', { n: invalid }) : missing > 0 ? t('evaluation.scores.missing', { n: missing }) : null;
  const readOnly = sheet.signed;
  const set = (bid: string, id: string, v: string) => setDraft((d) => ({ ...d, [bid]: { ...d[bid], [id]: v } }));
  const prefix = `evaluation-${sheet.stage}`;
  return (
    <div data-testid={`${prefix}-form`}>
      {readOnly ? <SignedNote sheet={sheet} /> : <Typography.Paragraph type="secondary">{t(sheet.stage === 'technical' ? 'evaluation.scores.introBlind' : 'evaluation.scores.intro')}</Typography.Paragraph>}
      <div style={{ overflowX: 'auto' }} tabIndex={sheet.bids.length > 6 ? 0 : undefined} role={sheet.bids.length > 6 ? 'region' : undefined} aria-label={sheet.bids.length > 6 ? t('evaluation.scores.table') : undefined}>
        <table className="ebid-sheet-table" style={{ width: '100%', borderCollapse: 'collapse' }} data-testid={`${prefix}-table`}>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'start' }}>{t('evaluation.scores.criterion')}</th>
              {sheet.bids.map((bid) => (
                <th scope="col" key={bid} style={{ textAlign: 'start' }}>{bid}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row" style={{ textAlign: 'start', fontWeight: 'normal', padding: '4px 8px 4px 0' }}>
                  {c.nameZh} <Typography.Text type="secondary" className="ebid-small">{c.id}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" className="ebid-small">{criterionRule(c, lang)}</Typography.Text>
                  </div>
                </th>
                {sheet.bids.map((bid) => {
                  const v = draft[bid]?.[c.id] ?? '';
                  const err = scoreError(c, bid, v, lang);
                  return (
                    <td key={bid} style={{ verticalAlign: 'top', padding: 4 }}>
                      <InputNumber<string>
                        stringMode
                        min="0"
                        max={c.maxScore}
                        step={inputStep(c)}
                        value={v === '' ? null : v}
                        disabled={readOnly}
                        status={err ? 'error' : undefined}
                        onChange={(x) => set(bid, c.id, x == null ? '' : String(x))}
                        aria-label={t('evaluation.scores.cell', { label: bid, criterion: c.nameZh, max: c.maxScore })}
                        aria-invalid={!!err}
                        style={{ width: 110 }}
                        data-testid={`score-${bid}-${c.id}`}
                      />
                      {err && (
                        <div>
                          <Typography.Text type="danger" className="ebid-small" data-testid={`score-error-${bid}-${c.id}`}>
                            {err}
                          </Typography.Text>
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" style={{ textAlign: 'start', padding: '8px 0' }}>{t('evaluation.scores.total')}</th>
              {totals.map((x) => (
                <td key={x.bid} style={{ padding: 4 }} data-testid={`score-total-${x.bid}`} aria-live="polite">
                  <Typography.Text strong className="ebid-mono">{x.total}</Typography.Text>
                  <Typography.Text type="secondary" className="ebid-small"> / {x.max}</Typography.Text>
                  {x.scored < x.criteria && (
                    <div>
                      <Typography.Text type="secondary" className="ebid-small">{t('evaluation.scores.partial', { scored: x.scored, criteria: x.criteria })}</Typography.Text>
                    </div>
                  )}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      {!readOnly && <SheetButtons disabled={false} blocked={blocked} save={save} sign={sign} keys={keys} testPrefix={prefix} />}
      {readOnly && sheet.stage === 'scores' && <ReopenButton view={view} stage={sheet.stage} />}
    </div>
  );
}

/** S5: re-open a signed score sheet to reconcile the objective items the members scored differently. */
function ReopenButton({ view, stage }: { view: EvaluationView; stage: SheetStage }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const reopen = useMutation({
    mutationFn: () => api.evaluation.reopenSheet.mutate({ evaluationId: view.id, stage }),
    onSuccess: (s) => qc.setQueryData(EVAL_KEYS.sheet(view.id, stage), s),
  });
  return (
    <div className="ebid-gap-top">
      <Button size="small" icon={<CheckOutlined aria-hidden />} onClick={() => reopen.mutate()} loading={reopen.isPending} data-testid="evaluation-reopen-sheet">
        {t('evaluation.scores.reopen')}
      </Button>
      {reopen.isError && <AppErrorAlert error={reopen.error} focus />}
    </div>
  );
}
