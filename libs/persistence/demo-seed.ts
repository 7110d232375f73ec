/**
 * Demo data for `npm start` and the tests: one province → city → county chain with a petition
 * office (信访局), a functional department (住建) and a discipline unit (纪委监委) at each level,
 * and a user for each role. Idempotent: a second start keeps what is there. Only with the demo
 * seed on (SEED_DEMO=true, `npm start`, the tests): the demo passwords are published.
 */
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../process/policy';
import type { UnitKind, UnitLevel } from '../process';

export interface DemoUnit {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  regionPath: string;
  /** 机关代字, the head of the unit's 文号 (示住建信〔2026〕4号). */
  organCode: string;
}
export interface DemoUser {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  password: string;
}

// Counties y (乙县) and z (丙县) sit beside x under the same city, so a city campaign spans counties.
// `code`: the place's part of the 机关代字 (示 for the demo county x, 示省 for the province, …).
const LEVELS: {
  level: UnitLevel;
  prefix: string;
  region: string;
  label: string;
  code: string;
  parentPrefix?: string;
}[] = [
  { level: 'province', prefix: 'p', region: 'p', label: '省', code: '示省' },
  { level: 'city', prefix: 'c', region: 'p.c', label: '市', code: '示市' },
  { level: 'county', prefix: 'x', region: 'p.c.x', label: '县', code: '示' },
  { level: 'county', prefix: 'y', region: 'p.c.y', label: '乙县', code: '示乙', parentPrefix: 'c' },
  { level: 'county', prefix: 'z', region: 'p.c.z', label: '丙县', code: '示丙', parentPrefix: 'c' },
  // 丁县 holds only the work-queue test's cases, so its queues can be checked exactly.
  { level: 'county', prefix: 'w', region: 'p.c.w', label: '丁县', code: '示丁', parentPrefix: 'c' },
];
// `code`: the organ's part of the 机关代字, then 信 (信访 documents): 示住建信, 示访信, 示纪信.
const KINDS: { kind: UnitKind; suffix: string; label: string; code: string }[] = [
  { kind: 'petitionOffice', suffix: 'xfj', label: '信访局', code: '访' },
  { kind: 'functionalDepartment', suffix: 'zjj', label: '住房和城乡建设局', code: '住建' },
  { kind: 'discipline', suffix: 'jw', label: '纪委监委', code: '纪' },
];

export const DEMO_UNITS: DemoUnit[] = LEVELS.flatMap((lvl, i) =>
  KINDS.map((k) => ({
    id: `${lvl.prefix}-${k.suffix}`,
    name: `示范${lvl.label}${k.label}`,
    kind: k.kind,
    level: lvl.level,
    parentId: i === 0 ? null : `${lvl.parentPrefix ?? LEVELS[i - 1].prefix}-${k.suffix}`,
    regionPath: lvl.region,
    organCode: `${lvl.code}${k.code}信`,
  })),
);

/** Fixed and published (README, npm start's banner): demo user `U` signs in with password `U-demo`. */
export function demoPassword(userId: string): string {
  return `${userId}-demo`;
}

function user(id: string, name: string, role: Role, unitId: string): DemoUser {
  return { id, name, role, unitId, password: demoPassword(id) };
}

export const DEMO_USERS: DemoUser[] = [
  user('x-registrar', '县信访局登记员', 'registrar', 'x-xfj'),
  user('x-supervisor', '县信访局督办员', 'supervisor', 'x-xfj'),
  user('x-handler', '县住建局承办人', 'handler', 'x-zjj'),
  user('x-head', '县住建局局长', 'unitHead', 'x-zjj'),
  user('x-leader', '县住建局包案领导', 'caseLeader', 'x-zjj'),
  user('x-jw-handler', '县纪委监委承办人', 'handler', 'x-jw'),
  user('c-registrar', '市信访局登记员', 'registrar', 'c-xfj'),
  user('c-supervisor', '市信访局督办员', 'supervisor', 'c-xfj'),
  user('c-handler', '市住建局承办人', 'handler', 'c-zjj'),
  user('c-head', '市住建局局长', 'unitHead', 'c-zjj'),
  user('p-registrar', '省信访局登记员', 'registrar', 'p-xfj'),
  user('p-supervisor', '省信访局督办员', 'supervisor', 'p-xfj'),
  user('p-handler', '省住建厅承办人', 'handler', 'p-zjj'),
  user('p-head', '省住建厅厅长', 'unitHead', 'p-zjj'),
  user('p-auditor', '省信访局督察员', 'auditor', 'p-xfj'),
  user('admin', '系统管理员', 'admin', 'p-xfj'),
  // 包案 leaders above the county, and the neighbouring counties' staff (专项攻坚 spans counties).
  user('c-leader', '市包案领导', 'caseLeader', 'c-zjj'),
  user('p-leader', '省包案领导', 'caseLeader', 'p-zjj'),
  user('y-registrar', '乙县信访局登记员', 'registrar', 'y-xfj'),
  user('y-supervisor', '乙县信访局督办员', 'supervisor', 'y-xfj'),
  user('y-handler', '乙县住建局承办人', 'handler', 'y-zjj'),
  user('y-head', '乙县住建局局长', 'unitHead', 'y-zjj'),
  user('y-leader', '乙县包案领导', 'caseLeader', 'y-zjj'),
  user('z-registrar', '丙县信访局登记员', 'registrar', 'z-xfj'),
  user('z-supervisor', '丙县信访局督办员', 'supervisor', 'z-xfj'),
  user('z-handler', '丙县住建局承办人', 'handler', 'z-zjj'),
  user('z-head', '丙县住建局局长', 'unitHead', 'z-zjj'),
  user('z-leader', '丙县包案领导', 'caseLeader', 'z-zjj'),
  user('w-registrar', '丁县信访局登记员', 'registrar', 'w-xfj'),
  user('w-supervisor', '丁县信访局督办员', 'supervisor', 'w-xfj'),
  user('w-handler', '丁县住建局承办人', 'handler', 'w-zjj'),
  user('w-head', '丁县住建局局长', 'unitHead', 'w-zjj'),
  user('w-leader', '丁县包案领导', 'caseLeader', 'w-zjj'),
];

export async function seedDemo(dataSource: DataSource): Promise<void> {
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));
  await dataSource.transaction(async (tx) => {
    for (const u of DEMO_UNITS) {
      await tx.query(
        // A database seeded before organ codes gets the demo units' codes, unless an admin set one.
        `INSERT INTO units (id, name, kind, level, parent_id, region_path, organ_code) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET organ_code = EXCLUDED.organ_code WHERE units.organ_code IS NULL`,
        [u.id, u.name, u.kind, u.level, u.parentId, u.regionPath, u.organCode],
      );
    }
    for (const [i, u] of DEMO_USERS.entries()) {
      // A database from before sign-in existed has the demo users without a password: give them theirs.
      await tx.query(
        `INSERT INTO users (id, name, role, unit_id, password_hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET password_hash = EXCLUDED.password_hash WHERE users.password_hash IS NULL`,
        [u.id, u.name, u.role, u.unitId, hashes[i]],
      );
    }
  });
}
