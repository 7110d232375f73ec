import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const ApprovalsPage = lazy(() => import('./ApprovalsPage'));

export const routes: RouteObject[] = [{ path: 'approvals', element: <ApprovalsPage /> }];
