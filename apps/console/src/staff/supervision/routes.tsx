import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const OverduePage = lazy(() => import('./OverduePage'));
const TasksPage = lazy(() => import('./TasksPage'));
const EscalationsPage = lazy(() => import('./EscalationsPage'));
const AccountabilityPage = lazy(() => import('./AccountabilityPage'));

export const routes: RouteObject[] = [
  { path: 'supervision/overdue', element: <OverduePage /> },
  { path: 'supervision/tasks', element: <TasksPage /> },
  { path: 'supervision/escalations', element: <EscalationsPage /> },
  { path: 'accountability', element: <AccountabilityPage /> },
];
