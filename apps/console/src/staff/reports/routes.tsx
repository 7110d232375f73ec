import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const ReportsPage = lazy(() => import('./ReportsPage'));

export const routes: RouteObject[] = [{ path: 'reports', element: <ReportsPage /> }];
