/**
 * Which screens each role has (DOMAIN §1): the menu shows only these, and the home page is the
 * first. The API still decides every request; a screen not listed for a role is not offered.
 */
import type { StaffRole } from '../session';

export interface NavigationItem {
  path: string;
  label: string;
  roles: readonly StaffRole[];
}

const STAFF: readonly StaffRole[] = [
  'registrar',
  'handler',
  'unitHead',
  'caseLeader',
  'supervisor',
  'auditor',
  'admin',
];
const OVERSIGHT: readonly StaffRole[] = ['supervisor', 'auditor', 'admin'];

export const NAVIGATION: readonly NavigationItem[] = [
  { path: '/routing', label: '待转送交办', roles: ['registrar'] },
  { path: '/intake', label: '登记信访事项', roles: ['registrar'] },
  { path: '/online-intake', label: '网上信访待登记', roles: ['registrar'] },
  { path: '/objections', label: '异议核实', roles: ['registrar', 'supervisor'] },
  { path: '/queue', label: '我的待办', roles: ['handler', 'unitHead', 'caseLeader', 'supervisor'] },
  { path: '/approvals', label: '待签发', roles: ['unitHead'] },
  { path: '/supervision/overdue', label: '超期与临期', roles: OVERSIGHT },
  { path: '/supervision/tasks', label: '督办任务', roles: OVERSIGHT },
  { path: '/supervision/escalations', label: '预警与督办记录', roles: [...OVERSIGHT, 'caseLeader'] },
  { path: '/accountability', label: '问责台账', roles: OVERSIGHT },
  { path: '/reports', label: '考核报表', roles: OVERSIGHT },
  {
    path: '/campaigns',
    label: '专项攻坚',
    roles: ['supervisor', 'auditor', 'admin', 'caseLeader', 'handler', 'unitHead'],
  },
  { path: '/cases', label: '案件查询', roles: STAFF },
  { path: '/audit', label: '审计核验', roles: ['auditor', 'admin'] },
  { path: '/admin/units', label: '单位管理', roles: ['admin'] },
  { path: '/admin/users', label: '用户管理', roles: ['admin'] },
];

export function navigationFor(role: StaffRole): NavigationItem[] {
  return NAVIGATION.filter((item) => item.roles.includes(role));
}
