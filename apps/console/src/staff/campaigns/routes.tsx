import type { RouteObject } from 'react-router';
import { lazy } from 'react';

const CampaignsPage = lazy(() => import('./CampaignsPage'));
const CampaignPage = lazy(() => import('./CampaignPage'));

export const routes: RouteObject[] = [
  { path: 'campaigns', element: <CampaignsPage /> },
  { path: 'campaigns/:id', element: <CampaignPage /> },
];
