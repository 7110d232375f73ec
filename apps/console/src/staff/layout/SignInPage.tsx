import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import { session } from '../../api/session-store';
import { useSignedIn } from '../session';

interface Credentials {
  userId: string;
  password: string;
}

export function SignInPage() {
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (signedIn) return <Navigate to={from} replace />;

  async function submit(values: Credentials) {
    setPending(true);
    setError(null);
    try {
      const tokens = await call(api.POST('/auth/login', { body: values }));
      queryClient.clear();
      session.store(tokens);
      void navigate(from, { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : '无法连接服务，请稍后再试');
    } finally {
      setPending(false);
    }
  }

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          信访事项办理工作台
        </Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="userId" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={pending}>
            登录
          </Button>
        </Form>
      </Card>
    </main>
  );
}
