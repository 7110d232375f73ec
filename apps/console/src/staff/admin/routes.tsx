import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const UnitsPage = lazy(() => import('./UnitsPage'));
const UsersPage = lazy(() => import('./UsersPage'));

export const routes: RouteObject[] = [
  { path: 'admin/units', element: <UnitsPage /> },
  { path: 'admin/users', element: <UsersPage /> },
];
