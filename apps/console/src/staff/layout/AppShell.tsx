import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { Suspense } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { ROLE_LABELS, labelOf } from '../../shared/labels';
import { NotificationBell } from '../notifications/NotificationBell';
import { signOut, useCurrentUser, useSignedIn } from '../session';
import { navigationFor } from './navigation';
import './print.css';

/** The signed-in frame: a header with the user, unit and role; the role's menu; the screen. */
export function AppShell() {
  const signedIn = useSignedIn();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.isPending) return <Spin fullscreen />;
  if (me.error)
    return <Result status="error" title={me.error instanceof ApiError ? me.error.message : '无法连接服务'} />;
  const user = me.data;
  const items = navigationFor(user.role as never);
  const selected = items
    .filter((item) => location.pathname.startsWith(item.path))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          信访事项办理工作台
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <NotificationBell />
        <Space aria-label="当前用户" data-testid="current-user" style={{ color: '#fff' }}>
          <span>{user.name}</span>
          <span>{user.unit.name}</span>
          <Tag color="gold">{labelOf(ROLE_LABELS, user.role)}</Tag>
          <Button
            size="small"
            onClick={async () => {
              await signOut();
              void navigate('/login');
            }}
          >
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0}>
          <Menu
            mode="inline"
            aria-label="功能菜单"
            selectedKeys={selected ? [selected] : []}
            items={items.map((item) => ({ key: item.path, label: item.label }))}
            onClick={({ key }) => navigate(key)}
            style={{ height: '100%' }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
