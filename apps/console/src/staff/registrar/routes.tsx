import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const IntakePage = lazy(() => import('./IntakePage'));
const RoutingQueuePage = lazy(() => import('./RoutingQueuePage'));
const ObjectionQueuePage = lazy(() => import('./ObjectionQueuePage'));
const OnlineIntakePage = lazy(() => import('./OnlineIntakePage'));

export const routes: RouteObject[] = [
  { path: 'routing', element: <RoutingQueuePage /> },
  { path: 'intake', element: <IntakePage /> },
  { path: 'objections', element: <ObjectionQueuePage /> },
  { path: 'online-intake', element: <OnlineIntakePage /> },
];
