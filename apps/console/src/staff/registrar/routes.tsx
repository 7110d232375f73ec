import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const Pending = lazy(() => import('./Pending'));

export const routes: RouteObject[] = [
  { path: 'routing', element: <Pending /> },
  { path: 'intake', element: <Pending /> },
];
