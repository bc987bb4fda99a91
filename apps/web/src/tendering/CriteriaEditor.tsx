import { useState } from 'react';
import { App as AntApp, Button, Card, Checkbox, Empty, Input, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, type RouterOutputs } from '../api.ts';
import { AppErrorAlert } from '../components/AppErrorAlert.tsx';
import { pick, useLang } from '../i18n.ts';
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
  const { lang } = useLang();
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
      void message.success(pick(lang, { zh: '资格条件已保存', en: 'Qualification criteria saved' }));
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const sectionName = (id: number | null) =>
    id === null ? pick(lang, { zh: '全部标段', en: 'All sections' }) : (project.sections.find((s) => s.id === id)?.code ?? String(id));
  const title = <h2 className="ebid-card-title">{pick(lang, { zh: '资格条件', en: 'Qualification criteria' })}</h2>;

  if (criteria.isError) return <Card title={title}><AppErrorAlert error={criteria.error} onRetry={() => void criteria.refetch()} /></Card>;
  if (criteria.isPending || rows === null) return <Card title={title}><Spin /></Card>;

  if (!editable) {
    return (
      <Card title={title} data-testid="criteria-readonly">
        <Typography.Paragraph type="secondary">
          {pick(lang, { zh: '项目已提交，资格条件已冻结。', en: 'The project has been submitted; the criteria are frozen.' })}
        </Typography.Paragraph>
        {criteria.data.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '未设置资格条件', en: 'No criteria' })} />
        ) : (
          <Table<Criterion>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={criteria.data}
            columns={[
              { title: pick(lang, { zh: '编号', en: 'Code' }), dataIndex: 'code' },
              { title: pick(lang, { zh: '类别', en: 'Category' }), render: (_, c) => pick(lang, CATEGORY_LABELS[c.category]) },
              { title: pick(lang, { zh: '条件', en: 'Criterion' }), render: (_, c) => <><strong>{c.title}</strong><div>{c.requirement}</div></> },
              { title: pick(lang, { zh: '门槛', en: 'Threshold' }), render: (_, c) => formatValue(c.minValue, c.unit) },
              {
                title: pick(lang, { zh: '证明材料', en: 'Evidence' }),
                render: (_, c) => (c.evidenceRequired ? <Tag>{pick(lang, { zh: '必须提供', en: 'Required' })}</Tag> : pick(lang, { zh: '可选', en: 'Optional' })),
              },
              { title: pick(lang, { zh: '适用标段', en: 'Sections' }), render: (_, c) => sectionName(c.sectionId) },
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
      setLocalError(pick(lang, { zh: `第${bad + 1}条的门槛数值格式不正确`, en: `Row ${bad + 1}: the threshold is not a valid number` }));
      return;
    }
    save.mutate(rows);
  };

  return (
    <Card title={title} data-testid="criteria-editor">
      <div className="ebid-stack">
        {rows.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={pick(lang, { zh: '尚未添加资格条件', en: 'No criteria yet' })} />}
        {rows.map((r, i) => {
          const n = i + 1;
          const label = (zh: string, en: string) => pick(lang, { zh: `第${n}条 ${zh}`, en: `Row ${n} ${en}` });
          return (
            <Card type="inner" key={r.key} size="small" data-testid={`criterion-row-${i}`}
              title={pick(lang, { zh: `条件 ${n}`, en: `Criterion ${n}` })}
              extra={<Button type="text" aria-label={label('删除', 'remove')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => setRows(rows.filter((x) => x.key !== r.key))} />}
            >
              <Space wrap align="start">
                <Input aria-label={label('编号', 'code')} placeholder={pick(lang, { zh: '编号', en: 'Code' })} maxLength={20} value={r.code} onChange={(e) => update(r.key, { code: e.target.value })} style={{ width: 90 }} />
                <Select<Category> aria-label={label('类别', 'category')} value={r.category} onChange={(v) => update(r.key, { category: v })} style={{ width: 130 }}
                  options={Object.entries(CATEGORY_LABELS).map(([v, l]) => ({ value: v as Category, label: pick(lang, l) }))} />
                <Input aria-label={label('名称', 'title')} placeholder={pick(lang, { zh: '名称', en: 'Title' })} maxLength={100} value={r.title} onChange={(e) => update(r.key, { title: e.target.value })} style={{ width: 220 }} />
                <Select<number | null> aria-label={label('适用标段', 'section')} value={r.sectionId} onChange={(v) => update(r.key, { sectionId: v })} style={{ width: 150 }}
                  options={[{ value: null, label: pick(lang, { zh: '全部标段', en: 'All sections' }) }, ...project.sections.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))]} />
              </Space>
              <Input.TextArea className="ebid-gap-top" aria-label={label('要求', 'requirement')} placeholder={pick(lang, { zh: '具体要求', en: 'Requirement' })} maxLength={2000} autoSize={{ minRows: 2 }} value={r.requirement} onChange={(e) => update(r.key, { requirement: e.target.value })} />
              <Space wrap className="ebid-gap-top">
                <Select<Unit | ''> aria-label={label('门槛单位', 'threshold unit')} value={r.unit} onChange={(v) => update(r.key, { unit: v, minValue: '' })} style={{ width: 150 }}
                  options={[{ value: '', label: pick(lang, { zh: '无数值门槛', en: 'No threshold' }) }, ...Object.entries(UNIT_LABELS).map(([v, l]) => ({ value: v as Unit, label: pick(lang, l) }))]} />
                {r.unit !== '' && (
                  <Input aria-label={label('最低数值', 'minimum value')} placeholder={r.unit === 'fen' ? pick(lang, { zh: '最低金额（元）', en: 'Minimum (yuan)' }) : pick(lang, { zh: '最低数量', en: 'Minimum' })}
                    value={r.minValue} onChange={(e) => update(r.key, { minValue: e.target.value })} style={{ width: 180 }} inputMode="decimal" />
                )}
                <Checkbox checked={r.evidenceRequired} onChange={(e) => update(r.key, { evidenceRequired: e.target.checked })} aria-label={label('须提供证明材料', 'evidence required')}>
                  {pick(lang, { zh: '须提供证明材料', en: 'Evidence required' })}
                </Checkbox>
              </Space>
            </Card>
          );
        })}
        {localError && <Typography.Text type="danger" role="alert">{localError}</Typography.Text>}
        {save.isError && <AppErrorAlert error={save.error} />}
        <Space>
          <Button icon={<PlusOutlined aria-hidden />} onClick={() => setRows([...rows, emptyRow(rows.length)])} disabled={rows.length >= 50}>
            {pick(lang, { zh: '添加条件', en: 'Add criterion' })}
          </Button>
          <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={save.isPending} onClick={submit}>
            {pick(lang, { zh: '保存资格条件', en: 'Save criteria' })}
          </Button>
        </Space>
      </div>
    </Card>
  );
}
