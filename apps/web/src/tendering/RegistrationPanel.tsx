import { App as AntApp, Button, Card, Popconfirm, Spin, Table, Typography } from 'antd';
import { FormOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { AvailabilityNotice, useAvailability } from '../components/Availability.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { pick, useLang } from '../i18n.ts';
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
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '报名成功', en: 'Registered' }));
      await invalidate();
    },
  });
  const withdraw = useMutation({
    mutationFn: (registrationId: number) => api.registration.withdraw.mutate({ registrationId }),
    onSuccess: async () => {
      void message.success(pick(lang, { zh: '已撤回报名', en: 'Registration withdrawn' }));
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
    <Card title={<h2 className="ebid-card-title">{pick(lang, { zh: '报名与保证金', en: 'Registration and security' })}</h2>} data-testid="registration-panel">
      <Typography.Paragraph>
        {pick(lang, { zh: '报名截止时间（北京时间）：', en: 'Registration deadline (Beijing time): ' })}
        <strong data-testid="registration-deadline">{deadline ? formatBeijingDateTime(Date.parse(deadline)) : '—'}</strong>
        {pastDeadline && <> {pick(lang, { zh: '（已截止，以服务器时间为准）', en: '(closed; server time decides)' })}</>}
      </Typography.Paragraph>
      <AvailabilityNotice availability={regAvailability} testId="registration-unavailable" />
      {mine.isError && <AppErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
      {register.isError && <AppErrorAlert error={register.error} title={pick(lang, { zh: '报名失败', en: 'Registration failed' })} />}
      {withdraw.isError && <AppErrorAlert error={withdraw.error} title={pick(lang, { zh: '撤回失败', en: 'Withdrawal failed' })} />}
      {mine.isPending ? (
        <Spin />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={project.sections}
          columns={[
            { key: 'section', title: pick(lang, { zh: '标段（包）', en: 'Section (lot)' }), render: (_, s) => `${s.code} ${s.name}` },
            { key: 'security', title: pick(lang, { zh: '应缴保证金', en: 'Required security' }), render: (_, s) => formatFen(s.securityFen ?? 0) },
            {
              key: 'status',
              title: pick(lang, { zh: '报名状态', en: 'Registration' }),
              render: (_, s) => {
                const r = bySection.get(s.id);
                return r ? <RegistrationStatusTag status={r.status} /> : pick(lang, { zh: '未报名', en: 'Not registered' });
              },
            },
            {
              key: 'deposit',
              title: pick(lang, { zh: '保证金状态', en: 'Security' }),
              render: (_, s) => {
                const d = bySection.get(s.id)?.deposit;
                if (!d) return '—';
                return <DepositSummary deposit={d} showAmount={false} />;
              },
            },
            {
              key: 'action',
              title: pick(lang, { zh: '操作', en: 'Action' }),
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
                      aria-label={`${pick(lang, { zh: '报名', en: 'Register' })} ${s.code}`}
                      data-testid={`register-${s.code}`}
                    >
                      {pick(lang, r ? { zh: '重新报名', en: 'Register again' } : { zh: '报名', en: 'Register' })}
                    </Button>
                  );
                }
                return (
                  <Popconfirm
                    title={pick(lang, { zh: '确定撤回该标段的报名？', en: 'Withdraw the registration for this section?' })}
                    onConfirm={() => withdraw.mutate(r.id)}
                    okText={pick(lang, { zh: '撤回', en: 'Withdraw' })}
                    cancelText={pick(lang, { zh: '取消', en: 'Cancel' })}
                  >
                    <Button icon={<RollbackOutlined aria-hidden />} disabled={pastDeadline} aria-label={`${pick(lang, { zh: '撤回报名', en: 'Withdraw registration' })} ${s.code}`} data-testid={`withdraw-${s.code}`}>
                      {pick(lang, { zh: '撤回报名', en: 'Withdraw registration' })}
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
            <SecurityCard registration={r} />
          </div>
        ))}
    </Card>
  );
}
