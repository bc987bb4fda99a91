/**
 * 今日评标 and 回避声明 (issue 22 §6): the member's evaluations — project, section, status, due time, its own
 * sign-in and declaration — each opening the 评标室 (the declaration step for 回避声明).
 */
import { Button, Card, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useApi } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { useT } from '../i18n.ts';
import { WORKSPACE_PREFIX } from '../menus.ts';
import { fmtTime } from '../opening/ui.tsx';
import { EVAL_KEYS, type MyEvaluation } from './model.ts';
import { DoneTag, ExpertEvaluationStatusTag } from './words.tsx';

export function roomPath(evaluationId: number): string {
  return `${WORKSPACE_PREFIX}/expert/room?evaluation=${evaluationId}`;
}

export function SessionsPage({ focus = 'sessions' }: { focus?: 'sessions' | 'avoidance' }) {
  const t = useT();
  const api = useApi();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: EVAL_KEYS.mine, queryFn: () => api.evaluation.mine.query({}) });
  const rows = list.data ?? [];
  return (
    <div className="ebid-stack" data-testid={`evaluation-${focus}`}>
      <Typography.Paragraph type="secondary">{t(focus === 'sessions' ? 'evaluation.sessions.intro' : 'evaluation.avoidance.intro')}</Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Card title={<h2 className="ebid-card-title">{t(focus === 'sessions' ? 'evaluation.sessions.title' : 'evaluation.avoidance.title')}</h2>}>
        <DenseTable<MyEvaluation>
          rowKey="evaluationId"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          empty={t('evaluation.sessions.empty')}
          testId="evaluation-mine"
          actionsWidth={160}
          actions={(r) => (
            <Button
              size="small"
              type={focus === 'avoidance' && !r.declaredAt ? 'primary' : 'default'}
              icon={<LoginOutlined aria-hidden />}
              onClick={() => void navigate(roomPath(r.evaluationId))}
              data-testid={`evaluation-enter-${r.evaluationId}`}
            >
              {focus === 'avoidance' ? (r.declaredAt ? t('evaluation.avoidance.view') : t('evaluation.avoidance.sign')) : t('evaluation.enterRoom')}
            </Button>
          )}
          columns={[
            {
              key: 'project',
              title: t('evaluation.project'),
              render: (_: unknown, r: MyEvaluation) => (
                <span>
                  <Typography.Text className="ebid-mono">{r.projectCode}</Typography.Text> {r.projectName}
                </span>
              ),
            },
            { key: 'section', title: t('evaluation.section'), render: (_: unknown, r: MyEvaluation) => `${r.sectionCode} ${r.sectionName}` },
            { key: 'status', title: t('evaluation.statusLabel'), render: (_: unknown, r: MyEvaluation) => <ExpertEvaluationStatusTag status={r.status} testId={`evaluation-status-${r.evaluationId}`} /> },
            { key: 'due', title: t('evaluation.dueAt'), render: (_: unknown, r: MyEvaluation) => fmtTime(r.dueAt) },
            {
              key: 'me',
              title: t('evaluation.myState'),
              render: (_: unknown, r: MyEvaluation) => (
                <span>
                  {focus === 'sessions' && <DoneTag done={!!r.signedInAt} yes="evaluation.signedIn" no="evaluation.notSignedIn" />}
                  <DoneTag done={!!r.declaredAt} yes="evaluation.declared" no="evaluation.notDeclared" />
                  {r.chair && <DoneTag done yes="evaluation.chair" no="evaluation.chair" />}
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export function AvoidancePage() {
  return <SessionsPage focus="avoidance" />;
}
