import { useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { useT, type MessageKey } from '../i18n.ts';
import { yuanToFen } from '../money.ts';
import { CATEGORY_LABELS, formatValue, UNIT_LABELS, valueToInput, type Category, type Unit } from './qualification-labels.ts';

type Project = RouterOutputs['project']['get'];
type Criterion = RouterOutputs['qualification']['criteria'][number];

interface Row {
  key: number;
  code: string;
  category: Category;
  title: string;
  requirement: string;
  unit: Unit | '';
  minValue: string;
  evidenceRequired: boolean;
  sectionId: number | null;
}

let nextKey = -1; // new rows: negative keys; saved rows: their id
const toRow = (c: Criterion): Row => ({
  key: c.id,
  code: c.code,
  category: c.category,
  title: c.title,
  requirement: c.requirement,
  unit: c.unit ?? '',
  minValue: valueToInput(c.minValue, c.unit),
  evidenceRequired: c.evidenceRequired,
  sectionId: c.sectionId,
});
const emptyRow = (i: number): Row => ({
  key: nextKey--,
  code: `Q${i + 1}`,
  category: 'licence',
  title: '',
  requirement: '',
  unit: '',
  minValue: '',
  evidenceRequired: true,
  sectionId: null,
});

/** The threshold as sent: fen for money (yuan typed), an integer count; undefined = invalid. */
function parseMin(r: Row): number | null | undefined {
  const s = r.minValue.trim();
  if (s === '') return null;
  if (r.unit === 'fen') return yuanToFen(s) ?? undefined;
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

/**
 * 资格条件 of a project (owner side, issue 5 §5): an editable list while the project is a DRAFT (saved as a
 * whole with '保存资格条件'), a read-only list once it is submitted (frozen, S1).
 */
export function CriteriaEditor({ project }: { project: Project }) {
  const t = useT();
  const api = useApi();
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const key = ['qualification', 'criteria', project.id];
  const criteria = useQuery({ queryKey: key, queryFn: () => api.qualification.criteria.query({ projectId: project.id }) });
  const editable = project.status === 'DRAFT';
  const [edited, setRows] = useState<Row[] | null>(null);
  const rows = edited ?? criteria.data?.map(toRow) ?? null;
  const [localError, setLocalError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (list: Row[]) =>
      api.qualification.setCriteria.mutate({
        projectId: project.id,
        criteria: list.map((r) => ({
          code: r.code.trim(),
          category: r.category,
          title: r.title.trim(),
          requirement: r.requirement.trim(),
          minValue: parseMin(r) ?? null,
          unit: r.unit === '' ? null : r.unit,
          evidenceRequired: r.evidenceRequired,
          sectionId: r.sectionId,
        })),
      }),
    onSuccess: async (saved) => {
      setRows(saved.map(toRow));
      void message.success(t('qualification.criteriaEditor.qualificationCriteriaSaved'));
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const sectionName = (id: number | null) =>
    id === null ? t('qualification.criteriaEditor.allSections') : (project.sections.find((s) => s.id === id)?.code ?? String(id));
  const title = <h2 className="ebid-card-title">{t('qualification.criteriaEditor.qualificationCriteria')}</h2>;

  if (criteria.isError) return <Card title={title}><AppErrorAlert error={criteria.error} onRetry={() => void criteria.refetch()} /></Card>;
  if (criteria.isPending || rows === null) return <Card title={title}><Spin /></Card>;

  if (!editable) {
    return (
      <Card title={title} data-testid="criteria-readonly">
        <Typography.Paragraph type="secondary">
          {t('qualification.criteriaEditor.projectBeenSubmitted')}
        </Typography.Paragraph>
        {criteria.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.criteriaEditor.criteria')} />
        ) : (
          <Table<Criterion>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={criteria.data}
            columns={[
              { title: t('qualification.criteriaEditor.code'), dataIndex: 'code' },
              { title: t('qualification.criteriaEditor.category'), render: (_, c) => t(CATEGORY_LABELS[c.category]) },
              { title: t('qualification.criteriaEditor.criterion'), render: (_, c) => <><strong>{c.title}</strong><div>{c.requirement}</div></> },
              { title: t('qualification.threshold'), render: (_, c) => formatValue(c.minValue, c.unit) },
              {
                title: t('qualification.evidence'),
                render: (_, c) => (c.evidenceRequired ? <Tag>{t('qualification.required')}</Tag> : t('qualification.optional')),
              },
              { title: t('qualification.criteriaEditor.sections'), render: (_, c) => sectionName(c.sectionId) },
            ]}
          />
        )}
      </Card>
    );
  }

  const update = (k: number, patch: Partial<Row>) => setRows(rows.map((r) => (r.key === k ? { ...r, ...patch } : r)));
  const submit = () => {
    setLocalError(null);
    const bad = rows.findIndex((r) => parseMin(r) === undefined);
    if (bad >= 0) {
      setLocalError(t('qualification.criteriaEditor.rowThresholdValid', { bad: bad + 1 }));
      return;
    }
    save.mutate(rows);
  };

  return (
    <Card title={title} data-testid="criteria-editor">
      <div className="ebid-stack">
        {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qualification.criteriaEditor.criteriaYet')} />}
        {rows.map((r, i) => {
          const n = i + 1;
          const label = (field: MessageKey) => t('qualification.criteriaEditor.rowField', { n, field: t(field) });
          return (
            <Card type="inner" key={r.key} size="small" data-testid={`criterion-row-${i}`}
              title={t('qualification.criteriaEditor.criterion2', { n })}
              extra={<Button type="text" aria-label={label('qualification.field.remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => setRows(rows.filter((x) => x.key !== r.key))} />}
            >
              <Space wrap align="start">
                <Input aria-label={label('qualification.field.code')} placeholder={t('qualification.criteriaEditor.code')} maxLength={20} value={r.code} onChange={(e) => update(r.key, { code: e.target.value })} style={{ width: 90 }} />
                <Select<Category> aria-label={label('qualification.field.category')} value={r.category} onChange={(v) => update(r.key, { category: v })} style={{ width: 130 }}
                  options={Object.entries(CATEGORY_LABELS).map(([v, l]) => ({ value: v as Category, label: t(l) }))} />
                <Input aria-label={label('qualification.field.title')} placeholder={t('qualification.criteriaEditor.title')} maxLength={100} value={r.title} onChange={(e) => update(r.key, { title: e.target.value })} style={{ width: 220 }} />
                <Select<number | null> aria-label={label('qualification.field.section')} value={r.sectionId} onChange={(v) => update(r.key, { sectionId: v })} style={{ width: 150 }}
                  options={[{ value: null, label: t('qualification.criteriaEditor.allSections') }, ...project.sections.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))]} />
              </Space>
              <Input.TextArea className="ebid-gap-top" aria-label={label('qualification.field.requirement')} placeholder={t('qualification.criteriaEditor.requirement')} maxLength={2000} autoSize={{ minRows: 2 }} value={r.requirement} onChange={(e) => update(r.key, { requirement: e.target.value })} />
              <Space wrap className="ebid-gap-top">
                <Select<Unit | ''> aria-label={label('qualification.field.thresholdUnit')} value={r.unit} onChange={(v) => update(r.key, { unit: v, minValue: '' })} style={{ width: 150 }}
                  options={[{ value: '', label: t('qualification.criteriaEditor.threshold') }, ...Object.entries(UNIT_LABELS).map(([v, l]) => ({ value: v as Unit, label: t(l) }))]} />
                {r.unit !== '' && (
                  <Input aria-label={label('qualification.field.minimumValue')} placeholder={r.unit === 'fen' ? t('qualification.criteriaEditor.minimumYuan') : t('qualification.criteriaEditor.minimum')}
                    value={r.minValue} onChange={(e) => update(r.key, { minValue: e.target.value })} style={{ width: 180 }} inputMode="decimal" />
                )}
                <Checkbox checked={r.evidenceRequired} onChange={(e) => update(r.key, { evidenceRequired: e.target.checked })} aria-label={label('qualification.field.evidenceRequired')}>
                  {t('qualification.criteriaEditor.evidenceRequired')}
                </Checkbox>
              </Space>
            </Card>
          );
        })}
        {localError && <Typography.Text type="danger" role="alert">{localError}</Typography.Text>}
        {save.isError && <AppErrorAlert error={save.error} />}
        <Space>
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => setRows([...rows, emptyRow(rows.length)])} disabled={rows.length >= 50}>
            {t('qualification.criteriaEditor.addCriterion')}
          </Button>
          <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={save.isPending} onClick={submit}>
            {t('qualification.criteriaEditor.saveCriteria')}
          </Button>
        </Space>
      </div>
    </Card>
  );
}
