import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const Pending = lazy(() => import('./Pending'));

export const routes: RouteObject[] = [
  { path: 'queue', element: <Pending /> },
];
