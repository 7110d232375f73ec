import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const AuditHomePage = lazy(() => import('./AuditHomePage'));
const AuditCasePage = lazy(() => import('./AuditCasePage'));

export const routes: RouteObject[] = [
  { path: 'audit', element: <AuditHomePage /> },
  { path: 'audit/cases/:id', element: <AuditCasePage /> },
];
