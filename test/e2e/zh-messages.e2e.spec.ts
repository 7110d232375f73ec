/**
 * People read Chinese (issue 17, issue 22): through the real API, worker, Temporal and PostgreSQL,
 * a refusal answers `message` in zh-CN from the one catalogue, with a stable `code`, `messageKey`
 * and `field`, and the English for developers in `detail`; under `Accept-Language: en` the
 * English is the `message`. One of each kind: the request's shape (class-validator), a rule of the
 * case workflow, a field the workflow refuses, sign-in, and the petitioner's lookup.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const CJK = /[\u4e00-\u9fff]/;

describe('refusals are said in Chinese, with stable codes, keys and fields', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const registration = {
    category: 'appeal',
    channel: 'letter',
    receivedAt: new Date().toISOString(),
    petitionerName: '王某',
    summary: '小区供暖温度不达标',
  };

  async function registered(): Promise<string> {
    const created = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send(registration)
      .expect(201);
    return created.body.petitionId as string;
  }

  it('a field the request may not carry: validation.unknownField, naming it, in Chinese; English on request', async () => {
    const send = (language?: string) => {
      const r = http
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', randomUUID());
      return (language ? r.set('Accept-Language', language) : r).send({ ...registration, priority: 'high' });
    };
    const zh = await send();
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({
      statusCode: 400,
      code: 'validation',
      field: 'priority',
      messageKey: 'validation.unknownField',
      message: '请求中含有不允许的项目“priority”。',
      detail: expect.stringContaining('priority is not allowed'),
    });
    const en = await send('en-US,en;q=0.9,zh-CN;q=0.8');
    expect(en.body).toMatchObject({ code: 'validation', field: 'priority', messageKey: 'validation.unknownField' });
    expect(en.body.message).toBe(zh.body.detail);
    expect(en.body.message).not.toMatch(CJK);
  });

  it('a text longer than allowed names the field by its label and the limit', async () => {
    const refused = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({ ...registration, petitionerName: '王'.repeat(5000) });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'validation',
      field: 'petitionerName',
      messageKey: 'validation.tooLong',
    });
    expect(refused.body.message).toMatch(/^信访人姓名不能超过 \d+ 个字。$/);
  });

  it("a rule of the case workflow: the step's and the action's Chinese names", async () => {
    const id = await registered();
    const send = (language?: string) => {
      const r = http.post(`/petitions/${id}/actions/accept`).set('Authorization', staffBearer('x-registrar'));
      return (language ? r.set('Accept-Language', language) : r).send({ requestId: randomUUID(), args: {} });
    };
    const zh = await send();
    expect(zh.status).toBe(409);
    expect(zh.body).toMatchObject({
      code: 'wrongStep',
      messageKey: 'actor.wrongStep',
      params: { action: 'accept', step: 'routing' },
      message: '本案当前处于“待转送交办”环节，不能办理“受理”。',
    });
    expect(zh.body.detail).toMatch(/routing/);
    const en = await send('en');
    expect(en.body).toMatchObject({ code: 'wrongStep', messageKey: 'actor.wrongStep' });
    expect(en.body.message).toBe(en.body.detail);
    expect(en.body.message).toMatch(/^cannot accept .* in step "routing"$/);
  });

  it('a field the workflow refuses: code, field and key as the console puts it on the form field', async () => {
    const id = await registered();
    const refused = await http
      .post(`/petitions/${id}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: {} });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ field: 'args.unitId' });
    expect(typeof refused.body.messageKey).toBe('string');
    expect(refused.body.message).toMatch(/单位/);
    expect(refused.body.message).not.toMatch(/unitId/);
  });

  it('a failed sign-in: auth.signInFailed, said without telling which of user or password was wrong', async () => {
    const zh = await http
      .post('/auth/login')
      .send({ userId: `nobody-${randomUUID().slice(0, 8)}`, password: 'x'.repeat(16) });
    expect(zh.status).toBe(401);
    expect(zh.body).toMatchObject({
      code: 'unauthenticated',
      messageKey: 'auth.signInFailed',
      message: '用户名或密码错误，或账号已停用。',
      detail: 'unknown user, wrong password, or the account is deactivated',
    });
    const en = await http
      .post('/auth/login')
      .set('Accept-Language', 'en')
      .send({ userId: `nobody-${randomUUID().slice(0, 8)}`, password: 'x'.repeat(16) });
    expect(en.body).toMatchObject({
      code: 'unauthenticated',
      messageKey: 'auth.signInFailed',
      message: 'unknown user, wrong password, or the account is deactivated',
    });
  });

  it("the petitioner's lookup with a wrong code: petitioner.notFound, the same for a case that does not exist", async () => {
    const id = await registered();
    const wrongCode = await http.get(`/public/petitions/${id}`).set('X-Query-Code', 'WRONG-CODE');
    const noCase = await http.get(`/public/petitions/${randomUUID()}`).set('X-Query-Code', 'WRONG-CODE');
    for (const refused of [wrongCode, noCase]) {
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({
        code: 'notFound',
        messageKey: 'petitioner.notFound',
        message: '未找到该信访事项，或查询码不正确，请核对后重试。',
      });
    }
  });

  it('no bearer token: auth.tokenMissing in Chinese', async () => {
    const refused = await http.get('/petitions');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      code: 'unauthenticated',
      messageKey: 'auth.tokenMissing',
      message: '请先登录。',
    });
  });
});
