/** Every screen of the staff console, by area; each area owns its folder and its routes. */
import type { RouteObject } from 'react-router';
import { routes as admin } from './admin/routes';
import { routes as approvals } from './approvals/routes';
import { routes as audit } from './audit/routes';
import { routes as campaigns } from './campaigns/routes';
import { routes as cases } from './cases/routes';
import { routes as queue } from './queue/routes';
import { routes as registrar } from './registrar/routes';
import { routes as reports } from './reports/routes';
import { routes as supervision } from './supervision/routes';

export const staffRoutes: RouteObject[] = [
  ...registrar,
  ...queue,
  ...approvals,
  ...cases,
  ...supervision,
  ...reports,
  ...campaigns,
  ...audit,
  ...admin,
];
