/**
 * 评标室 (issue 22 §6): one evaluation, in steps following its status — the member's certificate sign-in and
 * 签到, the avoidance declaration signed in this browser (E3), the chair's election, the bids (price, the
 * ceiling flag, the parts; blind parts by blind label only), the compliance review, the blind technical
 * scoring, the scoring with running totals, the chair's progress and 结束本阶段, the report (signature,
 * dissent) and the extension request (E6). Refreshed on every live event of `evaluation.<id>`.
 */
import type { ReactNode } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Space, Spin, Steps, Table, Typography } from 'antd';
import { CrownOutlined, FormOutlined, LoginOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { queryKeys, useApi, useMe } from '../api.ts';
import { KeysCard, useBidKeys } from '../bids/KeysCard.tsx';
import type { BidKeys } from '../bids/seal-upload.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { useLiveRefresh } from '../live.ts';
import { certificateSignIn, loadPki } from '../pki.ts';
import { fmtTime, TEXT_STYLE } from '../opening/ui.tsx';
import { BidsCard } from './BidsCard.tsx';
import { ChairPanel } from './ChairPanel.tsx';
import { ExtensionCard } from './ExtensionCard.tsx';
import { currentStep, EVAL_KEYS, evaluationTopic, openStage, roomSteps, type EvaluationView, type RoomStep } from './model.ts';
import { ReportCard } from './ReportCard.tsx';
import { SessionsPage } from './SessionsPage.tsx';
import { SheetCard } from './SheetForms.tsx';
import { keyMissing, signDeclaration } from './sign.ts';
import { DoneTag, ExpertEvaluationStatusTag } from './words.tsx';

const STEP_TITLES: Record<RoomStep, MessageKey> = {
  signIn: 'evaluation.step.signIn',
  declare: 'evaluation.step.declare',
  chair: 'evaluation.step.chair',
  compliance: 'evaluation.step.compliance',
  technical: 'evaluation.step.technical',
  scores: 'evaluation.step.scores',
  report: 'evaluation.step.report',
};

/** `/workspace/expert/room?evaluation=<id>`; without one, the member's evaluations to choose from. */
export function EvaluationRoomPage() {
  const [params] = useSearchParams();
  const id = Number(params.get('evaluation'));
  if (!Number.isSafeInteger(id) || id <= 0) return <SessionsPage />;
  return <EvaluationRoom key={id} evaluationId={id} />;
}

/** Coalescing delay of the refresh after live events. */
const REFRESH_MS = 300;

export function EvaluationRoom({ evaluationId }: { evaluationId: number }) {
  const t = useT();
  const api = useApi();
  const me = useMe();
  const actor = me.data?.actor ?? null;
  const q = useQuery({ queryKey: EVAL_KEYS.get(evaluationId), queryFn: () => api.evaluation.get.query({ evaluationId }), retry: false });
  useLiveRefresh([evaluationTopic(evaluationId)], 20, EVAL_KEYS.all(evaluationId), REFRESH_MS);
  const { keys, checked, setKeys } = useBidKeys(actor?.username);

  if (q.isPending) return <Spin description={t('loading')} className="ebid-center" />;
  if (q.isError) return <AppErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const view = q.data;
  const step = currentStep(view);
  const steps = roomSteps(view.blindTechnical);
  const certSession = !!actor?.certSerial;
  const declared = !!view.me?.declaredAt;
  const stage = openStage(view.status);
  return (
    <div className="ebid-stack" data-testid="evaluation-room" data-step={step} data-status={view.status}>
      <HeaderCard view={view} />
      <Card>
        <Steps
          size="small"
          current={steps.indexOf(step)}
          status={view.status === 'failed' ? 'error' : view.status === 'signed' ? 'finish' : 'process'}
          items={steps.map((s) => ({ key: s, title: t(STEP_TITLES[s]) }))}
          data-testid="evaluation-steps"
        />
      </Card>
      {view.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('evaluation.failed')}
          description={
            <Space wrap>
              {view.failureReason}
              {view.failureNoticeId !== null && (
                <Link to={`/notices/${view.failureNoticeId}`} data-testid="evaluation-failure-notice">
                  {t('evaluation.failureNotice')}
                </Link>
              )}
            </Space>
          }
          data-testid="evaluation-failed"
        />
      )}
      {checked && (!keys || !certSession) && (
        <KeysCard username={actor?.username ?? ''} keys={keys} onKeys={setKeys} idPrefix="evaluation-keys" title="evaluation.keys.title" missing="evaluation.keys.missing" ErrorBox={AppErrorAlert} />
      )}
      {/* Also after 签到 when this login is not a certificate one (a new login mid-session): signing needs it. */}
      {(!view.me?.signedInAt || (view.me && !certSession && view.status !== 'signed')) && <SignInCard view={view} keys={keys} certSession={certSession} />}
      {view.me?.signedInAt && !declared && <DeclarationCard view={view} keys={keys} />}
      {declared && view.status === 'preparing' && <ChairCard view={view} />}
      {declared && stage === 'compliance' && <SheetCard key={`c-${view.round}`} view={view} stage="compliance" keys={keys} />}
      {declared && stage === 'technical' && <SheetCard key={`t-${view.round}`} view={view} stage="technical" keys={keys} />}
      {declared && stage === 'scores' && <SheetCard key={`s-${view.round}`} view={view} stage="scores" keys={keys} />}
      {declared && (view.status === 'reporting' || view.status === 'signed' || view.status === 'failed') && <ReportCard view={view} keys={keys} />}
      {declared && view.me?.chair && <ChairPanel view={view} />}
      {declared && <BidsCard view={view} />}
      {declared && view.status !== 'preparing' && <ChairCard view={view} />}
      {declared && !['reporting', 'signed', 'failed'].includes(view.status) && <ExtensionCard view={view} />}
    </div>
  );
}

function HeaderCard({ view }: { view: EvaluationView }) {
  const t = useT();
  const items: { key: string; label: string; children: ReactNode }[] = [
    { key: 'project', label: t('evaluation.project'), children: `${view.projectCode} ${view.projectName}` },
    { key: 'section', label: t('evaluation.section'), children: `${view.sectionCode} ${view.sectionName}` },
    { key: 'started', label: t('evaluation.startedAt'), children: fmtTime(view.startedAt) },
    {
      key: 'due',
      label: t('evaluation.dueAt'),
      children: (
        <span data-testid="evaluation-due">
          {fmtTime(view.dueAt)}
          {view.extensions > 0 && ` （${t('evaluation.extended', { n: view.extensions })}）`}
        </span>
      ),
    },
    { key: 'round', label: t('evaluation.round'), children: view.round },
    { key: 'signedIn', label: t('evaluation.step.signIn'), children: <span data-testid="evaluation-my-signin">{view.me?.signedInAt ? fmtTime(view.me.signedInAt) : t('evaluation.notSignedIn')}</span> },
    { key: 'declared', label: t('evaluation.step.declare'), children: <span data-testid="evaluation-my-declaration">{view.me?.declaredAt ? fmtTime(view.me.declaredAt) : t('evaluation.notDeclared')}</span> },
    { key: 'blind', label: t('evaluation.blind'), children: view.blindTechnical ? (view.revealedAt ? t('evaluation.blindRevealed') : t('evaluation.blindYes')) : t('evaluation.blindNo') },
  ];
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.room.title')}</h2>} extra={<ExpertEvaluationStatusTag status={view.status} />} data-testid="evaluation-header">
      <Descriptions size="small" column={3} items={items} />
    </Card>
  );
}

/** The certificate session (the room's acts need one) and 签到; after 签到, the certificate login again when this login is not one. */
function SignInCard({ view, keys, certSession }: { view: EvaluationView; keys: BidKeys | null; certSession: boolean }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const login = useMutation({
    mutationFn: async () => {
      if (!keys) throw keyMissing();
      return certificateSignIn(api, { privateKey: keys.signingKey, certPem: keys.signerCertPem }, await loadPki());
    },
    onSuccess: async (s) => {
      qc.setQueryData(queryKeys.me, { actor: s.actor });
      await qc.invalidateQueries({ queryKey: ['evaluation'] });
      void message.success(t('evaluation.signIn.certDone'));
    },
  });
  const signIn = useMutation({
    mutationFn: () => api.evaluation.signIn.mutate({ evaluationId: view.id }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void qc.invalidateQueries({ queryKey: EVAL_KEYS.mine });
      void message.success(t('evaluation.signIn.done'));
    },
  });
  const signedIn = !!view.me?.signedInAt;
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.step.signIn')}</h2>} data-testid="evaluation-signin" extra={<DoneTag done={signedIn} yes="evaluation.signedIn" no="evaluation.notSignedIn" testId="evaluation-signin-state" />}>
      {signedIn ? (
        <Space direction="vertical">
          <Typography.Text>{t('evaluation.signIn.at', { at: fmtTime(view.me?.signedInAt) })}</Typography.Text>
          {!certSession && (
            <>
              <Typography.Text type="secondary">{t('evaluation.signIn.certAgain')}</Typography.Text>
              <Button type="primary" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => login.mutate()} loading={login.isPending} disabled={!keys} data-testid="evaluation-cert-login">
                {t('evaluation.signIn.cert')}
              </Button>
            </>
          )}
        </Space>
      ) : (
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('evaluation.signIn.intro')}</Typography.Text>
          <Space wrap>
            {!certSession && (
              <Button type="primary" icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => login.mutate()} loading={login.isPending} disabled={!keys} data-testid="evaluation-cert-login">
                {t('evaluation.signIn.cert')}
              </Button>
            )}
            <Button type={certSession ? 'primary' : 'default'} icon={<LoginOutlined aria-hidden />} onClick={() => signIn.mutate()} loading={signIn.isPending} disabled={!certSession} data-testid="evaluation-signin-button">
              {t('evaluation.signIn.button')}
            </Button>
          </Space>
        </Space>
      )}
      {login.isError && <AppErrorAlert error={login.error} focus />}
      {signIn.isError && <AppErrorAlert error={signIn.error} focus />}
    </Card>
  );
}

/** E3: the exact text the server will verify, signed here with the member's own key. */
function DeclarationCard({ view, keys }: { view: EvaluationView; keys: BidKeys | null }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const declared = !!view.me?.declaredAt;
  const text = useQuery({ queryKey: EVAL_KEYS.declaration(view.id), queryFn: () => api.evaluation.declaration.query({ evaluationId: view.id }), enabled: !declared });
  const declare = useMutation({
    mutationFn: async () => {
      const v = text.data?.text;
      if (!v) throw keyMissing();
      return api.evaluation.declare.mutate({ evaluationId: view.id, signatureBase64: await signDeclaration(v, keys) });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void qc.invalidateQueries({ queryKey: EVAL_KEYS.mine });
      void message.success(t('evaluation.declare.done'));
    },
  });
  return (
    <Card title={<h2 className="ebid-card-title">{t('evaluation.step.declare')}</h2>} data-testid="evaluation-declaration" extra={<DoneTag done={declared} yes="evaluation.declared" no="evaluation.notDeclared" testId="evaluation-declared-state" />}>
      {declared ? (
        <Typography.Text>{t('evaluation.declare.at', { at: fmtTime(view.me?.declaredAt) })}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('evaluation.declare.intro')}</Typography.Paragraph>
          {text.isError && <AppErrorAlert error={text.error} />}
          {text.data && (
            <pre className="ebid-mono" data-testid="evaluation-declaration-text" style={{ ...TEXT_STYLE, background: '#f5f5f5', padding: 8 }} tabIndex={0} aria-label={t('evaluation.declare.textLabel')}>
              {text.data.text}
            </pre>
          )}
          <Button className="ebid-gap-top" type="primary" icon={<FormOutlined aria-hidden />} onClick={() => declare.mutate()} loading={declare.isPending} disabled={!keys || !text.data} data-testid="evaluation-declare">
            {t('evaluation.declare.sign')}
          </Button>
          {declare.isError && <AppErrorAlert error={declare.error} focus />}
        </>
      )}
    </Card>
  );
}

/** The members, their state and the chair's election (a majority of the active members elects). */
function ChairCard({ view }: { view: EvaluationView }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const vote = useMutation({
    mutationFn: (candidateUserId: number) => api.evaluation.voteChair.mutate({ evaluationId: view.id, candidateUserId }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: EVAL_KEYS.all(view.id) });
      void message.success(r.chairUserId ? t('evaluation.chair.elected') : t('evaluation.chair.voted', { votes: r.votes, majority: r.majority }));
    },
  });
  const canVote = view.chairUserId === null && view.me?.chairVote == null;
  const active = view.members.filter((m) => m.status === 'active');
  const majority = Math.floor(active.length / 2) + 1;
  type Member = EvaluationView['members'][number];
  return (
    <Card title={<h2 className="ebid-card-title">{t(view.status === 'preparing' ? 'evaluation.step.chair' : 'evaluation.members')}</h2>} data-testid="evaluation-chair">
      <Typography.Paragraph type="secondary">
        {view.chairUserId === null ? t('evaluation.chair.intro', { majority }) : t('evaluation.chair.done', { name: view.members.find((m) => m.userId === view.chairUserId)?.name ?? '' })}
      </Typography.Paragraph>
      <Table<Member>
        size="small"
        rowKey="userId"
        pagination={false}
        dataSource={view.members}
        data-testid="evaluation-members"
        columns={[
          { key: 'name', title: t('evaluation.member'), render: (_: unknown, m: Member) => <span>{m.name}{m.chair && <> <CrownOutlined aria-label={t('evaluation.chair')} /> {t('evaluation.chair')}</>}</span> },
          { key: 'state', title: t('evaluation.myState'), render: (_: unknown, m: Member) => (m.status === 'replaced' ? t('evaluation.replaced') : <span><DoneTag done={m.signedIn} yes="evaluation.signedIn" no="evaluation.notSignedIn" /><DoneTag done={m.declared} yes="evaluation.declared" no="evaluation.notDeclared" /></span>) },
          { key: 'votes', title: t('evaluation.chair.votes'), render: (_: unknown, m: Member) => <span data-testid={`evaluation-votes-${m.userId}`}>{m.chairVotes}</span> },
          {
            key: 'vote',
            title: t('table.actions'),
            render: (_: unknown, m: Member) =>
              canVote && m.declared && m.status === 'active' ? (
                <Button size="small" onClick={() => vote.mutate(m.userId)} loading={vote.isPending && vote.variables === m.userId} data-testid={`evaluation-vote-${m.userId}`}>
                  {t('evaluation.chair.vote')}
                </Button>
              ) : view.me?.chairVote === m.userId ? (
                t('evaluation.chair.myVote')
              ) : null,
          },
        ]}
      />
      {vote.isError && <AppErrorAlert error={vote.error} focus />}
    </Card>
  );
}
