/**
 * The staff console: zh-CN throughout, server state in TanStack Query, one route table built from
 * each area's routes (cases, registrar, queue, supervision, reports, campaigns, audit, admin). Each
 * screen is loaded on demand, so the first load is the shell and the sign-in page.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError } from '../api/errors';
import { AppShell } from './layout/AppShell';
import { HomeRedirect } from './layout/HomeRedirect';
import { RouteError } from './layout/RouteError';
import { SignInPage } from './layout/SignInPage';
import { staffRoutes } from './routes';

dayjs.locale('zh-cn');

// Users who ask their system for less motion get dialogs and menus without animation (WCAG 2.3.3).
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer, not a glitch: shown at once, never retried.
      retry: (failures, error) => !(error instanceof ApiError && error.statusCode < 500) && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 5_000,
    },
  },
});

const router = createBrowserRouter(
  [
    { path: '/login', element: <SignInPage />, errorElement: <RouteError /> },
    {
      path: '/',
      element: <AppShell />,
      errorElement: <RouteError />,
      children: [
        {
          // A screen that fails (a stale chunk after a redeploy) shows its error inside the frame,
          // the menu still there.
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomeRedirect /> },
            ...staffRoutes,
            { path: '*', element: <Navigate to="/" replace /> },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);

export function StaffApp() {
  return (
    <ConfigProvider
      locale={zhCN}
      theme={{ token: { colorPrimary: '#b22222', borderRadius: 4, motion: !reducedMotion } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
