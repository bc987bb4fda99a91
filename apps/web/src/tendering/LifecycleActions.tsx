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
import { pick, useLang } from '../i18n.ts';
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
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '项目已终止，终止公告已发布', en: 'The project is terminated; the termination notice is published' }));
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
        {pick(lang, { zh: '终止项目', en: 'Terminate project' })}
      </Button>
      <Modal
        open={open}
        title={pick(lang, { zh: `终止项目：${project.name}`, en: `Terminate: ${project.name}` })}
        okText={pick(lang, { zh: '确认终止', en: 'Terminate' })}
        cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
        okButtonProps={{ danger: true, disabled: !valid, loading: terminate.isPending }}
        onCancel={() => setOpen(false)}
        onOk={() => terminate.mutate()}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            title={pick(lang, {
              zh: '终止后平台将发布经电子签章的终止公告，已收取的保证金进入退还流程，并通知所有报名单位。此操作不可撤销。',
              en: 'The platform will publish a sealed termination notice, received securities enter refund, and every registered company is notified. This cannot be undone.',
            })}
          />
          <label htmlFor="terminate-reason">{pick(lang, { zh: '终止原因', en: 'Reason for termination' })}</label>
          <Input.TextArea id="terminate-reason" rows={4} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} />
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
            {pick(lang, { zh: '我确认终止本项目，并知悉终止公告将公开发布', en: 'I confirm the termination and that the notice will be published' })}
          </Checkbox>
          {terminate.error && <AppErrorAlert error={terminate.error} />}
        </Space>
      </Modal>
    </>
  );
}

function RetenderButton({ project, base }: { project: Project; base: string }) {
  const { lang } = useLang();
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
        {pick(lang, { zh: '已重新招标：', en: 'Re-tendered as: ' })}
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
            title: pick(lang, { zh: '重新招标？', en: 'Re-tender this project?' }),
            content: pick(lang, {
              zh: '将复制本项目的标段、资格条件和现行招标文件，生成一个新的草稿项目（需重新编排时间并发布公告）。每个流标项目只能重新招标一次。',
              en: 'The sections, qualification criteria and current documents are copied into a new draft (schedule and notice again). A failed project is re-tendered once.',
            }),
            okText: pick(lang, { zh: '重新招标', en: 'Re-tender' }),
            cancelText: pick(lang, { zh: '取消', en: 'Cancel' }),
            onOk: () => retender.mutateAsync().catch(() => undefined),
          })
        }
      >
        {pick(lang, { zh: '重新招标', en: 'Re-tender' })}
      </Button>
      {retender.error && <AppErrorAlert error={retender.error} />}
    </>
  );
}

/** Owner-side lifecycle actions of a project (terminate, re-tender) and the re-tender links. */
export function LifecycleActions({ project }: { project: Project }) {
  const { lang } = useLang();
  const me = useMe();
  const actor = me.data?.actor;
  if (!actor) return null;
  const base = workspaceBase(actor);
  const owner = (actor.role === 'tenderee' && actor.orgId === project.tendereeOrgId) || (actor.role === 'agent' && actor.orgId === project.agentOrgId);
  return (
    <Space wrap data-testid="lifecycle-actions">
      {project.previousProjectId !== null && (
        <Typography.Text>
          {pick(lang, { zh: '本项目为流标后重新招标，原项目：', en: 'Re-tender of the failed project: ' })}
          <Link to={`${base}/projects/${project.previousProjectId}`}>{pick(lang, { zh: `项目 #${project.previousProjectId}`, en: `Project #${project.previousProjectId}` })}</Link>
        </Typography.Text>
      )}
      {owner && isTerminable(project) && <TerminateButton project={project} />}
      {owner && project.status === 'FAILED' && <RetenderButton project={project} base={base} />}
    </Space>
  );
}
