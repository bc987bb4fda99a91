import { useEffect, useState } from 'react';
import { Badge, Button, Drawer, List, Space, Switch, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, type Actor } from '../api.ts';
import { formatBeijingDateTime } from '../clock.ts';
import { useLiveEvents } from '../live.ts';
import { serverText, useLang, useT } from '../i18n.ts';
import { AppErrorAlert } from './AppErrorAlert.tsx';

/** The message-center bell: unread count, live over SSE topic user.<id>; the drawer lists and marks read. */
export function NotificationBell({ actor }: { actor: Actor }) {
  const t = useT();
  const { lang } = useLang();
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const input = { ...(unreadOnly ? { unreadOnly: true } : {}), limit: 50 };
  const list = useQuery({ queryKey: ['notification', 'list', input], queryFn: () => api.notification.list.query(input) });
  const live = useLiveEvents([`user.${actor.userId}`], 1);
  const lastId = live.events[0]?.id;
  useEffect(() => {
    if (lastId !== undefined) void queryClient.invalidateQueries({ queryKey: ['notification'] });
  }, [lastId, queryClient]);
  const markRead = useMutation({
    mutationFn: (ids: number[]) => api.notification.markRead.mutate({ ids }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notification'] }),
  });
  const unread = list.data?.unread ?? 0;
  const unreadIds = (list.data?.items ?? []).filter((n) => !n.readAt).map((n) => n.id);
  return (
    <>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          className="ebid-user-button"
          icon={<BellOutlined aria-hidden />}
          aria-label={`${t('notify.bell')}: ${t('notify.unread', { n: unread })}`}
          onClick={() => setOpen(true)}
          data-testid="notification-bell"
          data-unread={unread}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notify.title')}
        size={420}
        extra={
          <Button size="small" disabled={unreadIds.length === 0} loading={markRead.isPending} onClick={() => markRead.mutate(unreadIds)} data-testid="notify-mark-all">
            {t('notify.markAll')}
          </Button>
        }
      >
        <Space className="ebid-gap">
          <Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} aria-label={t('notify.unreadOnly')} />
          <span>{t('notify.unreadOnly')}</span>
        </Space>
        {list.isError && <AppErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
        <List
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('notify.empty') }}
          data-testid="notification-list"
          renderItem={(n) => (
            <List.Item
              actions={[
                ...(n.link ? [<Link key="open" to={n.link} onClick={() => setOpen(false)}>{t('notify.open')}</Link>] : []),
                ...(!n.readAt ? [<Button key="read" size="small" type="link" onClick={() => markRead.mutate([n.id])}>{t('notify.markRead')}</Button>] : []),
              ]}
            >
              <List.Item.Meta
                title={n.readAt ? serverText(lang, { zh: n.titleZh, en: n.titleEn }) : <strong>{serverText(lang, { zh: n.titleZh, en: n.titleEn })}</strong>}
                description={
                  <>
                    <div>{serverText(lang, { zh: n.bodyZh, en: n.bodyEn })}</div>
                    <Typography.Text type="secondary" className="ebid-small">
                      {formatBeijingDateTime(Date.parse(n.createdAt))}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
