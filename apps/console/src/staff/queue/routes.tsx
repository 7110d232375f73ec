import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const QueuePage = lazy(() => import('./QueuePage'));

export const routes: RouteObject[] = [{ path: 'queue', element: <QueuePage /> }];
