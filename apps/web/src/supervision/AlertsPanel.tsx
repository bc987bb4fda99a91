/**
 * 预警处理 (issue 20 §2, M1): the alerts of the checkpoints — as a page (staff, tenderee, agent, supervisor)
 * and as the project's record (the project page's 监察预警 tab). A row's 处理 opens a drawer: what was done
 * and the result, then this browser signs `alertHandlingText(...)` (the same bytes the server builds) with
 * the user's own signing key — the key kept by this browser or the .p12 backup imported for the session —
 * and submits. A handled alert shows its handler, time, and the signature (.p7s) with its signed text.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Descriptions, Drawer, Form, Input, Segmented, Select, Space, Typography } from 'antd';
import { DownloadOutlined, FormOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AppError, ALERT_HANDLING_MAX, alertHandlingText, type AlertLevel } from '@ebid/domain';
import { useApi, useMe, type Actor, type RouterOutputs } from '../api.ts';
import { bytesToBase64, downloadBytes, utf8 } from '../certs.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { KeysCard, useBidKeys } from '../bids/KeysCard.tsx';
import { workspaceBase } from '../menus.ts';
import { base64ToBytes } from '../opening/crypto.ts';
import { loadPki } from '../pki.ts';
import { textPair, useLang, useT, type TFunction } from '../i18n.ts';
import { kindWord, LevelTag } from './words.tsx';

export type AlertRow = RouterOutputs['supervision']['alerts'][number];
type StateFilter = 'open' | 'handled' | 'all';

export const ALERTS_KEY = ['supervision', 'alerts'] as const;

const time = (iso: string | null) => (iso ? formatBeijingDateTime(Date.parse(iso)) : '—');

/** Yellow 预警 / red 超期 in the supervision colours of the dashboard (words.tsx), with the words (colour is never the only sign, ux.md). */
export function AlertLevelTag({ level }: { level: AlertLevel }) {
  const t = useT();
  return <LevelTag level={level} t={t} testId="alert-level" />;
}

/** A checkpoint kind by its declared name. */
function KindName({ kind }: { kind: string }) {
  const { lang } = useLang();
  return <span>{kindWord(lang, kind)}</span>;
}

function AlertStateTag({ handled }: { handled: boolean }) {
  const t = useT();
  return (
    <StatusTag family={handled ? 'done' : 'progress'} testId="alert-state">
      {t(handled ? 'alerts.state.handled' : 'alerts.state.open')}
    </StatusTag>
  );
}

const fileBase = (a: Pick<AlertRow, 'projectCode' | 'id'>) => `预警处理-${a.projectCode}-${a.id}`;

/** The handled alert's record: handler, time, what was done and the result, its signature and signed text. */
export function AlertRecord({ alert }: { alert: AlertRow }) {
  const t = useT();
  const api = useApi();
  const detail = useQuery({ queryKey: ['supervision', 'alert', alert.id, alert.handled], queryFn: () => api.supervision.alert.query({ id: alert.id }), enabled: alert.handled });
  const d = detail.data;
  return (
    <div className="ebid-stack" data-testid="alert-record">
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('alerts.col.project')}>
          {alert.projectName} <span className="ebid-mono">{alert.projectCode}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.checkpoint')}>
          <KindName kind={alert.checkpointKind} /> · {t(alert.checkpointDone ? 'alerts.checkpointDone' : 'alerts.checkpointOpen')}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.level')}>
          <AlertLevelTag level={alert.level} />
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.due')}>{time(alert.dueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.raised')}>{time(alert.raisedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.responsible')}>{alert.responsibleOrgName ?? t('alerts.center')}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.col.state')}>
          <AlertStateTag handled={alert.handled} />
        </Descriptions.Item>
        {alert.handled ? (
          <>
            <Descriptions.Item label={t('alerts.record.handler')}>
              <span data-testid="alert-handler">
                {alert.handlerName}
                {alert.handlerOrgName ? `（${alert.handlerOrgName}）` : ''}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.record.handledAt')}>{time(alert.handledAt)}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.record.handling')}>
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="alert-handling">
                {alert.handling}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.record.result')}>
              <span style={{ whiteSpace: 'pre-wrap' }} data-testid="alert-result">
                {alert.result}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.record.cert')}>
              <span className="ebid-mono">{alert.signerCertSerial}</span>
            </Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label={t('alerts.record.handler')}>{t('alerts.record.notHandled')}</Descriptions.Item>
        )}
      </Descriptions>
      {alert.handled && (
        <>
          <Space wrap>
            <Button
              icon={<DownloadOutlined aria-hidden />}
              disabled={!d?.signatureBase64}
              onClick={() => d?.signatureBase64 && downloadBytes(base64ToBytes(d.signatureBase64), `${fileBase(alert)}.p7s`, 'application/pkcs7-signature')}
            >
              {t('alerts.download.p7s')}
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} disabled={!d?.signedText} onClick={() => d?.signedText && downloadBytes(utf8(d.signedText), `${fileBase(alert)}.txt`, 'text/plain;charset=utf-8')}>
              {t('alerts.download.text')}
            </Button>
          </Space>
          <Typography.Text type="secondary">{t('alerts.verifyHint')}</Typography.Text>
          {detail.isError && <AppErrorAlert error={detail.error} title={t('alerts.loadFailed')} />}
        </>
      )}
    </div>
  );
}

/** The text to be signed, or null while a field is still invalid (alertHandlingText refuses it). */
function previewOf(make: () => string): string | null {
  try {
    return make();
  } catch {
    return null;
  }
}

/** The handling drawer's form: what was done and the result, the text to be signed, the keys, submit. */
function HandleAlertForm({ alert, actor, onDone }: { alert: AlertRow; actor: Actor; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ handling: string; result: string }>();
  const handling = Form.useWatch('handling', form) ?? '';
  const result = Form.useWatch('result', form) ?? '';
  const { keys, checked, setKeys } = useBidKeys(actor.username);
  const textOf = (h: string, r: string) =>
    alertHandlingText({
      alertId: alert.id,
      projectCode: alert.projectCode,
      checkpointKind: alert.checkpointKind,
      level: alert.level,
      handling: h,
      result: r,
      handler: { userId: actor.userId, username: actor.username, displayName: actor.displayName },
    });
  // A few string joins per keystroke: computed on each render, no memo (and no dependency list to get wrong).
  const preview = previewOf(() => textOf(handling, result));
  const submit = useMutation({
    mutationFn: async (v: { handling: string; result: string }) => {
      if (!keys) throw new AppError('VALIDATION', textPair('alerts.keys.missing'), { field: 'keys', reason: 'KEY_MISSING' });
      const signedText = textOf(v.handling, v.result);
      const pki = await loadPki();
      const der = await pki.signCmsDetachedAsWithWebCrypto('alert-handling', utf8(signedText), {
        privateKey: keys.signingKey,
        certPem: keys.signerCertPem,
        ...(keys.chainPems ? { chainPem: keys.chainPems } : {}),
      });
      return api.supervision.handleAlert.mutate({ alertId: alert.id, handling: v.handling, result: v.result, signedText, signatureBase64: bytesToBase64(der) });
    },
    onSuccess: async () => {
      void message.success(t('alerts.handled'));
      await qc.invalidateQueries({ queryKey: ['supervision'] });
      onDone();
    },
  });
  return (
    <div className="ebid-stack" data-testid="alert-handle">
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} requiredMark>
        <Form.Item
          name="handling"
          label={t('alerts.field.handling')}
          extra={t('alerts.field.handlingHelp')}
          rules={[{ required: true, whitespace: true, message: t('alerts.handlingRequired') }, { max: ALERT_HANDLING_MAX }]}
        >
          <Input.TextArea rows={4} maxLength={ALERT_HANDLING_MAX} />
        </Form.Item>
        <Form.Item
          name="result"
          label={t('alerts.field.result')}
          extra={t('alerts.field.resultHelp')}
          rules={[{ required: true, whitespace: true, message: t('alerts.resultRequired') }, { max: ALERT_HANDLING_MAX }]}
        >
          <Input.TextArea rows={3} maxLength={ALERT_HANDLING_MAX} />
        </Form.Item>
        {preview && (
          <>
            <Typography.Paragraph type="secondary">{t('alerts.signNote')}</Typography.Paragraph>
            <pre className="ebid-mono" data-testid="alert-signed-text" style={{ whiteSpace: 'pre-wrap', background: '#f5f5f5', padding: 8 }}>
              {preview}
            </pre>
          </>
        )}
        {checked && <KeysCard username={actor.username} keys={keys} onKeys={setKeys} idPrefix="alert-keys" title="alerts.keys.title" missing="alerts.keys.missing" ErrorBox={AppErrorAlert} />}
        <Button className="ebid-gap-top" type="primary" htmlType="submit" icon={<FormOutlined aria-hidden />} loading={submit.isPending} disabled={!keys}>
          {t('alerts.signAndSubmit')}
        </Button>
      </Form>
      {submit.isError && <AppErrorAlert error={submit.error} title={t('alerts.handleFailed')} focus />}
    </div>
  );
}

function columns(t: TFunction, actor: Actor, withProject: boolean) {
  return [
    { key: 'level', title: t('alerts.col.level'), width: 96, render: (_: unknown, a: AlertRow) => <AlertLevelTag level={a.level} /> },
    ...(withProject
      ? [
          {
            key: 'project',
            title: t('alerts.col.project'),
            render: (_: unknown, a: AlertRow) => <Link to={`${workspaceBase(actor)}/projects/${a.projectId}?tab=alerts`}>{a.projectName}</Link>,
          },
        ]
      : []),
    { key: 'checkpoint', title: t('alerts.col.checkpoint'), render: (_: unknown, a: AlertRow) => <KindName kind={a.checkpointKind} /> },
    { key: 'due', title: t('alerts.col.due'), width: 150, render: (_: unknown, a: AlertRow) => time(a.dueAt) },
    { key: 'responsible', title: t('alerts.col.responsible'), render: (_: unknown, a: AlertRow) => a.responsibleOrgName ?? t('alerts.center') },
    { key: 'state', title: t('alerts.col.state'), width: 96, render: (_: unknown, a: AlertRow) => <AlertStateTag handled={a.handled} /> },
  ];
}

/** The alerts the caller may read (of one project, or all), filtered by state and level; handle in a drawer. */
export function AlertsTable({ projectId }: { projectId?: number }) {
  const t = useT();
  const api = useApi();
  const { lang } = useLang();
  const actor = useMe().data?.actor ?? null;
  const [state, setState] = useState<StateFilter>(projectId ? 'all' : 'open');
  const [level, setLevel] = useState<AlertLevel | 'all'>('all');
  const [handling, setHandling] = useState<AlertRow | null>(null);
  const filter = { ...(projectId ? { projectId } : {}), ...(state !== 'all' ? { state } : {}), ...(level !== 'all' ? { level } : {}), limit: 200 };
  const list = useQuery({ queryKey: [...ALERTS_KEY, filter], queryFn: () => api.supervision.alerts.query(filter) });
  if (!actor) return null;
  return (
    <div className="ebid-stack">
      <Space wrap>
        <span id="alerts-state-label">{t('alerts.filter.state')}</span>
        <Segmented<StateFilter>
          aria-labelledby="alerts-state-label"
          value={state}
          onChange={setState}
          options={[
            { value: 'open', label: t('alerts.state.open') },
            { value: 'handled', label: t('alerts.state.handled') },
            { value: 'all', label: t('alerts.filter.all') },
          ]}
        />
        <label htmlFor="alerts-level">{t('alerts.filter.level')}</label>
        <Select<AlertLevel | 'all'>
          id="alerts-level"
          value={level}
          onChange={setLevel}
          style={{ width: 120 }}
          options={[
            { value: 'all', label: t('alerts.filter.all') },
            { value: 'yellow', label: t('alerts.level.yellow') },
            { value: 'red', label: t('alerts.level.red') },
          ]}
        />
      </Space>
      {list.isError && <AppErrorAlert error={list.error} title={t('alerts.loadFailed')} onRetry={() => void list.refetch()} />}
      <DenseTable<AlertRow>
        rowKey="id"
        testId="alerts-table"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        columns={columns(t, actor, projectId === undefined)}
        empty={t('alerts.empty')}
        pagination={false}
        actions={(a) =>
          a.mayHandle ? (
            <Button size="small" type="primary" icon={<FormOutlined aria-hidden />} onClick={() => setHandling(a)} data-testid={`alert-handle-${a.id}`}>
              {t('alerts.handle')}
            </Button>
          ) : null
        }
        details={{ title: (a) => t('alerts.detailsTitle', { id: String(a.id), checkpoint: kindWord(lang, a.checkpointKind) }), render: (a) => <AlertRecord alert={a} /> }}
      />
      <Drawer
        open={handling !== null}
        onClose={() => setHandling(null)}
        title={handling ? t('alerts.handleOf', { project: handling.projectName, checkpoint: kindWord(lang, handling.checkpointKind) }) : ''}
        size={640}
        destroyOnHidden
        closable={{ 'aria-label': t('tables.closeDetails') }}
      >
        {handling && (
          <>
            <Alert type={handling.level === 'red' ? 'error' : 'warning'} showIcon style={{ marginBottom: 12 }} title={`${handling.projectCode} · ${kindWord(lang, handling.checkpointKind)} · ${time(handling.dueAt)}`} />
            <HandleAlertForm alert={handling} actor={actor} onDone={() => setHandling(null)} />
          </>
        )}
      </Drawer>
    </div>
  );
}

/** 预警处理 (menu 'alerts'). */
export function AlertsPage() {
  return <AlertsTable />;
}

/** The project page's 监察预警 tab: the project's alerts and their handling (read-only for whoever may not handle). */
export function ProjectAlertsPanel({ projectId }: { projectId: number }) {
  const t = useT();
  return (
    <div className="ebid-stack" data-testid="project-alerts">
      <Typography.Paragraph type="secondary">{t('alerts.projectIntro')}</Typography.Paragraph>
      <AlertsTable projectId={projectId} />
    </div>
  );
}
