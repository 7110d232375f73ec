import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const Pending = lazy(() => import('./Pending'));

export const routes: RouteObject[] = [
  { path: 'campaigns', element: <Pending /> },
  { path: 'campaigns/:id', element: <Pending /> },
];
