/**
 * 专家抽取 (issue 21 §7, with §3–§6 as the browser shows them): center staff pick a section whose bid
 * deadline has passed, request its committee (composition checked by the server, E1; its errors shown as
 * the server words them), then follow the committee: the published commitment (the eligible list's
 * SHA-256 and its pseudonyms in order; the excluded and why, staff only), the public draw (DrawPanel: this
 * browser commits and reveals by itself — staff and supervisors are its witnesses), the re-run of the draw
 * in this browser, the roster with each invitation's state, a manual appointment with its special approval
 * (E2), and publication. A supervisor sees the same page read-only, witnesses the draw and re-runs it
 * before publication (§3). Names appear only as the server gives them (E4).
 */
import { useCallback, useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useOutletContext, useSearchParams } from 'react-router';
import type { Dayjs } from 'dayjs';
import { SPECIALTY_CODES, type SpecialtyCode } from '@ebid/domain';
import { useApi, type Actor, type RouterOutputs } from '../api.ts';
import { beijingIso, pickerValue } from '../beijing-picker.ts';
import { formatBeijing } from '../clock.ts';
import { useServerNow } from '../components/ServerClock.tsx';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { DenseTable } from '../components/DenseTable.tsx';
import { DrawPanel } from '../draws/DrawPanel.tsx';
import { useSpecialtyName } from '../experts/words.tsx';
import { useLiveEvents } from '../live.ts';
import { ErrorBox, fmtTime, LIST_STYLE } from '../opening/ui.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { RERUN_PARTS, rerunCommitteeDraw, type CommitteeView, type Rerun } from './rerun.ts';
import { CommitteeStatusTag, SeatStatusTag, useExclusionReason, useSeatKind } from './words.tsx';

type Section = RouterOutputs['committee']['sections'][number];
type Seat = CommitteeView['seats'][number];

const KEYS = {
  sections: ['committee', 'sections'] as const,
  get: (id: number) => ['committee', 'get', id] as const,
  verification: (id: number) => ['committee', 'verification', id] as const,
  draw: (id: number) => ['draw', 'get', id] as const,
};

export function CommitteeDrawsPage() {
  const [params, setParams] = useSearchParams();
  const committeeId = Number(params.get('committee')) || null;
  const sectionId = Number(params.get('section')) || null;
  const go = (next: Record<string, string>) => setParams(next);
  if (committeeId) return <CommitteeDetail committeeId={committeeId} onBack={() => go({})} />;
  if (sectionId) return <RequestForm sectionId={sectionId} onBack={() => go({})} onDone={(id) => go({ committee: String(id) })} />;
  return <SectionsList onOpen={(id) => go({ committee: String(id) })} onRequest={(id) => go({ section: String(id) })} />;
}

function SectionsList({ onOpen, onRequest }: { onOpen: (committeeId: number) => void; onRequest: (sectionId: number) => void }) {
  const t = useT();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const isStaff = actor.role === 'staff';
  const list = useQuery({ queryKey: KEYS.sections, queryFn: () => api.committee.sections.query({}) });
  return (
    <Card title={<h2 className="ebid-card-title">{t('committee.sections.title')}</h2>}>
      <Typography.Paragraph type="secondary">{t(isStaff ? 'committee.sections.introStaff' : 'committee.sections.introSupervisor')}</Typography.Paragraph>
      {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <DenseTable<Section>
        rowKey="sectionId"
        loading={list.isPending}
        dataSource={list.data ?? []}
        testId="committee-sections"
        empty={t('committee.sections.empty')}
        columns={[
          { key: 'project', title: t('committee.project'), render: (_v, s) => s.projectName },
          { key: 'section', title: t('committee.section'), render: (_v, s) => `${s.sectionCode} ${s.sectionName}` },
          { key: 'deadline', title: t('committee.bidDeadline'), render: (_v, s) => fmtTime(s.bidDeadline) },
          { key: 'committee', title: t('committee.committee'), render: (_v, s) => (s.committee ? <CommitteeStatusTag status={s.committee.status} /> : t('committee.none')) },
        ]}
        actions={(s) =>
          s.committee ? (
            <Button size="small" onClick={() => onOpen(s.committee!.id)} data-testid={`committee-open-${s.sectionId}`}>
              {t('committee.open')}
            </Button>
          ) : isStaff ? (
            <Button size="small" type="primary" onClick={() => onRequest(s.sectionId)} data-testid={`committee-request-${s.sectionId}`}>
              {t('committee.request')}
            </Button>
          ) : null
        }
        actionsWidth={150}
      />
    </Card>
  );
}

interface SpecialtyRow {
  specialty?: SpecialtyCode;
  members?: number;
  backups?: number;
}

interface RequestValues {
  size: number;
  ownerReps: number;
  complex: boolean;
  specialties: SpecialtyRow[];
  sessionAt?: Dayjs;
  sessionPlace: string;
  respondMinutes: number;
  commitMinutes: number;
  revealMinutes: number;
}

function RequestForm(props: { sectionId: number; onBack: () => void; onDone: (committeeId: number) => void }) {
  const api = useApi();
  const list = useQuery({ queryKey: KEYS.sections, queryFn: () => api.committee.sections.query({}) });
  const now = useServerNow();
  if (now === undefined || !list.data) return <Card loading />;
  return <RequestFormBody {...props} section={list.data.find((s) => s.sectionId === props.sectionId)} now={now} />;
}

function RequestFormBody({ sectionId, section, now, onBack, onDone }: { sectionId: number; section: Section | undefined; now: number; onBack: () => void; onDone: (committeeId: number) => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const specialtyName = useSpecialtyName();
  const [form] = Form.useForm<RequestValues>();
  const request = useMutation({
    mutationFn: (v: RequestValues) =>
      api.committee.request.mutate({
        sectionId,
        size: v.size,
        ownerReps: v.ownerReps,
        complex: v.complex,
        specialties: v.specialties.filter((s) => s.specialty).map((s) => ({ specialty: s.specialty!, members: s.members ?? 1, backups: s.backups ?? 0 })),
        respondMinutes: v.respondMinutes,
        sessionAt: v.sessionAt ? beijingIso(v.sessionAt) : '',
        sessionPlace: v.sessionPlace,
        commitMinutes: v.commitMinutes,
        revealMinutes: v.revealMinutes,
      }),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: ['committee'] });
      onDone(c.id);
    },
  });
  // A GP 招标 may be flagged complex (E1: then at least 7).
  const gpTender = section?.tradeType === 'procurement' && (section.method === 'open' || section.method === 'invited');
  // The session defaults to 09:00 (Beijing) of the day after today by the server's clock; staff change it.
  const [defaultSession] = useState(() => pickerValue(`${formatBeijing(now + 86_400_000, 'YYYY-MM-DD')}T09:00:00+08:00`) ?? undefined);
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('committee.request.title')}</h2>}
      extra={
        <Button onClick={onBack} data-testid="committee-back">
          {t('committee.back')}
        </Button>
      }
    >
      {section && (
        <Typography.Paragraph data-testid="committee-request-section">
          {t('committee.request.for', { project: section.projectName, section: `${section.sectionCode} ${section.sectionName}`, min: section.minSize })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">{t('committee.request.rules')}</Typography.Paragraph>
      <Form<RequestValues>
        form={form}
        layout="vertical"
        onFinish={(v) => request.mutate(v)}
        initialValues={{ sessionAt: defaultSession, size: section?.minSize ?? 5, ownerReps: 0, complex: false, specialties: [{ members: section?.minSize ?? 5, backups: 2 }], respondMinutes: 60, commitMinutes: 10, revealMinutes: 5, sessionPlace: '' }}
        data-testid="committee-request-form"
      >
        <Space wrap align="start">
          <Form.Item name="size" label={t('committee.size')} rules={[{ required: true, message: t('committee.required') }]}>
            <InputNumber min={1} max={49} data-testid="committee-size" />
          </Form.Item>
          <Form.Item name="ownerReps" label={t('committee.ownerReps')} rules={[{ required: true, message: t('committee.required') }]}>
            <InputNumber min={0} max={49} data-testid="committee-owner-reps" />
          </Form.Item>
          {gpTender && (
            <Form.Item name="complex" valuePropName="checked" label={t('committee.complex')}>
              <Checkbox>{t('committee.complex.hint')}</Checkbox>
            </Form.Item>
          )}
        </Space>
        <Form.List name="specialties">
          {(fields, { add, remove }) => (
            <fieldset className="ebid-fieldset">
              <legend>{t('committee.specialties')}</legend>
              {fields.map((f, i) => (
                <div key={f.key}>
                <Space wrap align="start">
                  <Form.Item name={[f.name, 'specialty']} label={t('committee.specialty')} rules={[{ required: true, message: t('committee.required') }]}>
                    <Select
                      style={{ width: 200 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      data-testid={`committee-specialty-${i}`}
                      options={SPECIALTY_CODES.map((c) => ({ value: c, label: specialtyName(c) }))}
                      aria-label={`${t('committee.specialty')} ${i + 1}`}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'members']} label={t('committee.members')} rules={[{ required: true, message: t('committee.required') }]}>
                    <InputNumber min={1} max={49} aria-label={`${t('committee.members')} ${i + 1}`} data-testid={`committee-members-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'backups']} label={t('committee.backups')} rules={[{ required: true, message: t('committee.required') }]}>
                    <InputNumber min={0} max={49} aria-label={`${t('committee.backups')} ${i + 1}`} data-testid={`committee-backups-${i}`} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Form.Item label={<span className="ebid-visually-hidden">{t('committee.removeSpecialty')}</span>}>
                      <Button onClick={() => remove(f.name)}>{t('committee.removeSpecialty')}</Button>
                    </Form.Item>
                  )}
                </Space>
                </div>
              ))}
              {fields.length < 10 && (
                <Button onClick={() => add({ members: 1, backups: 1 })} data-testid="committee-add-specialty">
                  {t('committee.addSpecialty')}
                </Button>
              )}
            </fieldset>
          )}
        </Form.List>
        <Space wrap align="start" className="ebid-gap-top">
          <Form.Item name="sessionAt" label={t('committee.sessionAt')} rules={[{ required: true, message: t('committee.required') }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="committee-session-at" />
          </Form.Item>
          <Form.Item name="sessionPlace" label={t('committee.sessionPlace')} rules={[{ required: true, whitespace: true, message: t('committee.required') }]}>
            <Input maxLength={200} style={{ width: 360 }} data-testid="committee-session-place" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="respondMinutes" label={t('committee.respondMinutes')} rules={[{ required: true, message: t('committee.required') }]}>
            <InputNumber min={5} max={10080} data-testid="committee-respond-minutes" />
          </Form.Item>
          <Form.Item name="commitMinutes" label={t('committee.commitMinutes')} rules={[{ required: true, message: t('committee.required') }]}>
            <InputNumber min={1} max={1440} data-testid="committee-commit-minutes" />
          </Form.Item>
          <Form.Item name="revealMinutes" label={t('committee.revealMinutes')} rules={[{ required: true, message: t('committee.required') }]}>
            <InputNumber min={1} max={1440} data-testid="committee-reveal-minutes" />
          </Form.Item>
        </Space>
        {request.isError && <ErrorBox error={request.error} title={t('committee.request.failed')} />}
        <Button type="primary" htmlType="submit" loading={request.isPending} className="ebid-gap-top" data-testid="committee-request-submit">
          {t('committee.request.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function CommitteeDetail({ committeeId, onBack }: { committeeId: number; onBack: () => void }) {
  const t = useT();
  const api = useApi();
  const qc = useQueryClient();
  const actor = useOutletContext<Actor>();
  const isStaff = actor.role === 'staff';
  const c = useQuery({ queryKey: KEYS.get(committeeId), queryFn: () => api.committee.get.query({ committeeId }), retry: false });
  const drawId = c.data?.drawId ?? null;
  const v = useQuery({ queryKey: KEYS.verification(committeeId), queryFn: () => api.committee.verification.query({ committeeId }), enabled: drawId !== null, retry: false });
  const draw = useQuery({ queryKey: KEYS.draw(drawId ?? 0), queryFn: () => api.draw.get.query({ drawId: drawId! }), enabled: drawId !== null, retry: false });
  const specialtyName = useSpecialtyName();
  // The draw's options are `specialty:pseudonym`: the specialty in words.
  const optionWords = (o: string) => {
    const i = o.indexOf(':');
    return i > 0 ? t('committee.option', { specialty: specialtyName(o.slice(0, i)), pseudonym: o.slice(i + 1) }) : o;
  };
  const live = useLiveEvents([`committee.${committeeId}`], 20);
  const latest = live.events[0]?.id;
  // One stable refresh (the query client never changes): the committee's reads, then the draw's.
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: ['committee'] }).then(() => qc.invalidateQueries({ queryKey: ['draw'] })), [qc]);
  useEffect(() => {
    if (latest !== undefined) refresh();
  }, [latest, refresh]);
  // While the draw is open, look again now and then: the draw runs on the server at the reveal close.
  const open = c.data?.status === 'committed';
  useEffect(() => {
    if (!open) return;
    const id = setInterval(refresh, 5000);
    return () => clearInterval(id);
  }, [open, refresh]);
  const back = (
    <Button onClick={onBack} data-testid="committee-back">
      {t('committee.back')}
    </Button>
  );
  if (c.isError) return <Card extra={back}><ErrorBox error={c.error} /></Card>;
  if (!c.data) return <Card extra={back} loading />;
  const committee = c.data;
  return (
    <div className="ebid-stack" data-testid="committee-detail">
      <Card title={<h2 className="ebid-card-title">{t('committee.detail.title', { id: committee.id })}</h2>} extra={back}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'status', label: t('committee.status'), children: <CommitteeStatusTag status={committee.status} /> },
            { key: 'size', label: t('committee.size'), children: t('committee.sizeOf', { size: committee.size, reps: committee.ownerReps }) },
            { key: 'session', label: t('committee.sessionAt'), children: fmtTime(committee.sessionAt) },
            { key: 'place', label: t('committee.sessionPlace'), children: committee.sessionPlace ?? '—' },
            { key: 'respond', label: t('committee.respondMinutes'), children: committee.respondMinutes },
            { key: 'published', label: t('committee.publishedAt'), children: fmtTime(committee.publishedAt) },
          ]}
        />
        {!isStaff && <Typography.Paragraph type="secondary" className="ebid-gap-top">{t('committee.readOnlySupervisor')}</Typography.Paragraph>}
      </Card>
      {v.data && <CommitmentCard committee={committee} verification={v.data} showExcluded={isStaff} />}
      {v.isError && <ErrorBox error={v.error} />}
      {draw.data && (
        <Card title={<h2 className="ebid-card-title">{t('committee.draw.title')}</h2>} data-testid="committee-draw">
          <Typography.Paragraph type="secondary">{t('committee.draw.intro')}</Typography.Paragraph>
          <DrawPanel draw={draw.data} userId={actor.userId} onChanged={refresh} renderOption={(o) => <span className="ebid-mono">{optionWords(String(o))}</span>} />
        </Card>
      )}
      {v.data && v.data.selection !== null && <RerunCard committee={committee} verification={v.data} />}
      {committee.seats.length > 0 && <RosterCard committee={committee} isStaff={isStaff} onChanged={refresh} />}
    </div>
  );
}

function CommitmentCard({ committee, verification, showExcluded }: { committee: CommitteeView; verification: RouterOutputs['committee']['verification']; showExcluded: boolean }) {
  const t = useT();
  const specialtyName = useSpecialtyName();
  const reasonName = useExclusionReason();
  return (
    <Card title={<h2 className="ebid-card-title">{t('committee.commitment.title')}</h2>} data-testid="committee-commitment">
      <Typography.Paragraph type="secondary">{t('committee.commitment.intro')}</Typography.Paragraph>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'sha', label: t('committee.commitment.sha'), children: <span className="ebid-mono ebid-break" data-testid="committee-eligible-sha">{verification.eligibleSha256}</span> },
          ...verification.list.specialties.map((s) => ({
            key: s.specialty,
            label: t('committee.commitment.eligibleOf', { specialty: specialtyName(s.specialty), members: s.members, backups: s.backups }),
            children: (
              <ol style={LIST_STYLE} className="ebid-mono" data-testid={`committee-eligible-${s.specialty}`}>
                {s.eligible.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ol>
            ),
          })),
          ...(showExcluded
            ? [
                {
                  key: 'excluded',
                  label: t('committee.commitment.excluded'),
                  children: committee.excluded.length ? (
                    <ul style={LIST_STYLE} data-testid="committee-excluded">
                      {committee.excluded.map((x) => (
                        <li key={`${x.specialty}:${x.pseudonym}`}>
                          <span className="ebid-mono">{x.pseudonym}</span>（{specialtyName(x.specialty)}）：{x.reasons.map(reasonName).join(t('common.listSeparator'))}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('committee.commitment.noneExcluded')
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

const PART_WORDS: Record<(typeof RERUN_PARTS)[number], MessageKey> = {
  list: 'committee.rerun.part.list',
  platform: 'committee.rerun.part.platform',
  reveals: 'committee.rerun.part.reveals',
  result: 'committee.rerun.part.result',
  selection: 'committee.rerun.part.selection',
  roster: 'committee.rerun.part.roster',
};

/** The draw re-run in this browser from the published inputs (§3: supervisors before publication, anyone after). */
export function RerunCard({ committee, verification }: { committee?: CommitteeView; verification: RouterOutputs['committee']['verification'] }) {
  const t = useT();
  const specialtyName = useSpecialtyName();
  const [rerun, setRerun] = useState<Rerun | null>(null);
  useEffect(() => {
    let live = true;
    void rerunCommitteeDraw(verification, committee).then((r) => live && setRerun(r));
    return () => {
      live = false;
    };
  }, [verification, committee]);
  const failed = rerun ? RERUN_PARTS.filter((p) => rerun.parts[p] === false) : [];
  return (
    <Card title={<h2 className="ebid-card-title">{t('committee.rerun.title')}</h2>} data-testid="committee-rerun">
      <Typography.Paragraph type="secondary">{t('committee.rerun.intro')}</Typography.Paragraph>
      {!rerun ? (
        <Typography.Text>{t('committee.rerun.running')}</Typography.Text>
      ) : (
        <>
          <Typography.Paragraph>
            <Typography.Text strong type={rerun.ok ? 'success' : 'danger'} data-testid="committee-rerun-result" data-ok={rerun.ok ? 'yes' : 'no'}>
              {rerun.ok ? t('committee.rerun.matches') : t('committee.rerun.mismatch', { parts: failed.map((p) => t(PART_WORDS[p])).join(t('common.listSeparator')) })}
            </Typography.Text>
          </Typography.Paragraph>
          <ul style={LIST_STYLE} data-testid="committee-rerun-parts">
            {RERUN_PARTS.filter((p) => rerun.parts[p] !== undefined).map((p) => (
              <li key={p} data-part={p} data-ok={rerun.parts[p] ? 'yes' : 'no'}>
                {t(PART_WORDS[p])}：{rerun.parts[p] ? t('committee.rerun.partOk') : t('committee.rerun.partFailed')}
              </li>
            ))}
          </ul>
          {rerun.selection && (
            <Descriptions
              className="ebid-gap-top"
              size="small"
              bordered
              column={1}
              items={rerun.selection.map((s) => ({
                key: s.specialty,
                label: specialtyName(s.specialty),
                children: (
                  <span className="ebid-mono">
                    {t('committee.rerun.members')}：{s.members.join('，')}；{t('committee.rerun.backups')}：{s.backups.length ? s.backups.join('，') : '—'}
                  </span>
                ),
              }))}
            />
          )}
        </>
      )}
    </Card>
  );
}

function RosterCard({ committee, isStaff, onChanged }: { committee: CommitteeView; isStaff: boolean; onChanged: () => void }) {
  const t = useT();
  const seatKind = useSeatKind();
  const api = useApi();
  const specialtyName = useSpecialtyName();
  const { message } = AntApp.useApp();
  const [appointing, setAppointing] = useState(false);
  const publish = useMutation({
    mutationFn: () => api.committee.publish.mutate({ committeeId: committee.id }),
    onSuccess: () => {
      void message.success(t('committee.published'));
      onChanged();
    },
  });
  return (
    <Card
      title={<h2 className="ebid-card-title">{t('committee.roster.title')}</h2>}
      extra={
        isStaff && committee.status === 'drawn' ? (
          <Space wrap>
            <Button onClick={() => setAppointing(true)} data-testid="committee-appoint">
              {t('committee.manual')}
            </Button>
            <Button type="primary" onClick={() => publish.mutate()} loading={publish.isPending} data-testid="committee-publish">
              {t('committee.publish')}
            </Button>
          </Space>
        ) : null
      }
      data-testid="committee-roster"
    >
      {committee.manual && (
        <Typography.Paragraph type="warning" data-testid="committee-manual-note">
          {t('committee.manual.recorded', { note: committee.manualApprovalNote ?? '—' })}
        </Typography.Paragraph>
      )}
      {publish.isError && <ErrorBox error={publish.error} title={t('committee.publish.failed')} />}
      <DenseTable<Seat>
        rowKey="id"
        dataSource={committee.seats}
        testId="committee-seats"
        columns={[
          { key: 'specialty', title: t('committee.specialty'), render: (_v, s) => specialtyName(s.specialty) },
          { key: 'kind', title: t('committee.seat.kind'), render: (_v, s) => seatKind(committee, s) },
          { key: 'pseudonym', title: t('committee.pseudonym'), render: (_v, s) => <span className="ebid-mono">{s.pseudonym}</span> },
          { key: 'name', title: t('committee.name'), render: (_v, s) => s.name ?? t('committee.nameHidden') },
          { key: 'status', title: t('committee.seat.status'), render: (_v, s) => <SeatStatusTag status={s.status} /> },
          { key: 'respondBy', title: t('committee.respondBy'), render: (_v, s) => fmtTime(s.respondBy) },
        ]}
        details={{
          title: (s) => `${s.pseudonym}${s.name ? ` ${s.name}` : ''}`,
          render: (s) => (
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'invited', label: t('committee.invitedAt'), children: fmtTime(s.invitedAt) },
                { key: 'responded', label: t('committee.respondedAt'), children: fmtTime(s.respondedAt) },
                { key: 'note', label: t('committee.note'), children: s.note ?? '—' },
              ]}
            />
          ),
        }}
      />
      {appointing && (
        <ManualModal
          committee={committee}
          onClose={() => setAppointing(false)}
          onDone={() => {
            setAppointing(false);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

interface ManualValues {
  specialty: string;
  expertUserId: number;
  approvedBy: number;
  approvalNote: string;
}

/** A manual appointment (E2): only with a special approval — its reference and reason, and its approver. */
function ManualModal({ committee, onClose, onDone }: { committee: CommitteeView; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const api = useApi();
  const actor = useOutletContext<Actor>();
  const specialtyName = useSpecialtyName();
  const [form] = Form.useForm<ManualValues>();
  const specialty = Form.useWatch('specialty', form);
  const experts = useQuery({
    queryKey: ['expert', 'list', 'manual', specialty],
    queryFn: () => api.expert.list.query({ specialty: specialty as SpecialtyCode, state: 'available', offset: 0, limit: 100 }),
    enabled: !!specialty,
  });
  const staff = useQuery({ queryKey: ['user', 'list', 'center'], queryFn: () => api.user.list.query({}) });
  const appoint = useMutation({ mutationFn: (v: ManualValues) => api.committee.appointManually.mutate({ committeeId: committee.id, ...v }), onSuccess: onDone });
  return (
    <Modal open title={t('committee.manual')} onCancel={onClose} onOk={() => form.submit()} okText={t('committee.manual.submit')} cancelText={t('common.cancel')} confirmLoading={appoint.isPending}>
      <Typography.Paragraph type="secondary">{t('committee.manual.intro')}</Typography.Paragraph>
      {appoint.isError && <ErrorBox error={appoint.error} />}
      <Form<ManualValues> form={form} layout="vertical" onFinish={(v) => appoint.mutate(v)}>
        <Form.Item name="specialty" label={t('committee.specialty')} rules={[{ required: true, message: t('committee.required') }]}>
          <Select options={committee.specialties.map((s) => ({ value: s.specialty, label: specialtyName(s.specialty) }))} />
        </Form.Item>
        <Form.Item name="expertUserId" label={t('committee.manual.expert')} rules={[{ required: true, message: t('committee.required') }]}>
          <Select loading={experts.isFetching} options={(experts.data?.items ?? []).map((e) => ({ value: e.userId, label: `${e.displayName}（${e.pseudonym}）` }))} />
        </Form.Item>
        <Form.Item name="approvedBy" label={t('committee.manual.approver')} rules={[{ required: true, message: t('committee.required') }]}>
          <Select options={(staff.data ?? []).filter((u) => u.role === 'staff' && u.active && u.id !== actor.userId).map((u) => ({ value: u.id, label: u.displayName }))} />
        </Form.Item>
        <Form.Item name="approvalNote" label={t('committee.manual.note')} rules={[{ required: true, min: 4, whitespace: true, message: t('committee.manual.noteRequired') }]}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
