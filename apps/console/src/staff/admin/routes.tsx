import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const Pending = lazy(() => import('./Pending'));

export const routes: RouteObject[] = [
  { path: 'admin/units', element: <Pending /> },
  { path: 'admin/users', element: <Pending /> },
];
