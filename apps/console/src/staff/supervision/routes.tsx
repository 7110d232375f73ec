import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const Pending = lazy(() => import('./Pending'));

export const routes: RouteObject[] = [
  { path: 'supervision/overdue', element: <Pending /> },
  { path: 'supervision/tasks', element: <Pending /> },
  { path: 'supervision/escalations', element: <Pending /> },
  { path: 'accountability', element: <Pending /> },
];
