/**
 * Administration over HTTP: the unit tree and the accounts, each change recorded with who made it;
 * an admin manages only the units and users at and below their own unit's region (属地管理).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CALENDAR_VERSIONS } from '../../libs/process/calendar';
import { CURRENT_POLICY } from '../../libs/process/policy';
import { reserveDocumentNumber } from '../../libs/documents';
import { createTestUser } from '../support/accounts';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const PROVINCE_ADMIN = staffBearer('admin');

describe('administration of units and users', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });
  const tag = () => randomUUID().slice(0, 6);
  const signIn = async (userId: string, password: string) =>
    `Bearer ${(await http.post('/auth/login').send({ userId, password }).expect(200)).body.accessToken}`;
  const count = async (table: string) =>
    (await service.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('an admin creates a county unit and a user in it; the user signs in; both changes name the admin', async () => {
    const t = tag();
    const unit = await http
      .post('/admin/units')
      .set('Authorization', PROVINCE_ADMIN)
      .send({
        id: `y${t}-xfj`,
        name: '示范乙县信访局',
        kind: 'petitionOffice',
        level: 'county',
        parentId: 'c-xfj',
        region: `y${t}`,
      })
      .expect(201);
    expect(unit.body).toMatchObject({
      id: `y${t}-xfj`,
      parentId: 'c-xfj',
      regionPath: `p.c.y${t}`,
      level: 'county',
      active: true,
    });
    const password = `pw-${randomUUID()}`;
    const user = await http
      .post('/admin/users')
      .set('Authorization', PROVINCE_ADMIN)
      .send({ id: `y${t}-registrar`, name: '乙县登记员', role: 'registrar', unitId: `y${t}-xfj`, password })
      .expect(201);
    expect(user.body).toEqual({
      id: `y${t}-registrar`,
      name: '乙县登记员',
      role: 'registrar',
      unitId: `y${t}-xfj`,
      active: true,
      oidcSubject: null,
      hasPassword: true,
    });
    expect(JSON.stringify(user.body)).not.toContain(password);
    const me = await http
      .get('/auth/me')
      .set('Authorization', await signIn(`y${t}-registrar`, password))
      .expect(200);
    expect(me.body.unitId).toBe(`y${t}-xfj`);

    const changes = (await http.get('/admin/changes').set('Authorization', PROVINCE_ADMIN).expect(200)).body as {
      action: string;
      targetId: string;
      actorUserId: string;
      after: unknown;
    }[];
    // Names beside the ids, read from the directory in the same query (people read 张三, not x-handler).
    expect(changes.find((c) => c.targetId === `y${t}-xfj`)).toMatchObject({
      action: 'unitCreated',
      actorUserId: 'admin',
      actorName: '系统管理员',
      targetName: '示范乙县信访局',
    });
    expect(changes.find((c) => c.targetId === `y${t}-registrar`)).toMatchObject({
      action: 'userCreated',
      actorUserId: 'admin',
      actorName: '系统管理员',
      targetName: '乙县登记员',
    });
    expect(JSON.stringify(changes)).not.toMatch(/argon2|password_hash/);
    // Also on the hash-chained audit trail.
    const trail = await service.dataSource.query(
      `SELECT action, actor_user_id, actor_role, detail FROM audit_trail WHERE kind = 'adminChange' AND detail->>'targetId' IN ($1, $2) ORDER BY seq`,
      [`y${t}-xfj`, `y${t}-registrar`],
    );
    expect(trail).toEqual([
      {
        action: 'unitCreated',
        actor_user_id: 'admin',
        actor_role: 'admin',
        detail: { targetKind: 'unit', targetId: `y${t}-xfj` },
      },
      {
        action: 'userCreated',
        actor_user_id: 'admin',
        actor_role: 'admin',
        detail: { targetKind: 'user', targetId: `y${t}-registrar` },
      },
    ]);
  });

  it('an admin of a county cannot create a user in the city above, nor a unit there; nothing is written', async () => {
    const countyAdmin = await createTestUser(service.dataSource, 'admin', 'x-xfj');
    const bearer = await signIn(countyAdmin.id, countyAdmin.password);
    const [users, units, changes] = [await count('users'), await count('units'), await count('admin_changes')];
    const refused = await http
      .post('/admin/users')
      .set('Authorization', bearer)
      .send({
        id: `c-new-${tag()}`,
        name: '市局新用户',
        role: 'handler',
        unitId: 'c-zjj',
        password: `pw-${randomUUID()}`,
      })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'outsideRegion', field: 'unitId' });
    expect(refused.body.detail).toMatch(/outside your region \(p\.c\.x\)/);
    await http
      .post('/admin/units')
      .set('Authorization', bearer)
      .send({
        id: `c2-${tag()}`,
        name: '市级新单位',
        kind: 'functionalDepartment',
        level: 'city',
        parentId: 'p-zjj',
        region: 'c2',
      })
      .expect(403);
    await http.post(`/admin/users/c-handler/deactivate`).set('Authorization', bearer).expect(403);
    expect([await count('users'), await count('units'), await count('admin_changes')]).toEqual([users, units, changes]);

    // Within the county it may.
    await http
      .post('/admin/users')
      .set('Authorization', bearer)
      .send({
        id: `x-new-${tag()}`,
        name: '县局新用户',
        role: 'handler',
        unitId: 'x-zjj',
        password: `pw-${randomUUID()}`,
      })
      .expect(201);
    const seen = (await http.get('/admin/users').set('Authorization', bearer).expect(200)).body as { unitId: string }[];
    expect(new Set(seen.map((u) => u.unitId))).toEqual(new Set(['x-xfj', 'x-zjj', 'x-jw']));
  });

  it("a county admin's attempt to reset the province admin's password is refused and on the audit trail, without the password", async () => {
    const countyAdmin = await createTestUser(service.dataSource, 'admin', 'x-xfj');
    const bearer = await signIn(countyAdmin.id, countyAdmin.password);
    const tried = `take-over-${randomUUID()}`;
    const requestId = `reset-${randomUUID()}`;
    const [changes, trailBefore] = [await count('admin_changes'), await count('audit_trail')];
    const refused = await http
      .post('/admin/users/admin/password')
      .set('Authorization', bearer)
      .set('X-Request-Id', requestId)
      .send({ password: tried })
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'outsideRegion', field: 'id' });
    expect(await count('admin_changes')).toBe(changes);
    expect(await count('audit_trail')).toBe(trailBefore + 1);
    // The province admin's password still works.
    await signIn('admin', 'admin-demo');

    const trail = await service.dataSource.query(
      `SELECT kind, action, outcome, actor_user_id, actor_role, actor_unit_id, detail FROM audit_trail WHERE actor_user_id = $1 AND outcome = 'refused' ORDER BY seq`,
      [countyAdmin.id],
    );
    expect(trail).toEqual([
      {
        kind: 'adminChange',
        action: 'passwordReset',
        outcome: 'refused',
        actor_user_id: countyAdmin.id,
        actor_role: 'admin',
        actor_unit_id: 'x-xfj',
        detail: {
          targetKind: 'user',
          targetId: 'admin',
          refusal: 'forbidden',
          reason: expect.stringMatching(/user admin \(unit p-xfj\) is outside your region \(p\.c\.x\)/),
          field: 'id',
          // The refusal is found by the request's id, as every other refusal of the edge is.
          httpRequestId: requestId,
        },
      },
    ]);
    expect(JSON.stringify(trail)).not.toContain(tried);
  });

  it('a password of one letter twelve times, or a common one, is refused with field password; a strong one is accepted', async () => {
    const user = await createTestUser(service.dataSource, 'handler', 'x-zjj');
    for (const weak of ['aaaaaaaaaaaa', 'password1234', '123456789012']) {
      const refused = await http
        .post(`/admin/users/${user.id}/password`)
        .set('Authorization', PROVINCE_ADMIN)
        .send({ password: weak })
        .expect(400);
      expect(refused.body).toMatchObject({
        code: 'invalid',
        field: 'password',
        detail: expect.stringMatching(/the password is too easy to guess \(strength [0-2] of 4, at least 3 needed\)/),
      });
    }
    const created = await http
      .post('/admin/users')
      .set('Authorization', PROVINCE_ADMIN)
      .send({ id: `x-weak-${tag()}`, name: '弱口令', role: 'handler', unitId: 'x-zjj', password: 'zzzzzzzzzzzz' })
      .expect(400);
    expect(created.body).toMatchObject({ field: 'password', detail: expect.stringMatching(/repeats one character/) });
    await signIn(user.id, user.password);
    await http
      .post(`/admin/users/${user.id}/password`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ password: 'a-new-password-of-length' })
      .expect(200);
  });

  it("a new role or unit, a password reset and a deactivation each refuse the user's earlier tokens at once", async () => {
    const user = await createTestUser(service.dataSource, 'handler', 'x-zjj');
    let bearer = await signIn(user.id, user.password);

    const moved = await http
      .patch(`/admin/users/${user.id}`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ role: 'unitHead', unitId: 'c-zjj' })
      .expect(200);
    expect(moved.body).toMatchObject({ role: 'unitHead', unitId: 'c-zjj' });
    expect((await http.get('/auth/me').set('Authorization', bearer).expect(401)).body.detail).toMatch(
      /account changed/,
    );
    bearer = await signIn(user.id, user.password);
    expect((await http.get('/auth/me').set('Authorization', bearer).expect(200)).body).toMatchObject({
      role: 'unitHead',
      unitId: 'c-zjj',
    });

    const newPassword = `new-${randomUUID()}`;
    await http
      .post(`/admin/users/${user.id}/password`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ password: 'short' })
      .expect(400);
    await http
      .post(`/admin/users/${user.id}/password`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ password: newPassword })
      .expect(200);
    await http.get('/auth/me').set('Authorization', bearer).expect(401);
    await http.post('/auth/login').send({ userId: user.id, password: user.password }).expect(401);
    bearer = await signIn(user.id, newPassword);

    await http.post(`/admin/users/${user.id}/deactivate`).set('Authorization', PROVINCE_ADMIN).expect(200);
    await http.get('/auth/me').set('Authorization', bearer).expect(401);
    await http.post('/auth/login').send({ userId: user.id, password: newPassword }).expect(401);

    const history = (await service.dataSource.query(
      `SELECT action, actor_user_id, before, after FROM admin_changes WHERE target_id = $1 ORDER BY id`,
      [user.id],
    )) as {
      action: string;
      actor_user_id: string;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }[];
    expect(history.map((h) => [h.action, h.actor_user_id])).toEqual([
      ['userChanged', 'admin'],
      ['passwordReset', 'admin'],
      ['userDeactivated', 'admin'],
    ]);
    expect(history[0]).toMatchObject({
      before: { role: 'handler', unitId: 'x-zjj' },
      after: { role: 'unitHead', unitId: 'c-zjj' },
    });
  });

  it('units are renamed, moved with everything below them, and deactivated only once nothing active is below', async () => {
    const t = tag();
    const create = (body: Record<string, string>) =>
      http.post('/admin/units').set('Authorization', PROVINCE_ADMIN).send(body).expect(201);
    await create({
      id: `c${t}-zjj`,
      name: '新市住建局',
      kind: 'functionalDepartment',
      level: 'city',
      parentId: 'p-zjj',
      region: `c${t}`,
    });
    await create({
      id: `y${t}-zjj`,
      name: '乙县住建局',
      kind: 'functionalDepartment',
      level: 'county',
      parentId: 'c-zjj',
      region: `y${t}`,
    });
    await create({
      id: `z${t}-zjj`,
      name: '丙镇住建办',
      kind: 'functionalDepartment',
      level: 'township',
      parentId: `y${t}-zjj`,
      region: `z${t}`,
    });

    const wrongLevel = await http
      .post(`/admin/units/y${t}-zjj/move`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ parentId: 'p-zjj' })
      .expect(400);
    expect(wrongLevel.body.detail).toMatch(/level above/);
    await http
      .post(`/admin/units/y${t}-zjj/move`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ parentId: `c${t}-zjj` })
      .expect(200);
    const tree = (await http.get('/admin/units').set('Authorization', PROVINCE_ADMIN).expect(200)).body as {
      id: string;
      regionPath: string;
      parentId: string;
    }[];
    expect(tree.find((u) => u.id === `y${t}-zjj`)).toMatchObject({
      parentId: `c${t}-zjj`,
      regionPath: `p.c${t}.y${t}`,
    });
    expect(tree.find((u) => u.id === `z${t}-zjj`)).toMatchObject({
      parentId: `y${t}-zjj`,
      regionPath: `p.c${t}.y${t}.z${t}`,
    });

    await http
      .patch(`/admin/units/z${t}-zjj`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ name: '丙镇住建所' })
      .expect(200);
    const member = await createTestUser(service.dataSource, 'handler', `z${t}-zjj`);
    const bearer = await signIn(member.id, member.password);

    const blocked = await http
      .post(`/admin/units/y${t}-zjj/deactivate`)
      .set('Authorization', PROVINCE_ADMIN)
      .expect(409);
    expect(blocked.body.detail).toContain(`z${t}-zjj`);
    const closed = await http
      .post(`/admin/units/z${t}-zjj/deactivate`)
      .set('Authorization', PROVINCE_ADMIN)
      .expect(200);
    expect(closed.body).toMatchObject({ active: false, name: '丙镇住建所' });
    await http.get('/auth/me').set('Authorization', bearer).expect(401);
    await http.post('/auth/login').send({ userId: member.id, password: member.password }).expect(401);
    await http.post(`/admin/units/y${t}-zjj/deactivate`).set('Authorization', PROVINCE_ADMIN).expect(200);

    const actions = (
      await service.dataSource.query(`SELECT action FROM admin_changes WHERE target_id = $1 ORDER BY id`, [`z${t}-zjj`])
    ).map((r: { action: string }) => r.action);
    expect(actions).toEqual(['unitCreated', 'unitRenamed', 'unitDeactivated']);
  });

  it("an admin sets a unit's 机关代字: its next 文号 begins with it, an issued one keeps its number; a malformed code is refused", async () => {
    const t = tag();
    const id = `y${t}-zjj`;
    await http
      .post('/admin/units')
      .set('Authorization', PROVINCE_ADMIN)
      .send({
        id,
        name: '乙县住建局',
        kind: 'functionalDepartment',
        level: 'county',
        parentId: 'c-zjj',
        region: `y${t}`,
      })
      .expect(201);
    const manager = service.dataSource.manager;
    // A year no other test numbers in, so the serials start at 1.
    const year = 2092;
    const firstKey = `test:${randomUUID()}`;
    // Without a code yet: numbered under the unit's name, never its machine id.
    expect((await reserveDocumentNumber(manager, firstKey, id, year)).number).toBe('乙县住建局〔2092〕1号');

    const set = await http
      .put(`/admin/units/${id}/organ-code`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ organCode: '示乙住建信' })
      .expect(200);
    expect(set.body).toMatchObject({ id, organCode: '示乙住建信' });
    expect((await reserveDocumentNumber(manager, `test:${randomUUID()}`, id, year)).number).toBe(
      '示乙住建信〔2092〕2号',
    );
    // The document numbered before keeps the number it was printed with.
    expect((await reserveDocumentNumber(manager, firstKey, id, year)).number).toBe('乙县住建局〔2092〕1号');

    for (const organCode of ['示 乙', '示乙〔住建〕', '示乙2信', ''])
      await http
        .put(`/admin/units/${id}/organ-code`)
        .set('Authorization', PROVINCE_ADMIN)
        .send({ organCode })
        .expect(400);
    const listed = (await http.get('/admin/units').set('Authorization', PROVINCE_ADMIN).expect(200)).body as {
      id: string;
      organCode: string | null;
    }[];
    expect(listed.find((u) => u.id === id)?.organCode).toBe('示乙住建信');
    expect(listed.find((u) => u.id === 'x-zjj')?.organCode).toBe('示住建信');
    const changes = await service.dataSource.query(
      `SELECT actor_user_id, before, after FROM admin_changes WHERE target_id = $1 AND action = 'unitOrganCodeSet'`,
      [id],
    );
    expect(changes).toEqual([
      { actor_user_id: 'admin', before: { organCode: null }, after: { organCode: '示乙住建信' } },
    ]);
  });

  it('shows which policy and calendar versions are installed and current', async () => {
    const versions = (await http.get('/admin/versions').set('Authorization', PROVINCE_ADMIN).expect(200)).body;
    expect(versions.policies).toContainEqual(
      expect.objectContaining({ version: CURRENT_POLICY.version, current: true, installed: true }),
    );
    expect(versions.calendars.map((c: { version: string }) => c.version)).toEqual([...CALENDAR_VERSIONS]);
    expect(versions.calendars.filter((c: { current: boolean }) => c.current)).toHaveLength(1);
  });

  it('only admins reach the admin endpoints', async () => {
    await http.get('/admin/users').set('Authorization', staffBearer('p-supervisor')).expect(403);
    await http.post('/admin/units').set('Authorization', staffBearer('x-registrar')).send({}).expect(403);
  });
});
