/**
 * The owner side's end-of-procedure actions (issue 5 §6; domain §1 side states):
 * - 终止项目 when the state machine allows `terminate`: a modal with the reason and an explicit
 *   confirmation (a sealed 终止公告 is published, securities are marked for refund; it cannot be undone);
 * - 重新招标 when the project FAILED (流标) and has not been re-tendered yet: creates the linked draft and
 *   opens it (`${workspaceBase}/projects/${id}`); once re-tendered, a link to the new project;
 * - a link to the previous (failed) project when this one re-tenders it.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Checkbox, Input, Modal, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { allowedEvents, procedureFlags, type ProcedureMethod, type ProcedureState } from '@ebid/domain';
import { useApi, useMe, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT } from '../i18n.ts';
import { workspaceBase } from '../menus.ts';

type Project = RouterOutputs['project']['get'];

/** Whether the state machine accepts `terminate` now (the server decides again). */
export function isTerminable(project: Project): boolean {
  try {
    const flags = procedureFlags(project.tradeType, project.method as ProcedureMethod, project.prequalification ? { prequalification: true } : {});
    const state = { ...(project.statusDetail as Omit<ProcedureState, 'status'>), status: project.status } as ProcedureState;
    return allowedEvents(state, flags).includes('terminate');
  } catch {
    return false;
  }
}

function TerminateButton({ project }: { project: Project }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const terminate = useMutation({
    mutationFn: () => api.project.terminate.mutate({ projectId: project.id, reason: reason.trim() }),
    onSuccess: async () => {
      setOpen(false);
      void message.success(t('projects.terminateButton.projectTerminatedTermination'));
      await qc.invalidateQueries({ queryKey: ['project'] });
      await qc.invalidateQueries({ queryKey: ['notice'] });
    },
  });
  const valid = reason.trim().length >= 5 && reason.trim().length <= 500 && confirmed;
  return (
    <>
      <Button
        danger
        onClick={() => {
          terminate.reset();
          setReason('');
          setConfirmed(false);
          setOpen(true);
        }}
      >
        {t('projects.terminateButton.terminateProject')}
      </Button>
      <Modal
        open={open}
        title={t('projects.terminateButton.terminate', { name: project.name })}
        okText={t('projects.terminateButton.terminate2')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !valid, loading: terminate.isPending }}
        onCancel={() => setOpen(false)}
        onOk={() => terminate.mutate()}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            title={t('projects.terminateButton.platformPublishSealed')}
          />
          <label htmlFor="terminate-reason">{t('projects.terminateButton.reasonTermination')}</label>
          <Input.TextArea id="terminate-reason" rows={4} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} />
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
            {t('projects.terminateButton.iConfirmTermination')}
          </Checkbox>
          {terminate.error && <AppErrorAlert error={terminate.error} />}
        </Space>
      </Modal>
    </>
  );
}

function RetenderButton({ project, base }: { project: Project; base: string }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { modal } = AntApp.useApp();
  const successor = useQuery({ queryKey: ['project', 'successor', project.id], queryFn: () => api.project.successor.query({ projectId: project.id }) });
  const retender = useMutation({
    mutationFn: () => api.project.retender.mutate({ projectId: project.id }),
    onSuccess: async (n) => {
      await qc.invalidateQueries({ queryKey: ['project'] });
      void navigate(`${base}/projects/${n.id}`);
    },
  });
  if (successor.isPending) return null;
  if (successor.data) {
    return (
      <Typography.Text>
        {t('projects.retenderButton.reTendered')}
        <Link to={`${base}/projects/${successor.data.id}`}>
          {successor.data.name}（{successor.data.unifiedDealCode}）
        </Link>
      </Typography.Text>
    );
  }
  return (
    <>
      <Button
        type="primary"
        loading={retender.isPending}
        onClick={() =>
          modal.confirm({
            title: t('projects.retenderButton.reTenderProject'),
            content: t('projects.retenderButton.sectionsQualificationCriteria'),
            okText: t('projects.retenderButton.reTender'),
            cancelText: t('common.cancel'),
            onOk: () => retender.mutateAsync().catch(() => undefined),
          })
        }
      >
        {t('projects.retenderButton.reTender')}
      </Button>
      {retender.error && <AppErrorAlert error={retender.error} />}
    </>
  );
}

/** Owner-side lifecycle actions of a project (terminate, re-tender) and the re-tender links. */
export function LifecycleActions({ project }: { project: Project }) {
  const t = useT();
  const me = useMe();
  const actor = me.data?.actor;
  if (!actor) return null;
  const base = workspaceBase(actor);
  const owner = (actor.role === 'tenderee' && actor.orgId === project.tendereeOrgId) || (actor.role === 'agent' && actor.orgId === project.agentOrgId);
  return (
    <Space wrap data-testid="lifecycle-actions">
      {project.previousProjectId !== null && (
        <Typography.Text>
          {t('projects.lifecycleActions.reTenderFailed')}
          <Link to={`${base}/projects/${project.previousProjectId}`}>{t('projects.lifecycleActions.project', { previousProjectId: project.previousProjectId })}</Link>
        </Typography.Text>
      )}
      {owner && isTerminable(project) && <TerminateButton project={project} />}
      {owner && project.status === 'FAILED' && <RetenderButton project={project} base={base} />}
    </Space>
  );
}
