import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const CaseSearchPage = lazy(() => import('./CaseSearchPage'));
const CasePage = lazy(() => import('./CasePage'));

export const routes: RouteObject[] = [
  { path: 'cases', element: <CaseSearchPage /> },
  { path: 'cases/:id', element: <CasePage /> },
];
