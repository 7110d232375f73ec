/**
 * Changes to the unit tree and the accounts, shared by the admin API and the `npm run admin` CLI.
 * Each change checks the object-level rule (属地管理: an admin manages the units and users at and
 * below their own unit's region), runs in one transaction, and records who made it, with the
 * before and after, in the append-only `admin_changes` table. A change of role or unit, a password
 * reset or a deactivation revokes the user's tokens at once.
 */
import type { EntityManager } from 'typeorm';
import { appendAuditRecord } from '../audit/audit-trail';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, passwordProblem } from '../auth/passwords';
import { revokeUserAccess } from '../auth/sessions';
import { LEVELS_TOP_DOWN, STAFF_ROLES, type Role } from '../process/policy';

export const UNIT_KINDS = ['petitionOffice', 'functionalDepartment', 'discipline'] as const;
export type UnitKindName = (typeof UNIT_KINDS)[number];
export type UnitLevelName = (typeof LEVELS_TOP_DOWN)[number];
/** Unit and user ids: lower-case letters, digits and dashes; region segments likewise. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const REGION_SEGMENT_PATTERN = /^[a-z0-9][a-z0-9-]{0,30}$/;

/**
 * Who makes the change. `regionPath` null is the operator's CLI on the database itself
 * (bootstrapping the first admin), which has no region to stay within.
 */
export interface DirectoryActor {
  userId: string;
  unitId: string | null;
  regionPath: string | null;
}

export type DirectoryErrorCode = 'invalid' | 'notFound' | 'forbidden' | 'conflict';
/**
 * A refused directory change: `message` in English for the trail and developers; `messageKey` and
 * `params` name it in the API's message catalogue (libs/process/messages, `admin.*`), so the
 * admin reads it in Chinese. Without a key the API says the code's sentence, naming the field.
 */
export class DirectoryError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    message: string,
    readonly field?: string,
    readonly messageKey?: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** A new password's problem as a refusal, with the catalogue's key for it. */
function passwordRefusal(password: string, problem: string): DirectoryError {
  if (password.length < MIN_PASSWORD_LENGTH)
    return new DirectoryError('invalid', problem, 'password', 'admin.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH)
    return new DirectoryError('invalid', problem, 'password', 'admin.passwordTooLong', { max: MAX_PASSWORD_LENGTH });
  return new DirectoryError('invalid', problem, 'password', 'admin.passwordWeak');
}

export interface UnitRow {
  id: string;
  name: string;
  kind: UnitKindName;
  level: UnitLevelName;
  parentId: string | null;
  regionPath: string;
  active: boolean;
  /** 机关代字: the head of the unit's 文号; null until an admin sets it. */
  organCode: string | null;
}
export interface UserRow {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  active: boolean;
  oidcSubject: string | null;
  hasPassword: boolean;
}

const UNIT_COLUMNS = `id, name, kind, level, parent_id AS "parentId", region_path AS "regionPath", active, organ_code AS "organCode"`;

/**
 * 机关代字: one to twenty characters, no space, no brackets (the 文号 puts the year in 〔〕 after
 * it), no digits (the serial follows the year), e.g. 示住建信.
 */
export const ORGAN_CODE_PATTERN = /^[^\s〔〕[\]()（）0-9０-９]{1,20}$/u;
const USER_COLUMNS = `id, name, role, unit_id AS "unitId", active, oidc_subject AS "oidcSubject", password_hash IS NOT NULL AS "hasPassword"`;

/** TypeORM answers an UPDATE … RETURNING with [rows, affected]: the one updated row. */
async function updateOne<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T> {
  const [rows] = (await tx.query(sql, params)) as [T[], number];
  return rows[0];
}

export const withinRegion = (path: string, region: string) => path === region || path.startsWith(`${region}.`);

function requireScope(actor: DirectoryActor, regionPath: string, what: string, field?: string): void {
  if (actor.regionPath !== null && !withinRegion(regionPath, actor.regionPath)) {
    throw new DirectoryError(
      'forbidden',
      `${what} is outside your region (${actor.regionPath}): an admin manages units and users at and below their own unit`,
      field,
      'admin.outsideRegion',
    );
  }
}

export async function record(
  tx: EntityManager,
  actor: DirectoryActor,
  action: string,
  kind: 'unit' | 'user',
  id: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx.query(
    `INSERT INTO admin_changes (actor_user_id, actor_unit_id, action, target_kind, target_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      actor.userId,
      actor.unitId,
      action,
      kind,
      id,
      before === null ? null : JSON.stringify(before),
      after === null ? null : JSON.stringify(after),
    ],
  );
  // And on the hash-chained audit trail, in the same transaction: who changed which unit or account.
  await appendAuditRecord(tx, {
    kind: 'adminChange',
    action,
    outcome: 'succeeded',
    actor: { userId: actor.userId, role: actor.regionPath === null ? 'operator' : 'admin', unitId: actor.unitId },
    detail: { targetKind: kind, targetId: id },
  });
}

/**
 * A change that was refused (outside the admin's region, invalid, not found, in conflict) goes on
 * the audit trail too, after its transaction rolled back: who tried what on which unit or account,
 * and why it was refused. Never the values asked for (a password above all).
 */
export async function recordRefusedChange(
  manager: EntityManager,
  actor: DirectoryActor & { role?: string },
  action: string,
  target: { kind: 'unit' | 'user'; id: string | null },
  refusal: DirectoryError,
  /** The HTTP request's id, so the refusal is found as every other refusal of the edge is. */
  httpRequestId?: string,
): Promise<void> {
  await appendAuditRecord(manager, {
    kind: 'adminChange',
    action,
    outcome: 'refused',
    actor: {
      userId: actor.userId,
      role: actor.role ?? (actor.regionPath === null ? 'operator' : 'admin'),
      unitId: actor.unitId,
    },
    detail: {
      targetKind: target.kind,
      targetId: target.id === null ? null : String(target.id).slice(0, 200),
      refusal: refusal.code,
      reason: refusal.message.slice(0, 500),
      ...(refusal.field ? { field: refusal.field } : {}),
      ...(httpRequestId ? { httpRequestId } : {}),
    },
  });
}

export async function findUnit(db: EntityManager, id: string, lock = false): Promise<UnitRow | undefined> {
  return (await db.query(`SELECT ${UNIT_COLUMNS} FROM units WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
}
export async function findUser(db: EntityManager, id: string, lock = false): Promise<UserRow | undefined> {
  return (await db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))[0];
}

export async function unitInScope(
  tx: EntityManager,
  actor: DirectoryActor,
  id: string,
  field: string,
  lock = false,
): Promise<UnitRow> {
  const unit = await findUnit(tx, id, lock);
  if (!unit) throw new DirectoryError('notFound', `unit "${id}" does not exist`, field, 'admin.unitNotFound', { id });
  requireScope(actor, unit.regionPath, `unit ${id}`, field);
  return unit;
}

function childLevel(level: UnitLevelName): UnitLevelName | null {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) + 1] ?? null;
}

export interface NewUnit {
  id: string;
  name: string;
  kind: UnitKindName;
  level: UnitLevelName;
  parentId: string | null;
  /** The region segment of this unit's administrative area, appended to the parent's region path. */
  region: string;
  /** 机关代字 (may be set later). */
  organCode?: string | null;
}

export async function createUnit(tx: EntityManager, actor: DirectoryActor, input: NewUnit): Promise<UnitRow> {
  if (!ID_PATTERN.test(input.id))
    throw new DirectoryError(
      'invalid',
      'id: lower-case letters, digits and dashes, at most 63',
      'id',
      'admin.invalidId',
    );
  if (!REGION_SEGMENT_PATTERN.test(input.region))
    throw new DirectoryError(
      'invalid',
      'region: lower-case letters, digits and dashes, at most 31',
      'region',
      'admin.invalidId',
    );
  if (!UNIT_KINDS.includes(input.kind))
    throw new DirectoryError('invalid', `kind must be one of ${UNIT_KINDS.join(', ')}`, 'kind');
  if (!LEVELS_TOP_DOWN.includes(input.level))
    throw new DirectoryError('invalid', `level must be one of ${LEVELS_TOP_DOWN.join(', ')}`, 'level');
  if (input.organCode != null && !ORGAN_CODE_PATTERN.test(input.organCode))
    throw new DirectoryError(
      'invalid',
      'organCode: the 机关代字, 1 to 20 characters without spaces, digits or brackets, e.g. 示住建信',
      'organCode',
    );
  let regionPath: string;
  if (input.parentId === null) {
    if (actor.regionPath !== null)
      throw new DirectoryError('forbidden', 'only the operator (npm run admin) creates a top-level unit', 'parentId');
    if (input.level !== LEVELS_TOP_DOWN[0])
      throw new DirectoryError('invalid', `a unit without a parent is a ${LEVELS_TOP_DOWN[0]}-level unit`, 'level');
    regionPath = input.region;
  } else {
    const parent = await unitInScope(tx, actor, input.parentId, 'parentId');
    if (!parent.active)
      throw new DirectoryError(
        'conflict',
        `parent unit ${parent.id} is deactivated`,
        'parentId',
        'admin.unitDeactivated',
        {
          id: parent.id,
        },
      );
    if (childLevel(parent.level) !== input.level) {
      throw new DirectoryError(
        'invalid',
        `a unit under the ${parent.level}-level ${parent.id} is ${childLevel(parent.level) ?? 'not possible (lowest level)'}-level`,
        'level',
      );
    }
    regionPath = `${parent.regionPath}.${input.region}`;
    requireScope(actor, regionPath, `the new unit's region ${regionPath}`, 'region');
  }
  const inserted: UnitRow[] = await tx.query(
    `INSERT INTO units (id, name, kind, level, parent_id, region_path, organ_code) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING ${UNIT_COLUMNS}`,
    [input.id, input.name, input.kind, input.level, input.parentId, regionPath, input.organCode ?? null],
  );
  if (!inserted[0])
    throw new DirectoryError('conflict', `unit "${input.id}" already exists`, 'id', 'admin.alreadyExists', {
      id: input.id,
    });
  await record(tx, actor, 'unitCreated', 'unit', input.id, null, inserted[0]);
  return inserted[0];
}

/** Sets the unit's 机关代字; documents already issued keep the 文号 they were printed with. */
export async function setUnitOrganCode(
  tx: EntityManager,
  actor: DirectoryActor,
  id: string,
  organCode: string,
): Promise<UnitRow> {
  if (!ORGAN_CODE_PATTERN.test(organCode))
    throw new DirectoryError(
      'invalid',
      'organCode: the 机关代字, 1 to 20 characters without spaces, digits or brackets, e.g. 示住建信',
      'organCode',
    );
  const before = await unitInScope(tx, actor, id, 'id', true);
  const after = await updateOne<UnitRow>(
    tx,
    `UPDATE units SET organ_code = $2 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`,
    [id, organCode],
  );
  await record(tx, actor, 'unitOrganCodeSet', 'unit', id, { organCode: before.organCode }, { organCode });
  return after;
}

export async function renameUnit(tx: EntityManager, actor: DirectoryActor, id: string, name: string): Promise<UnitRow> {
  const before = await unitInScope(tx, actor, id, 'id', true);
  const after = await updateOne<UnitRow>(tx, `UPDATE units SET name = $2 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`, [
    id,
    name,
  ]);
  await record(tx, actor, 'unitRenamed', 'unit', id, { name: before.name }, { name });
  return after;
}

/**
 * A unit moves under another parent of the level above it, with every unit below it: their region
 * paths follow. Open cases keep the unit references they were given; access and oversight follow
 * the tree from the next request on.
 */
export async function moveUnit(
  tx: EntityManager,
  actor: DirectoryActor,
  id: string,
  parentId: string,
): Promise<UnitRow> {
  const unit = await unitInScope(tx, actor, id, 'id', true);
  const parent = await unitInScope(tx, actor, parentId, 'parentId');
  if (childLevel(parent.level) !== unit.level)
    throw new DirectoryError(
      'invalid',
      `a ${unit.level}-level unit goes under a unit of the level above it; ${parentId} is ${parent.level}-level`,
      'parentId',
      'admin.wrongLevel',
    );
  if (!parent.active)
    throw new DirectoryError(
      'conflict',
      `parent unit ${parentId} is deactivated`,
      'parentId',
      'admin.unitDeactivated',
      {
        id: parentId,
      },
    );
  const subtree: { id: string; regionPath: string }[] = await tx.query(
    `WITH RECURSIVE below AS (SELECT id, region_path FROM units WHERE id = $1
                              UNION ALL SELECT u.id, u.region_path FROM units u JOIN below b ON u.parent_id = b.id)
     SELECT id, region_path AS "regionPath" FROM below`,
    [id],
  );
  if (subtree.some((u) => u.id === parentId))
    throw new DirectoryError('invalid', `${parentId} is below ${id}: a unit cannot move under itself`, 'parentId');
  const segment = unit.regionPath.split('.').pop()!;
  const newPath = `${parent.regionPath}.${segment}`;
  requireScope(actor, newPath, `the new region ${newPath}`, 'parentId');
  for (const u of subtree) {
    await tx.query(`UPDATE units SET region_path = $2 || substr(region_path, $3) WHERE id = $1`, [
      u.id,
      newPath,
      unit.regionPath.length + 1,
    ]);
  }
  const after = await updateOne<UnitRow>(
    tx,
    `UPDATE units SET parent_id = $2 WHERE id = $1 RETURNING ${UNIT_COLUMNS}`,
    [id, parentId],
  );
  await record(
    tx,
    actor,
    'unitMoved',
    'unit',
    id,
    { parentId: unit.parentId, regionPath: unit.regionPath },
    { parentId, regionPath: newPath, unitsMoved: subtree.map((u) => u.id) },
  );
  return after;
}

/** A deactivated unit keeps its cases and history; its users are signed out and cannot sign in. */
export async function deactivateUnit(tx: EntityManager, actor: DirectoryActor, id: string): Promise<UnitRow> {
  const unit = await unitInScope(tx, actor, id, 'id', true);
  if (actor.unitId === id)
    throw new DirectoryError('conflict', 'you cannot deactivate your own unit', 'id', 'admin.ownAccount');
  const children: { id: string }[] = await tx.query(
    `SELECT id FROM units WHERE parent_id = $1 AND active ORDER BY id`,
    [id],
  );
  if (children.length > 0)
    throw new DirectoryError(
      'conflict',
      `unit ${id} still has active units below it: ${children.map((c) => c.id).join(', ')}`,
      'id',
      'admin.hasActiveChildren',
    );
  if (!unit.active) return unit;
  const after = await updateOne<UnitRow>(
    tx,
    `UPDATE units SET active = false WHERE id = $1 RETURNING ${UNIT_COLUMNS}`,
    [id],
  );
  const users: { id: string }[] = await tx.query(`SELECT id FROM users WHERE unit_id = $1`, [id]);
  for (const u of users) await revokeUserAccess(tx, u.id, `unit ${id} deactivated`);
  await record(
    tx,
    actor,
    'unitDeactivated',
    'unit',
    id,
    { active: true },
    { active: false, usersSignedOut: users.map((u) => u.id) },
  );
  return after;
}

export interface NewUser {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  password?: string;
  oidcSubject?: string;
}

function requireStaffRole(role: string): asserts role is Role {
  if (!STAFF_ROLES.includes(role as Role))
    throw new DirectoryError('invalid', `role must be one of ${STAFF_ROLES.join(', ')}`, 'role');
}

export async function createUser(tx: EntityManager, actor: DirectoryActor, input: NewUser): Promise<UserRow> {
  if (!ID_PATTERN.test(input.id))
    throw new DirectoryError(
      'invalid',
      'id: lower-case letters, digits and dashes, at most 63',
      'id',
      'admin.invalidId',
    );
  requireStaffRole(input.role);
  const unit = await unitInScope(tx, actor, input.unitId, 'unitId');
  if (!unit.active)
    throw new DirectoryError('conflict', `unit ${unit.id} is deactivated`, 'unitId', 'admin.unitDeactivated', {
      id: unit.id,
    });
  if (!input.password && !input.oidcSubject)
    throw new DirectoryError(
      'invalid',
      'a user signs in with a password or an OIDC subject: give at least one',
      'password',
      'admin.passwordOrOidc',
    );
  const problem = input.password ? passwordProblem(input.password, [input.id, input.name]) : null;
  if (problem) throw passwordRefusal(input.password!, problem);
  if (
    input.oidcSubject &&
    (await tx.query(`SELECT 1 FROM users WHERE oidc_subject = $1`, [input.oidcSubject])).length > 0
  ) {
    throw new DirectoryError('conflict', 'another user already has this OIDC subject', 'oidcSubject');
  }
  const hash = input.password ? await hashPassword(input.password) : null;
  const inserted: UserRow[] = await tx.query(
    `INSERT INTO users (id, name, role, unit_id, password_hash, oidc_subject) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [input.id, input.name, input.role, input.unitId, hash, input.oidcSubject ?? null],
  );
  if (!inserted[0])
    throw new DirectoryError('conflict', `user "${input.id}" already exists`, 'id', 'admin.alreadyExists', {
      id: input.id,
    });
  await record(tx, actor, 'userCreated', 'user', input.id, null, inserted[0]);
  return inserted[0];
}

async function userInScope(tx: EntityManager, actor: DirectoryActor, id: string): Promise<UserRow> {
  const user = await findUser(tx, id, true);
  if (!user) throw new DirectoryError('notFound', `user "${id}" does not exist`, 'id', 'admin.userNotFound', { id });
  const unit = await findUnit(tx, user.unitId);
  requireScope(actor, unit!.regionPath, `user ${id} (unit ${user.unitId})`, 'id');
  return user;
}

/** A new role and/or unit; either change signs the user out everywhere at once. */
export async function changeUserAssignment(
  tx: EntityManager,
  actor: DirectoryActor,
  id: string,
  change: { role?: Role; unitId?: string; name?: string },
): Promise<UserRow> {
  const before = await userInScope(tx, actor, id);
  if (change.role !== undefined) requireStaffRole(change.role);
  if (change.unitId !== undefined && change.unitId !== before.unitId) {
    const unit = await unitInScope(tx, actor, change.unitId, 'unitId');
    if (!unit.active)
      throw new DirectoryError('conflict', `unit ${unit.id} is deactivated`, 'unitId', 'admin.unitDeactivated', {
        id: unit.id,
      });
  }
  if (
    id === actor.userId &&
    ((change.role && change.role !== before.role) || (change.unitId && change.unitId !== before.unitId))
  ) {
    throw new DirectoryError(
      'conflict',
      'you cannot change your own role or unit: ask another admin',
      'id',
      'admin.ownAccount',
    );
  }
  const role = change.role ?? before.role;
  const unitId = change.unitId ?? before.unitId;
  const name = change.name ?? before.name;
  // The record first: the runtime role may not write users.role itself, and change_user_role
  // (migration RuntimeColumnGrants) changes it only once this transaction has recorded the change.
  await record(
    tx,
    actor,
    'userChanged',
    'user',
    id,
    { role: before.role, unitId: before.unitId, name: before.name },
    { role, unitId, name },
  );
  if (role !== before.role) await tx.query(`SELECT change_user_role($1, $2)`, [id, role]);
  const after = await updateOne<UserRow>(
    tx,
    `UPDATE users SET unit_id = $2, name = $3 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, unitId, name],
  );
  if (role !== before.role || unitId !== before.unitId) await revokeUserAccess(tx, id, 'role or unit changed');
  return after;
}

export async function resetPassword(
  tx: EntityManager,
  actor: DirectoryActor,
  id: string,
  password: string,
): Promise<UserRow> {
  const user = await userInScope(tx, actor, id);
  const problem = passwordProblem(password, [user.id, user.name]);
  if (problem) throw passwordRefusal(password, problem);
  const after = await updateOne<UserRow>(
    tx,
    `UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id, await hashPassword(password)],
  );
  await revokeUserAccess(tx, id, 'password reset');
  // The hash is never recorded: only that it changed.
  await record(tx, actor, 'passwordReset', 'user', id, null, { passwordChanged: true });
  return after;
}

export async function deactivateUser(tx: EntityManager, actor: DirectoryActor, id: string): Promise<UserRow> {
  const before = await userInScope(tx, actor, id);
  if (id === actor.userId)
    throw new DirectoryError('conflict', 'you cannot deactivate your own account', 'id', 'admin.ownAccount');
  if (!before.active) return before;
  const after = await updateOne<UserRow>(
    tx,
    `UPDATE users SET active = false WHERE id = $1 RETURNING ${USER_COLUMNS}`,
    [id],
  );
  await revokeUserAccess(tx, id, 'deactivated');
  await record(tx, actor, 'userDeactivated', 'user', id, { active: true }, { active: false });
  return after;
}
