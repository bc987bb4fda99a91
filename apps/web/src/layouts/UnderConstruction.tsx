import { Result, Tag } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useT } from '../i18n.ts';

/** The honest placeholder of a capability that is not built yet: no fake data. */
export function UnderConstruction({ section }: { section: string }) {
  const t = useT();
  return (
    <Result
      icon={<ToolOutlined aria-hidden />}
      title={t('wip.title')}
      subTitle={t('wip.body', { section })}
      extra={
        <Tag icon={<ToolOutlined aria-hidden />} data-testid="wip-status">
          {t('wip.status')}
        </Tag>
      }
      data-testid="under-construction"
    />
  );
}
