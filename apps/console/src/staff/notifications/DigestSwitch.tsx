/**
 * 预警汇总: the user's choice to get their 70 %/90 % warnings by mail once a morning instead of one
 * by one (the bell still shows each at once). Read only while the notification list is open.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Space, Switch, Typography } from 'antd';
import { api, call } from '../../api/client';

export function DigestSwitch({ open }: { open: boolean }) {
  const client = useQueryClient();
  const digest = useQuery({
    queryKey: ['notification-digest'],
    queryFn: () => call(api.GET('/me/notifications/preferences/digest')),
    enabled: open,
  });
  const set = useMutation({
    mutationFn: (warnings: boolean) => call(api.PUT('/me/notifications/preferences/digest', { body: { warnings } })),
    onSuccess: (value) => client.setQueryData(['notification-digest'], value),
  });
  return (
    <Space style={{ marginTop: 8 }} data-testid="notification-digest">
      <Switch
        size="small"
        aria-label="预警邮件每日汇总"
        checked={digest.data?.warnings ?? false}
        loading={digest.isLoading || set.isPending}
        onChange={(on) => set.mutate(on)}
      />
      <Typography.Text type="secondary">
        预警邮件每日汇总{digest.data ? `（每天 ${digest.data.at} 发送一封）` : ''}
      </Typography.Text>
    </Space>
  );
}
