/**
 * The notification centre in the header: a bell with the unread count, kept live over SSE, and a
 * list of the newest notifications (opening one marks it read and goes to the case).
 */
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { formatInstant } from '../../shared/time';
import { DigestSwitch } from './DigestSwitch';
import { useLiveUnread } from './live-unread';

type Item = Schemas['NotificationView'];

export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const live = useLiveUnread();
  const client = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: () => call(api.GET('/me/notifications', { params: { query: { limit: 20 } } })),
  });
  // A new count from the stream means the list changed too.
  useEffect(() => {
    if (live !== null) void client.invalidateQueries({ queryKey: ['notifications'] });
  }, [live, client]);
  const markRead = useMutation({
    mutationFn: (id: string) => call(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const readAll = useMutation({
    mutationFn: () => call(api.POST('/me/notifications/read-all')),
    onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const unread = live ?? list.data?.unread ?? 0;
  const openItem = (item: Item) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpen(false);
    if (item.link) void navigate(item.link.replace(/^\/console/, ''));
  };

  const content = (
    <div style={{ width: 380, maxHeight: 480, overflowY: 'auto' }} data-testid="notification-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>通知</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => readAll.mutate()}>
          全部标为已读
        </Button>
      </Space>
      {list.data && list.data.items.length === 0 ? (
        <Empty description="暂无通知" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List<Item>
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          renderItem={(item) => (
            <List.Item
              key={item.id}
              onClick={() => openItem(item)}
              style={{ cursor: 'pointer', background: item.readAt ? undefined : '#e6f4ff' }}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={
                  <Space size={4}>
                    {item.urgent && <Tag color="red">紧急</Tag>}
                    <span>{item.title}</span>
                  </Space>
                }
                description={
                  <>
                    {item.lines.map((line) => (
                      <div key={line}>{line}</div>
                    ))}
                    <Typography.Text type="secondary">{formatInstant(item.at)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <DigestSwitch open={open} />
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={unread} overflowCount={99} size="small" data-testid="notification-count">
        <Button
          type="text"
          aria-label={`通知，${unread} 条未读`}
          icon={<BellOutlined style={{ color: '#fff', fontSize: 18 }} />}
          data-testid="notification-bell"
        />
      </Badge>
    </Popover>
  );
}
