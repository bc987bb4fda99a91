import { App as AntApp, Button, Card, Popconfirm, Spin, Table, Typography } from 'antd';
import { FormOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { ProjectTerms, useProjectT } from '../i18n.ts';
import { formatFen } from '../money.ts';
import { DepositSummary, RegistrationStatusTag, registrationDeadlineOf } from './deposit-labels.tsx';
import { SecurityCard } from './SecurityCard.tsx';

type Project = RouterOutputs['project']['get'];
type Mine = RouterOutputs['registration']['mine'][number];

export const REGISTRATION_KEYS = {
  mine: ['registration', 'mine'] as const,
  open: ['registration', 'openProjects'] as const,
};

/**
 * 报名 (bidder): per section the required security, the deadline, a 报名 button — or my company's
 * registration status with 撤回报名 — and the deposit status with its refund due date.
 */
export function RegistrationPanel({ project }: { project: Project }) {
  const t = useProjectT(project);
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const mine = useQuery({ queryKey: REGISTRATION_KEYS.mine, queryFn: () => api.registration.mine.query() });
  const invalidate = async () => {
    await queryClient.invalidateQueries({ queryKey: ['registration'] });
  };
  const register = useMutation({
    mutationFn: (sectionId: number) => api.registration.register.mutate({ sectionId }),
    onSuccess: async () => {
      void message.success(t('registrations.panel.registered'));
      await invalidate();
    },
  });
  const withdraw = useMutation({
    mutationFn: (registrationId: number) => api.registration.withdraw.mutate({ registrationId }),
    onSuccess: async () => {
      void message.success(t('registrations.panel.registrationWithdrawn'));
      await invalidate();
    },
  });
  const deadline = registrationDeadlineOf(project);
  const bySection = new Map<number, Mine>((mine.data ?? []).filter((m) => m.projectId === project.id).map((m) => [m.sectionId, m]));
  // T1: the server's clock, never the browser's; the rule the server refuses 报名 with (issue 16 §4).
  const regAvailability = useAvailability('registration.apply', project);
  const closed = regAvailability !== undefined && !regAvailability.enabled;
  // 撤回报名 only needs the deadline not to have passed (as the service judges it).
  const pastDeadline = closed && regAvailability.reason === 'REGISTRATION_CLOSED';

  return (
    <Card title={<h2 className="ebid-card-title">{t('registrations.panel.registrationSecurity')}</h2>} data-testid="registration-panel">
      <Typography.Paragraph>
        {t('registrations.panel.registrationDeadlineBeijing')}
        <strong data-testid="registration-deadline">{deadline ? formatBeijingDateTime(Date.parse(deadline)) : '—'}</strong>
        {pastDeadline && <> {t('registrations.panel.closedServerTime')}</>}
      </Typography.Paragraph>
      <AvailabilityNotice availability={regAvailability} testId="registration-unavailable" />
      {mine.isError && <AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
      {register.isError && <AppErrorAlert error={register.error} title={t('registrations.panel.registrationFailed')} />}
      {withdraw.isError && <AppErrorAlert error={withdraw.error} title={t('registrations.panel.withdrawalFailed')} />}
      {mine.isPending ? (
        <Spin />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={project.sections}
          columns={[
            { key: 'section', title: t('registrations.panel.sectionLot'), render: (_, s) => `${s.code} ${s.name}` },
            { key: 'security', title: t('registrations.panel.requiredSecurity'), render: (_, s) => formatFen(s.securityFen ?? 0) },
            {
              key: 'status',
              title: t('registrations.panel.registration'),
              render: (_, s) => {
                const r = bySection.get(s.id);
                return r ? <RegistrationStatusTag status={r.status} /> : t('registrations.registered');
              },
            },
            {
              key: 'deposit',
              title: t('registrations.panel.security'),
              render: (_, s) => {
                const d = bySection.get(s.id)?.deposit;
                if (!d) return '—';
                return <DepositSummary deposit={d} showAmount={false} />;
              },
            },
            {
              key: 'action',
              title: t('registrations.action'),
              render: (_, s) => {
                const r = bySection.get(s.id);
                // A company that withdrew may register again before the deadline (the same registration).
                if (!r || r.status === 'withdrawn') {
                  return (
                    <Button
                      type="primary"
                      icon={<FormOutlined aria-hidden />}
                      disabled={closed}
                      loading={register.isPending && register.variables === s.id}
                      onClick={() => register.mutate(s.id)}
                      aria-label={`${t('registrations.panel.register')} ${s.code}`}
                      data-testid={`register-${s.code}`}
                    >
                      {t(r ? 'registrations.panel.registerAgain' : 'registrations.panel.register2')}
                    </Button>
                  );
                }
                return (
                  <Popconfirm
                    title={t('registrations.panel.withdrawRegistrationSection')}
                    onConfirm={() => withdraw.mutate(r.id)}
                    okText={t('registrations.panel.withdraw')}
                    cancelText={t('common.cancel')}
                  >
                    <Button icon={<RollbackOutlined aria-hidden />} disabled={pastDeadline} aria-label={`${t('registrations.panel.withdrawRegistration')} ${s.code}`} data-testid={`withdraw-${s.code}`}>
                      {t('registrations.panel.withdrawRegistration')}
                    </Button>
                  </Popconfirm>
                );
              },
            },
          ]}
        />
      )}
      {[...bySection.values()]
        .filter((r) => r.status !== 'withdrawn')
        .map((r) => (
          <div className="ebid-gap" key={r.id}>
            <ProjectTerms project={project}>
              <SecurityCard registration={r} />
            </ProjectTerms>
          </div>
        ))}
    </Card>
  );
}
